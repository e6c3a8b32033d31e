/** Test helpers: raw HTTP against the Zendesk sandbox (fetch), credentials, a controllable clock. */
import { startZendeskSandbox, type ZendeskSandbox, type ZendeskSandboxOptions } from '../../../src/sandbox/zendesk';

export interface RawResponse {
  status: number;
  headers: Headers;
  /** Parsed JSON when the response is JSON, else the text. */
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  text: string;
}

export function basic(email: string, token: string): string {
  return `Basic ${Buffer.from(`${email}/token:${token}`).toString('base64')}`;
}

export function adminAuth(sandbox: ZendeskSandbox): string {
  return basic(sandbox.adminEmail, sandbox.apiToken);
}

export async function call(
  sandbox: ZendeskSandbox,
  method: string,
  path: string,
  options: { auth?: string | null; body?: unknown; headers?: Record<string, string> } = {},
): Promise<RawResponse> {
  const headers: Record<string, string> = { ...options.headers };
  const auth = options.auth === undefined ? adminAuth(sandbox) : options.auth;
  if (auth) headers.Authorization = auth;
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  const url = /^https?:/.test(path) ? path : `${sandbox.url}${path}`;
  const response = await fetch(url, { method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) });
  const text = await response.text();
  let body: unknown = text;
  if ((response.headers.get('content-type') ?? '').includes('application/json') && text !== '') body = JSON.parse(text);
  return { status: response.status, headers: response.headers, body, text };
}

/** A clock the test moves by hand. */
export class ManualClock {
  constructor(public time = Date.parse('2026-11-01T12:00:00Z')) {}
  readonly now = (): number => this.time;
  advance(ms: number): void {
    this.time += ms;
  }
}

/** Starts a sandbox and registers its close with mocha's after hook of the current suite. */
export function useSandbox(options: ZendeskSandboxOptions | (() => ZendeskSandboxOptions) = {}): { readonly sandbox: ZendeskSandbox } {
  const holder: { sandbox?: ZendeskSandbox } = {};
  before(async () => {
    holder.sandbox = await startZendeskSandbox(typeof options === 'function' ? options() : options);
  });
  beforeEach(() => holder.sandbox!.reset());
  after(async () => {
    await holder.sandbox?.close();
  });
  return {
    get sandbox(): ZendeskSandbox {
      return holder.sandbox!;
    },
  };
}

export async function oauthToken(sandbox: ZendeskSandbox, extra: Record<string, unknown> = {}): Promise<RawResponse> {
  return call(sandbox, 'POST', '/oauth/tokens', {
    auth: null,
    body: { grant_type: 'client_credentials', client_id: sandbox.oauthClientId, client_secret: sandbox.oauthClientSecret, ...extra },
  });
}

export function userIdByEmail(sandbox: ZendeskSandbox, email: string): number {
  const stored = [...sandbox.state.users.values()].find((s) => s.user.email === email);
  if (!stored) throw new Error(`no user ${email}`);
  return stored.user.id;
}

export function firstUserWithRole(sandbox: ZendeskSandbox, role: string, extra: (u: { suspended: boolean; active: boolean; custom_role_id: number | null }) => boolean = () => true) {
  const stored = [...sandbox.state.users.values()].find((s) => s.user.role === role && s.user.active && !s.user.suspended && s.user.email && extra(s.user));
  if (!stored) throw new Error(`no ${role}`);
  return stored.user;
}
