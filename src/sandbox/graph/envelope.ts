/**
 * Graph's response envelope (graph-api.md §0, §8.1): OData JSON headers on every response, and errors always shaped
 * `{"error":{"code","message","innerError":{"date","request-id","client-request-id"}}}`.
 */

export const ODATA_JSON = 'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';

export interface ApiResponse {
  status: number;
  headers: Record<string, string>;
  /** JSON body (undefined for 204). */
  body?: unknown;
  /** Plain-text body (`/$count`), sent instead of `body`. */
  text?: string;
}

/** Thrown by route handlers; the dispatcher renders it as a Graph error body. */
export class GraphError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'GraphError';
  }
}

/** `innerError.date`: no zone, no fraction (`2021-12-09T17:41:54`). */
export function innerErrorDate(ms: number = Date.now()): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, '');
}

export function errorBody(code: string, message: string, requestId: string, clientRequestId: string | undefined): Record<string, unknown> {
  return {
    error: {
      code,
      message,
      innerError: { date: innerErrorDate(), 'request-id': requestId, 'client-request-id': clientRequestId ?? requestId },
    },
  };
}

/** The documented advanced-query error (§7) for an operator or feature used without `ConsistencyLevel` + `$count`. */
export function advancedQueryRequired(what: string): GraphError {
  return new GraphError(
    400,
    'Request_UnsupportedQuery',
    `Operator '${what}' is not supported because the required parameters might be missing. Try adding $count=true query parameter and ConsistencyLevel:eventual header. Refer to https://aka.ms/graph-docs/advanced-queries for more information`,
  );
}

export function notFound(id: string): GraphError {
  return new GraphError(404, 'Request_ResourceNotFound', `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`);
}

export function segmentNotFound(segment: string): GraphError {
  return new GraphError(400, 'BadRequest', `Resource not found for the segment '${segment}'.`);
}

export function badRequest(message: string): GraphError {
  return new GraphError(400, 'Request_BadRequest', message);
}
