/**
 * Who is calling (reference §2): OAuth Bearer tokens from `POST /oauth/tokens` (client_credentials, expiring), legacy
 * `{email}/token:{api_token}` Basic, the token-access switch, the token retirement scenario, and anonymous callers
 * (which `GET /users/me` answers with the anonymous user and every other endpoint with 401).
 */
import { randomBytes } from 'node:crypto';
import { ApiError, couldNotAuthenticate, forbidden, invalidToken } from './errors';
import type { ZendeskUser } from './model';
import type { ZendeskState } from './state';

export interface UserActor {
  readonly kind: 'user';
  readonly user: ZendeskUser;
  readonly via: 'api_token' | 'oauth';
  /** OAuth scopes; null for API tokens (full access of the user). */
  readonly scopes: readonly string[] | null;
  /** An OAuth token issued for an invalid scope: every call answers 403 (reference §2.1). */
  readonly invalidScope: boolean;
}

export type Actor = UserActor | { readonly kind: 'anonymous' };

const ANONYMOUS: Actor = { kind: 'anonymous' };

/**
 * Resolves the caller. Returns an actor (possibly anonymous) or throws the 401 that applies even to `users/me`.
 * §14 choice: a wrong API token gets 401 (2026 behaviour) unless `legacy_anonymous_on_bad_token`; no credentials and
 * e-mail:password (removed 2025-12-31) are anonymous.
 */
export function authenticate(authorization: string | undefined, state: ZendeskState): Actor {
  if (!authorization) return ANONYMOUS;
  const [scheme, ...rest] = authorization.trim().split(/\s+/);
  const credentials = rest.join(' ');
  if (/^bearer$/i.test(scheme ?? '')) {
    const token = state.oauthTokens.get(credentials);
    if (!token || token.expiresAt <= state.now()) throw invalidToken();
    const stored = state.liveUser(token.userId);
    if (!stored || stored.user.suspended) throw invalidToken();
    return { kind: 'user', user: stored.user, via: 'oauth', scopes: token.scopes, invalidScope: !token.scopes.every(isKnownScope) };
  }
  if (!/^basic$/i.test(scheme ?? '')) return ANONYMOUS;
  const decoded = Buffer.from(credentials, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return ANONYMOUS;
  const username = decoded.slice(0, colon);
  const secret = decoded.slice(colon + 1);
  if (!username.endsWith('/token')) return ANONYMOUS; // password auth was removed on 2025-12-31
  const { account } = state;
  if (account.tokens_retired) throw couldNotAuthenticate();
  // "When disabled, tokens and passwords won't work, making access anonymous" (reference §2.3).
  if (!account.api_token_access) return ANONYMOUS;
  const email = username.slice(0, -'/token'.length);
  const tokenOk = state.apiTokens.some((token) => token.active && token.token === secret);
  const stored = state.findByEmail(email);
  const user = stored && stored.deletedAt === undefined && !stored.user.suspended ? stored.user : undefined;
  if (!tokenOk || !user) {
    if (account.legacy_anonymous_on_bad_token) return ANONYMOUS;
    throw couldNotAuthenticate();
  }
  return { kind: 'user', user, via: 'api_token', scopes: null, invalidScope: false };
}

const SCOPE_RESOURCES = ['users', 'groups', 'organizations', 'tickets', 'hc', 'apps', 'triggers', 'automations', 'targets', 'webhooks', 'macros', 'requests', 'satisfaction_ratings', 'dynamic_content', 'any_channel', 'web_widget', 'zis'];

function isKnownScope(scope: string): boolean {
  if (scope === 'read' || scope === 'write' || scope === 'impersonate') return true;
  const [resource, access] = scope.split(':');
  return access !== undefined && (access === 'read' || access === 'write') && SCOPE_RESOURCES.includes(resource ?? '');
}

/** 403 unless the OAuth token's scopes allow this access (`read`/`write` or `<resource>:read|write`). */
export function checkScope(actor: UserActor, resource: string, write: boolean): void {
  if (actor.invalidScope) throw forbidden();
  if (actor.scopes === null) return;
  const access = write ? 'write' : 'read';
  if (actor.scopes.includes(access) || actor.scopes.includes(`${resource}:${access}`)) return;
  throw forbidden();
}

export interface TokenRequestOptions {
  /** Default access-token lifetime, in real milliseconds. */
  readonly defaultLifetimeMs: number;
  /** Real ms per Zendesk second (1000 / timeScale) to convert a requested `expires_in`. */
  readonly msPerZendeskSecond: number;
}

/**
 * `POST /oauth/tokens` with `grant_type=client_credentials` (JSON or form body; client credentials in the body or as
 * HTTP Basic). `expires_in` must be > 300 and < 172800 (reference §2.1). `expires_in` in the response is in real
 * seconds (see rate-limits.ts on compressed time).
 */
export function issueToken(body: unknown, authorization: string | undefined, state: ZendeskState, options: TokenRequestOptions): Record<string, unknown> {
  const params = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  let clientId = typeof params.client_id === 'string' ? params.client_id : undefined;
  let clientSecret = typeof params.client_secret === 'string' ? params.client_secret : undefined;
  if (authorization && /^basic\s/i.test(authorization) && !clientId) {
    const decoded = Buffer.from(authorization.trim().split(/\s+/)[1] ?? '', 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon > 0) {
      clientId = decodeURIComponent(decoded.slice(0, colon));
      clientSecret = decodeURIComponent(decoded.slice(colon + 1));
    }
  }
  const grantType = params.grant_type;
  if (grantType !== 'client_credentials') {
    throw new ApiError(400, {
      error: 'unsupported_grant_type',
      error_description: `The authorization grant type ${grantType === undefined ? '(missing)' : JSON.stringify(grantType)} is not supported by this sandbox; use "client_credentials".`,
    });
  }
  const client = state.oauthClients.find((candidate) => candidate.identifier === clientId);
  if (!client || client.secret !== clientSecret) {
    throw new ApiError(401, {
      error: 'invalid_client',
      error_description: 'Client authentication failed due to unknown client, no client authentication included, or unsupported authentication method.',
    });
  }
  let lifetimeMs = options.defaultLifetimeMs;
  if (params.expires_in !== undefined) {
    const requested = Number(params.expires_in);
    if (!Number.isFinite(requested) || requested <= 300 || requested >= 172_800) {
      throw new ApiError(400, { error: 'invalid_request', error_description: 'expires_in must be greater than 300 and less than 172800 seconds.' });
    }
    lifetimeMs = requested * options.msPerZendeskSecond;
  }
  const scope = typeof params.scope === 'string' && params.scope.trim() !== '' ? params.scope.trim() : 'read write';
  const accessToken = randomBytes(32).toString('hex');
  state.oauthTokens.set(accessToken, { userId: client.user_id ?? state.ownerId, scopes: scope.split(/\s+/), expiresAt: state.now() + lifetimeMs });
  return { access_token: accessToken, token_type: 'bearer', scope, expires_in: Math.max(1, Math.round(lifetimeMs / 1000)) };
}
