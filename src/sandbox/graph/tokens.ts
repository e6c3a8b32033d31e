/**
 * The sandbox's identity side (graph-api.md §10.3): OIDC metadata, the v2 token endpoint for client credentials, and
 * the fake access tokens the Graph side checks.
 *
 * Choice: tokens are JWTs signed HS256 with a per-start random key (the reference allows unsigned or RS256; signing
 * lets the emulator reject tampered or foreign tokens with 401 instead of trusting any claim set). Claims follow the
 * reference: `aud` https://graph.microsoft.com, `iss` https://sts.windows.net/{tid}/, `tid`, `oid`, `appid`,
 * `iat`/`nbf`/`exp`, and `roles` (application permissions) or `scp` (delegated, space separated).
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export interface TokenClaims {
  readonly aud: string;
  readonly iss: string;
  readonly tid: string;
  readonly oid: string;
  readonly appid: string;
  readonly iat: number;
  readonly nbf: number;
  readonly exp: number;
  readonly roles?: readonly string[];
  readonly scp?: string;
}

export const GRAPH_AUDIENCE = 'https://graph.microsoft.com';
export const ACCESS_TOKEN_LIFETIME_SECONDS = 3599;

export type TokenCheck = { readonly ok: true; readonly claims: TokenClaims } | { readonly ok: false; readonly message: string };

export class TokenIssuer {
  private readonly key = randomBytes(32);

  constructor(readonly tenantId: string) {}

  issue(options: { appId: string; objectId: string; roles?: readonly string[]; scp?: string; lifetimeSeconds?: number; nowSeconds?: number }): string {
    const now = options.nowSeconds ?? Math.floor(Date.now() / 1000);
    const claims: TokenClaims = {
      aud: GRAPH_AUDIENCE,
      iss: `https://sts.windows.net/${this.tenantId}/`,
      tid: this.tenantId,
      oid: options.objectId,
      appid: options.appId,
      iat: now,
      nbf: now,
      exp: now + (options.lifetimeSeconds ?? ACCESS_TOKEN_LIFETIME_SECONDS),
      ...(options.roles ? { roles: [...options.roles] } : {}),
      ...(options.scp !== undefined ? { scp: options.scp } : {}),
    };
    const header = Buffer.from(JSON.stringify({ typ: 'JWT', alg: 'HS256' })).toString('base64url');
    const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
    return `${header}.${payload}.${this.sign(`${header}.${payload}`)}`;
  }

  /** Checks signature, audience, tenant and lifetime; the messages are Graph's 401 texts. */
  verify(token: string, nowSeconds: number = Math.floor(Date.now() / 1000)): TokenCheck {
    const parts = token.split('.');
    if (parts.length !== 3) return { ok: false, message: 'IDX14100: JWT is not well formed, there are no dots (.).' };
    const expected = Buffer.from(this.sign(`${parts[0]}.${parts[1]}`));
    const actual = Buffer.from(parts[2]!);
    if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) {
      return { ok: false, message: 'Access token validation failure. Invalid audience or signature.' };
    }
    let claims: TokenClaims;
    try {
      claims = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8')) as TokenClaims;
    } catch {
      return { ok: false, message: 'IDX14102: Unable to decode the payload as Base64Url encoded string.' };
    }
    if (claims.aud !== GRAPH_AUDIENCE && claims.aud !== `${GRAPH_AUDIENCE}/`) return { ok: false, message: 'Access token validation failure. Invalid audience.' };
    if (claims.tid !== this.tenantId) return { ok: false, message: 'Access token validation failure. Invalid tenant.' };
    if (nowSeconds < claims.nbf || nowSeconds >= claims.exp) return { ok: false, message: 'Access token has expired or is not yet valid.' };
    return { ok: true, claims };
  }

  private sign(data: string): string {
    return createHmac('sha256', this.key).update(data).digest('base64url');
  }
}

/** The OIDC discovery document MSAL reads before asking for a token (graph-api.md §10.3 item 3). */
export function openIdConfiguration(origin: string, tenantId: string): Record<string, unknown> {
  const base = `${origin}/${tenantId}`;
  return {
    issuer: `${base}/v2.0`,
    authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
    token_endpoint: `${base}/oauth2/v2.0/token`,
    device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
    end_session_endpoint: `${base}/oauth2/v2.0/logout`,
    jwks_uri: `${base}/discovery/v2.0/keys`,
    response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
    scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
    subject_types_supported: ['pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
    token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
    tenant_region_scope: 'NA',
    cloud_instance_name: 'microsoftonline.com',
  };
}

export interface OAuthErrorBody {
  readonly error: string;
  readonly error_description: string;
  readonly error_codes: readonly number[];
  readonly timestamp: string;
  readonly trace_id: string;
  readonly correlation_id: string;
}

export function oauthError(error: string, code: number, description: string, correlationId: string): OAuthErrorBody {
  const timestamp = new Date().toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
  return {
    error,
    error_description: `AADSTS${code}: ${description} Trace ID: ${correlationId} Correlation ID: ${correlationId} Timestamp: ${timestamp}`,
    error_codes: [code],
    timestamp,
    trace_id: correlationId,
    correlation_id: correlationId,
  };
}
