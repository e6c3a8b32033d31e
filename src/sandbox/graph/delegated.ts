/**
 * Delegated sign-in for the sandbox: the OAuth device authorization grant (what `DeviceCodeCredential` and the CLI's
 * `--device-code` use) and refresh tokens, so delegated credentials can be exercised end to end.
 *
 * Choices: the sandbox app registration allows public-client flows; a device code is approved at once by the
 * sandbox's signed-in admin (the first seeded user, or a built-in "Sandbox Admin"), and admin consent is assumed, so
 * the access token's `scp` holds exactly the Graph permissions requested (OIDC scopes excluded). Responses carry what
 * MSAL reads for user flows: `id_token` (unsigned: `alg: none`, MSAL only decodes it), `client_info`
 * (`{uid, utid}` base64url), `refresh_token` and `scope`.
 */
import { randomBytes } from 'node:crypto';
import type { Directory } from './directory';
import { oauthError, type OAuthErrorBody, type TokenIssuer } from './tokens';

const OIDC_SCOPES = new Set(['openid', 'profile', 'email', 'offline_access']);
const GRAPH_PREFIXES = ['https://graph.microsoft.com/', '00000003-0000-0000-c000-000000000000/'];
export const DEVICE_CODE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';

export interface FlowResult {
  readonly status: number;
  readonly body: Record<string, unknown> | OAuthErrorBody;
}

interface Grant {
  readonly permissions: string[];
  readonly scope: string;
  readonly expiresAt: number;
}

export class DelegatedFlows {
  private readonly deviceCodes = new Map<string, Grant>();
  private readonly refreshTokens = new Map<string, Grant>();

  constructor(
    private readonly options: {
      readonly issuer: TokenIssuer;
      readonly directory: Directory;
      readonly clientId: string;
      readonly tenantId: string;
      readonly origin: () => string;
      readonly lifetimeSeconds: number;
    },
  ) {}

  /** `POST /{tenant}/oauth2/v2.0/devicecode`. */
  deviceCode(form: Record<string, string>, correlationId: string): FlowResult {
    const rejected = this.checkClient(form.client_id, correlationId);
    if (rejected) return rejected;
    const parsed = this.parseScopes(form.scope ?? '', correlationId);
    if ('status' in parsed) return parsed;
    const deviceCode = randomBytes(24).toString('base64url');
    const userCode = randomBytes(5).toString('hex').toUpperCase().slice(0, 9);
    this.deviceCodes.set(deviceCode, { ...parsed, expiresAt: Date.now() + 900_000 });
    const verificationUri = `${this.options.origin()}/devicelogin`;
    return {
      status: 200,
      body: {
        user_code: userCode,
        device_code: deviceCode,
        verification_uri: verificationUri,
        expires_in: 900,
        interval: 1,
        message: `To sign in, use a web browser to open the page ${verificationUri} and enter the code ${userCode} to authenticate. (The sandbox approves it automatically.)`,
      },
    };
  }

  /** Token endpoint grants this module owns; undefined for other grant types. */
  token(form: Record<string, string>, correlationId: string): FlowResult | undefined {
    // MSAL sends the short form `device_code`; RFC 8628 clients send the URN. Entra accepts both.
    if (form.grant_type === DEVICE_CODE_GRANT || form.grant_type === 'device_code') {
      const rejected = this.checkClient(form.client_id, correlationId);
      if (rejected) return rejected;
      const grant = this.deviceCodes.get(form.device_code ?? '');
      if (!grant || grant.expiresAt < Date.now()) {
        return { status: 400, body: oauthError('expired_token', 70020, 'The provided device code has expired or is unknown; request a new code.', correlationId) };
      }
      this.deviceCodes.delete(form.device_code!);
      return { status: 200, body: this.issue(grant) };
    }
    if (form.grant_type === 'refresh_token') {
      const rejected = this.checkClient(form.client_id, correlationId);
      if (rejected) return rejected;
      const grant = this.refreshTokens.get(form.refresh_token ?? '');
      if (!grant) return { status: 400, body: oauthError('invalid_grant', 9002313, 'Invalid request. The refresh token is malformed or not valid.', correlationId) };
      return { status: 200, body: this.issue(grant) };
    }
    return undefined;
  }

  private checkClient(clientId: string | undefined, correlationId: string): FlowResult | undefined {
    if (!clientId || clientId.toLowerCase() !== this.options.clientId) {
      return { status: 400, body: oauthError('unauthorized_client', 700016, `Application with identifier '${clientId ?? ''}' was not found in the directory '${this.options.tenantId}'.`, correlationId) };
    }
    return undefined;
  }

  private parseScopes(scope: string, correlationId: string): Omit<Grant, 'expiresAt'> | FlowResult {
    const requested = scope.split(' ').filter((s) => s !== '');
    const permissions: string[] = [];
    for (const item of requested) {
      if (OIDC_SCOPES.has(item)) continue;
      const prefix = GRAPH_PREFIXES.find((p) => item.toLowerCase().startsWith(p));
      const name = prefix ? item.slice(prefix.length) : item;
      if (name === '.default') {
        return { status: 400, body: oauthError('invalid_scope', 70011, 'The sandbox grants delegated permissions by name; request e.g. https://graph.microsoft.com/User.Read.All instead of .default.', correlationId) };
      }
      if (!/^[A-Za-z]+(\.[A-Za-z]+)+$/.test(name)) {
        return { status: 400, body: oauthError('invalid_scope', 70011, `The provided value for the input parameter 'scope' is not valid. The scope '${item}' is not a Graph permission.`, correlationId) };
      }
      if (!permissions.includes(name)) permissions.push(name);
    }
    if (permissions.length === 0) permissions.push('User.Read');
    return { permissions, scope: permissions.map((p) => `https://graph.microsoft.com/${p}`).join(' ') };
  }

  private signedInUser(): { id: string; upn: string; name: string } {
    const first = this.options.directory.liveUsers()[0];
    if (first) return { id: first.id, upn: String(first.data.userPrincipalName), name: String(first.data.displayName ?? first.data.userPrincipalName) };
    return { id: '0c0c0c0c-0000-4000-8000-00000000a0a0', upn: 'sandbox.admin@sandbox.example', name: 'Sandbox Admin' };
  }

  private issue(grant: Omit<Grant, 'expiresAt'>): Record<string, unknown> {
    const user = this.signedInUser();
    const { tenantId, clientId, lifetimeSeconds } = this.options;
    const now = Math.floor(Date.now() / 1000);
    const accessToken = this.options.issuer.issue({ appId: clientId, objectId: user.id, scp: grant.permissions.join(' '), lifetimeSeconds });
    const idToken = [
      Buffer.from(JSON.stringify({ typ: 'JWT', alg: 'none' })).toString('base64url'),
      Buffer.from(
        JSON.stringify({
          aud: clientId,
          iss: `${this.options.origin()}/${tenantId}/v2.0`,
          iat: now,
          nbf: now,
          exp: now + lifetimeSeconds,
          name: user.name,
          oid: user.id,
          preferred_username: user.upn,
          sub: user.id,
          tid: tenantId,
          ver: '2.0',
        }),
      ).toString('base64url'),
      '',
    ].join('.');
    const refreshToken = randomBytes(32).toString('base64url');
    this.refreshTokens.set(refreshToken, { ...grant, expiresAt: Number.MAX_SAFE_INTEGER });
    return {
      token_type: 'Bearer',
      scope: grant.scope,
      expires_in: lifetimeSeconds,
      ext_expires_in: lifetimeSeconds,
      access_token: accessToken,
      refresh_token: refreshToken,
      id_token: idToken,
      client_info: Buffer.from(JSON.stringify({ uid: user.id, utid: tenantId })).toString('base64url'),
    };
  }
}
