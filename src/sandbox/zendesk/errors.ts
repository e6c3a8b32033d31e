/**
 * The exact error envelopes of the Support API (reference §3). Handlers throw {@link ApiError}; the server renders it.
 */

export class ApiError extends Error {
  constructor(
    readonly status: number,
    /** JSON body, or a string sent as text/plain (the account 429). */
    readonly body: unknown,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(`Zendesk sandbox ${status}: ${typeof body === 'string' ? body : JSON.stringify(body)}`);
  }
}

export interface FieldError {
  readonly field: string;
  /** `"Email: x is already being used by another user"` — the field's title, a colon, the message. */
  readonly description: string;
  readonly error: string;
}

export const notFound = (): ApiError => new ApiError(404, { error: 'RecordNotFound', description: 'Not found' });
export const invalidEndpoint = (): ApiError => new ApiError(404, { error: 'InvalidEndpoint', description: 'Not found' });

export const forbidden = (): ApiError =>
  new ApiError(403, {
    error: {
      title: 'Forbidden',
      message: 'You do not have access to this page. Please contact the account owner of this help desk for further help.',
    },
  });

export const couldNotAuthenticate = (): ApiError =>
  new ApiError(401, { error: "Couldn't authenticate you" }, { 'WWW-Authenticate': 'Basic realm="Web Password"' });

export const invalidToken = (): ApiError =>
  new ApiError(
    401,
    {
      error: 'invalid_token',
      error_description: 'The access token provided is expired, revoked, malformed or invalid for other reasons.',
    },
    {
      'WWW-Authenticate':
        'Bearer realm="Zendesk::OAuth Bearer Token Authentication", error="invalid_token", error_description="The access token provided is expired, revoked, malformed or invalid for other reasons."',
    },
  );

export const recordInvalid = (errors: readonly FieldError[]): ApiError => {
  const details: Record<string, Array<{ description: string; error: string }>> = {};
  for (const { field, description, error } of errors) (details[field] ??= []).push({ description, error });
  return new ApiError(422, { error: 'RecordInvalid', description: 'Record validation errors', details });
};

export const parameterMissing = (name: string): ApiError =>
  new ApiError(400, { error: 'ParameterMissing', description: `Parameter ${name} is required` });

export const tooManyValues = (description: string): ApiError => new ApiError(400, { error: 'TooManyValues', description });

export const invalidPageSize = (path: string): ApiError =>
  new ApiError(400, {
    error: {
      title: 'Invalid attribute',
      message: `You passed an invalid value for the page.size attribute. Invalid parameter: page.size must be an integer from api/v2/${path}/index`,
    },
  });

export const invalidPaginationDepth = (): ApiError =>
  new ApiError(400, {
    errors: [
      {
        code: 'InvalidPaginationDepth',
        title: 'Invalid pagination depth',
        detail: 'Offset pagination is limited to the first 10,000 records (100 pages of 100). Use cursor pagination (page[size]).',
      },
    ],
  });
