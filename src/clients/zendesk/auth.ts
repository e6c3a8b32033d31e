/**
 * Zendesk credentials → an {@link AuthHook} for the shared HTTP layer.
 * - OAuth `client_credentials` (primary path, reference §2.1 Choice): the access token is cached until
 *   `expires_in − margin` and fetched again once on a 401 `invalid_token`; concurrent callers share one fetch.
 * - API token (legacy path; retired 2027-04-30): `Basic base64("{email}/token:{token}")`.
 * - A ready-made bearer token (tests, tokens obtained elsewhere).
 */
import { abortable, type AuthHook, type HttpClient } from '../http';

export type ZendeskCredentials =
  | { readonly kind: 'oauth'; readonly clientId: string; readonly clientSecret: string; readonly scope?: string }
  | { readonly kind: 'apiToken'; readonly email: string; readonly token: string }
  | { readonly kind: 'bearer'; readonly accessToken: string };

/** The retirement dates shown with the legacy API-token path (reference §2.2). */
export const API_TOKEN_RETIREMENT_WARNING =
  'Zendesk API tokens are being retired: from 2026-10-27 no account can create new tokens, and on 2027-04-30 every token stops working. Switch to an OAuth client (client_credentials).';

export class ZendeskAuth implements AuthHook {
  private token: { value: string; expiresAt: number } | undefined;
  private pending: Promise<string> | undefined;

  constructor(
    private readonly credentials: ZendeskCredentials,
    /** `https://acme.zendesk.com/oauth/tokens` */
    private readonly tokenUrl: string,
    private readonly http: () => HttpClient,
    private readonly now: () => number = Date.now,
  ) {}

  async headers(signal?: AbortSignal): Promise<Record<string, string>> {
    const credentials = this.credentials;
    switch (credentials.kind) {
      case 'apiToken':
        return { Authorization: `Basic ${Buffer.from(`${credentials.email}/token:${credentials.token}`).toString('base64')}` };
      case 'bearer':
        return { Authorization: `Bearer ${credentials.accessToken}` };
      case 'oauth':
        return { Authorization: `Bearer ${await this.accessToken(signal)}` };
    }
  }

  /** After a 401: only an OAuth client can get a new token; then the call is retried once. */
  async refresh(signal?: AbortSignal): Promise<boolean> {
    if (this.credentials.kind !== 'oauth') return false;
    this.token = undefined;
    await this.accessToken(signal);
    return true;
  }

  private async accessToken(signal?: AbortSignal): Promise<string> {
    if (this.token && this.token.expiresAt > this.now()) return this.token.value;
    // One fetch shared by every caller; it is not tied to any caller's signal, so one caller giving up does not fail
    // the others — each stops waiting on its own signal.
    this.pending ??= this.fetchToken().finally(() => {
      this.pending = undefined;
    });
    return abortable(this.pending, signal);
  }

  private async fetchToken(): Promise<string> {
    if (this.credentials.kind !== 'oauth') throw new Error('not an OAuth client');
    const { clientId, clientSecret, scope } = this.credentials;
    const response = await this.http().request<{ access_token?: string; expires_in?: number }>({
      method: 'POST',
      path: this.tokenUrl,
      body: { grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret, scope: scope ?? 'read write' },
      anonymous: true,
      // Asking for a token twice is harmless.
      retrySafe: true,
    });
    const accessToken = response.data.access_token;
    if (typeof accessToken !== 'string' || accessToken === '') {
      throw new Error(`Zendesk answered POST /oauth/tokens without an access_token; check the OAuth client "${clientId}".`);
    }
    // Without expires_in the token does not expire; otherwise refresh a little early: 60 s, or 10% for short lifetimes.
    const expiresIn = typeof response.data.expires_in === 'number' ? response.data.expires_in : undefined;
    const lifetimeMs = expiresIn === undefined ? Number.POSITIVE_INFINITY : expiresIn * 1000 - Math.min(60_000, expiresIn * 100);
    this.token = { value: accessToken, expiresAt: this.now() + lifetimeMs };
    return accessToken;
  }
}
