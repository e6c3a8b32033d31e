/**
 * The Microsoft Graph sandbox: one HTTPS origin on 127.0.0.1 serving
 * - the identity side MSAL/@azure/identity talks to: `/{tenant}/v2.0/.well-known/openid-configuration`,
 *   `/{tenant}/oauth2/v2.0/token` (client credentials with a secret, Basic or client assertion; device code and
 *   refresh token — delegated.ts), `/{tenant}/oauth2/v2.0/devicecode`, `/{tenant}/discovery/v2.0/keys`, instance
 *   discovery metadata;
 * - Graph `/v1.0/…` (graph-api.ts) behind a Bearer check, with seeded fault injection (429 + Retry-After, 500, 503,
 *   connection resets, latency);
 * - the control API `/__sandbox/…` (no auth; loopback only): seed load/reset, dump, request counts, faults, token
 *   minting, delta invalidation, and admin actions that feed delta.
 *
 * HTTPS is required, not a nicety: MSAL refuses non-https authorities and the official Graph JS client strips the
 * Authorization header from non-https URLs (graph-api.md §10.3). The certificate is generated at start by
 * `selfsigned` (SAN 127.0.0.1 and localhost) and written to `caCertPath` for clients to trust (`ca` on an
 * https.Agent, or NODE_EXTRA_CA_CERTS for a child process).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as https from 'node:https';
import type * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { generate } from 'selfsigned';
import { FaultInjector, type FaultSettings } from '../shared/faults';
import { BodyError, closeServer, listenLocal, readBody } from '../shared/http-helpers';
import { DelegatedFlows } from './delegated';
import { Directory, DirectoryError, type Json } from './directory';
import { errorBody, GraphError, ODATA_JSON, type ApiResponse } from './envelope';
import { GraphApi } from './graph-api';
import { loadDemoSeed } from './seeds';
import { SeedError, type GraphSeed } from './seed';
import { SynchronizationService, type SynchronizationOptions } from './synchronization';
import { ResourceUnitBucket, resourceUnitCost, tierLimit, type ThrottleLimit } from './throttle';
import { oauthError, openIdConfiguration, TokenIssuer, type TokenClaims } from './tokens';

export interface GraphSandboxOptions {
  /** Port on 127.0.0.1 (default 0: a random free port). */
  readonly port?: number;
  /** Seed object in Graph shapes (default: the demo tenant). */
  readonly seed?: GraphSeed | unknown;
  readonly tenantId?: string;
  /** The app registration the sandbox always adds, whose credentials the printed line shows. */
  readonly clientId?: string;
  /** Default: random per start. */
  readonly clientSecret?: string;
  /** Application permissions granted to the app registration (the token's `roles`). */
  readonly appPermissions?: readonly string[];
  /** Objects per delta page (default 100). */
  readonly deltaPageSize?: number;
  readonly faults?: Partial<FaultSettings>;
  /** Lifetime of issued access tokens in seconds (default 3599). */
  readonly tokenLifetimeSeconds?: number;
  /**
   * Resource units per 10 s for this app + tenant (graph-api.md §8.2): `auto` (default) sizes it by tenant
   * (3,500 / 5,000 / 8,000), a number sets it, `off` disables the bucket (injected faults still apply).
   */
  readonly throttle?: ThrottleLimit;
  /** The synchronization API (jobs, on demand, logs): which Zendesk sandbox it provisions to (synchronization.ts). */
  readonly synchronization?: SynchronizationOptions;
}

/** What the CLI prints and clients need to connect. */
export interface GraphSandboxInfo {
  /** `https://127.0.0.1:port` — the base before `/v1.0`. */
  readonly url: string;
  readonly tenantId: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** Same origin as `url`; pass as `authorityHost` with `disableInstanceDiscovery: true`. */
  readonly authorityHost: string;
  readonly caCertPath: string;
}

export interface GraphSandbox extends GraphSandboxInfo {
  /** `url + '/v1.0'`. */
  readonly graphBaseUrl: string;
  /** The CA certificate (PEM) — pass as `ca` to an https.Agent. */
  readonly ca: string;
  /** The live directory; its methods are the admin actions (they feed delta). */
  readonly directory: Directory;
  readonly faults: FaultInjector;
  /** The synchronization API's state: Zendesk target, `idle()` after start/restart, logs, quarantine injection. */
  readonly synchronization: SynchronizationService;
  info(): GraphSandboxInfo;
  /** Graph API requests seen (token/control calls excluded), per route (`GET /users`) and in total. */
  requestCounts(): { total: number; byRoute: Record<string, number>; tokensIssued: number };
  resetRequestCounts(): void;
  /** A valid access token with the given claims (for permission tests); default: the app's permissions. */
  mintToken(options?: { roles?: readonly string[]; scp?: string; lifetimeSeconds?: number }): string;
  /** Changes the resource-unit limit (see {@link GraphSandboxOptions.throttle}); the bucket restarts full. */
  setThrottle(limit: ThrottleLimit): void;
  close(): Promise<void>;
}

export const DEFAULT_TENANT_ID = '11111111-2222-3333-4444-555555555555';
export const DEFAULT_CLIENT_ID = '5c0a3e7e-9d2f-4c1b-8f6a-2a1d3c4b5e6f';
/** Object id of the sandbox app registration's service principal. */
const CLIENT_SP_ID = '0c7e6f1d-1b2a-4c3d-9e8f-7a6b5c4d3e2f';
/** Least-privilege application permissions for everything this project does (graph-api.md §10.5, §11). */
export const DEFAULT_APP_PERMISSIONS = [
  'Application.Read.All',
  'User.Read.All',
  'GroupMember.Read.All',
  'AppRoleAssignment.ReadWrite.All',
  'Application.ReadWrite.OwnedBy',
  'AuditLog.Read.All',
];

export async function startGraphSandbox(options: GraphSandboxOptions = {}): Promise<GraphSandbox> {
  const tenantId = (options.tenantId ?? DEFAULT_TENANT_ID).toLowerCase();
  const clientId = (options.clientId ?? DEFAULT_CLIENT_ID).toLowerCase();
  const clientSecret = options.clientSecret ?? `sbx~${randomBytes(24).toString('base64url')}`;
  const appPermissions = [...(options.appPermissions ?? DEFAULT_APP_PERMISSIONS)];
  const initialSeed = options.seed ?? loadDemoSeed();
  const directory = new Directory();
  const addAppRegistration = (): void => {
    directory.ensureServicePrincipal({ id: CLIENT_SP_ID, appId: clientId, displayName: 'Entra Zendesk Provisioning (sandbox)', appRoles: [], tags: [], appRoleAssignmentRequired: false });
  };
  directory.load(initialSeed);
  addAppRegistration();
  const faults = new FaultInjector(options.faults);
  const issuer = new TokenIssuer(tenantId);
  const counts = { total: 0, byRoute: {} as Record<string, number>, tokensIssued: 0 };
  let throttleLimit: ThrottleLimit = options.throttle ?? 'auto';
  const newBucket = (): ResourceUnitBucket | undefined =>
    throttleLimit === 'off' ? undefined : new ResourceUnitBucket(() => (throttleLimit === 'auto' ? tierLimit(directory.users.size) : (throttleLimit as number)));
  const validateThrottle = (limit: unknown): ThrottleLimit => {
    if (limit === 'auto' || limit === 'off' || (typeof limit === 'number' && Number.isFinite(limit) && limit > 0)) return limit;
    throw new RangeError(`throttle must be "auto", "off" or a number of resource units per 10 s > 0, got ${JSON.stringify(limit)}`);
  };
  validateThrottle(throttleLimit);
  let bucket = newBucket();

  const pems = await generate([{ name: 'commonName', value: '127.0.0.1' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate: new Date(Date.now() - 60_000),
    notAfterDate: new Date(Date.now() + 30 * 24 * 3600 * 1000),
    extensions: [
      { name: 'basicConstraints', cA: true },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, keyCertSign: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }, { type: 2, value: 'localhost' }] },
    ],
  });
  const certDir = fs.mkdtempSync(path.join(os.tmpdir(), 'entra-zendesk-graph-sandbox-'));
  const caCertPath = path.join(certDir, 'ca.pem');
  fs.writeFileSync(caCertPath, pems.cert);

  let origin = '';
  const delegated = new DelegatedFlows({ issuer, directory, clientId, tenantId, origin: () => origin, lifetimeSeconds: options.tokenLifetimeSeconds ?? 3599 });
  const api = new GraphApi(directory, {
    // The port is known only after listen(); links are built per request, so read it lazily.
    get origin() {
      return origin;
    },
    deltaPageSize: options.deltaPageSize ?? 100,
    onRoute: (route) => {
      counts.byRoute[route] = (counts.byRoute[route] ?? 0) + 1;
    },
    // Sub-requests draw their own fault; only throttling makes sense inside a batch answer.
    subRequestFault: () => {
      const decision = faults.decide();
      return decision.kind === '429' ? faultError('429') : undefined;
    },
  });
  const synchronization = new SynchronizationService(directory, { tenantId, origin: () => origin, ca: pems.cert, mintToken: () => sandbox.mintToken() }, options.synchronization);
  const server = https.createServer({ key: pems.private, cert: pems.cert }, (req, res) => {
    void handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) send(res, 500, { 'Content-Type': ODATA_JSON }, errorBody('generalException', (error as Error).message, randomUUID(), undefined));
    });
  });

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', origin);
    const segments = url.pathname.split('/').filter((s) => s !== '');
    let body: unknown;
    try {
      body = await readBody(req);
    } catch (error) {
      if (error instanceof BodyError) return send(res, 400, { 'Content-Type': ODATA_JSON }, errorBody('BadRequest', error.message, randomUUID(), undefined));
      throw error;
    }
    const headers = lowerHeaders(req.headers);
    if (segments[0] === '__sandbox') return control(req.method ?? 'GET', segments.slice(1), body, res);
    if (segments[0] === 'v1.0' || segments[0] === 'beta') return graph(req, res, url, segments, headers, body);
    return identity(req.method ?? 'GET', segments, url, headers, body, res);
  };

  // ---- Graph ---------------------------------------------------------------------------------------------------

  const graph = async (req: http.IncomingMessage, res: http.ServerResponse, url: URL, segments: string[], headers: Record<string, string>, body: unknown): Promise<void> => {
    counts.total += 1;
    const requestId = randomUUID();
    const clientRequestId = headers['client-request-id'];
    const envelope = { 'request-id': requestId, 'client-request-id': clientRequestId ?? requestId, 'Content-Type': ODATA_JSON };
    const decision = faults.decide();
    if (decision.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, decision.latencyMs));
    if (decision.kind === 'reset') {
      req.socket.destroy();
      return;
    }
    const fault = faultError(decision.kind);
    if (fault) return send(res, fault.status, { ...envelope, ...fault.headers }, errorBody(fault.code, fault.message, requestId, clientRequestId));
    if (segments[0] === 'beta') {
      return send(res, 400, envelope, errorBody('BadRequest', "Resource not found for the segment 'beta'. The sandbox serves /v1.0 (the synchronization API arrives with the engine).", requestId, clientRequestId));
    }
    const authorization = headers['authorization'] ?? '';
    const bearer = /^Bearer\s+(.+)$/i.exec(authorization)?.[1]?.trim();
    if (!bearer) return send(res, 401, envelope, errorBody('InvalidAuthenticationToken', 'Access token is empty.', requestId, clientRequestId));
    const check = issuer.verify(bearer);
    if (!check.ok) return send(res, 401, { ...envelope, 'WWW-Authenticate': `Bearer realm="", authorization_uri="${origin}/${tenantId}/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"` }, errorBody('InvalidAuthenticationToken', check.message, requestId, clientRequestId));
    const relativeUrl = url.pathname.slice('/v1.0'.length) + url.search;
    const throttled = bucket?.take(resourceUnitCost(req.method ?? 'GET', relativeUrl, body));
    if (throttled && !throttled.allowed) {
      const retryAfter = String(throttled.retryAfterSeconds);
      return send(
        res,
        429,
        {
          ...envelope,
          'Retry-After': retryAfter,
          'x-ms-throttle-scope': `Tenant_Application/ReadWrite/${clientId}/${tenantId}`,
          'x-ms-throttle-information': 'ResourceUnitLimitExceeded',
          ...(throttled.limitPercentage ? { 'x-ms-throttle-limit-percentage': String(throttled.limitPercentage) } : {}),
        },
        errorBody('Request_ThrottledTemporarily', `Your request is throttled temporarily. Please try after ${retryAfter} seconds.`, requestId, clientRequestId),
      );
    }
    const apiRequest = { method: req.method ?? 'GET', url: relativeUrl, headers, body, claims: check.claims };
    const result = (await synchronization.handleSafely(apiRequest)) ?? api.handle(apiRequest);
    if (throttled?.limitPercentage) result.headers['x-ms-throttle-limit-percentage'] = String(throttled.limitPercentage);
    result.headers['request-id'] = requestId;
    result.headers['client-request-id'] = clientRequestId ?? requestId;
    // parseExpression answers 200 with `"error": null` in-band, so only a real error object gets the request id.
    if (result.body && typeof result.body === 'object' && typeof (result.body as Json).error === 'object' && (result.body as Json).error !== null) {
      const inner = ((result.body as { error: { innerError: Json } }).error.innerError ??= {});
      inner['request-id'] = requestId;
    }
    sendResponse(res, result);
  };

  /** Renders an injected fault in Graph's shapes (graph-api.md §8.1, §8.2). */
  const faultError = (kind: string): GraphError | undefined => {
    const retryAfter = String(faults.settings.retryAfterSeconds);
    switch (kind) {
      case '429':
        return new GraphError(429, 'Request_ThrottledTemporarily', `Your request is throttled temporarily. Please try after ${retryAfter} seconds.`, {
          'Retry-After': retryAfter,
          'x-ms-throttle-scope': `Tenant_Application/ReadWrite/${clientId}/${tenantId}`,
          'x-ms-throttle-information': 'ResourceUnitLimitExceeded',
        });
      case '500':
        return new GraphError(500, 'generalException', 'An unexpected error occurred (injected by the sandbox).');
      case '503':
        return new GraphError(503, 'serviceNotAvailable', 'The service is temporarily unavailable (injected by the sandbox).', { 'Retry-After': retryAfter });
      default:
        return undefined;
    }
  };

  // ---- identity ------------------------------------------------------------------------------------------------

  const identity = (method: string, segments: string[], url: URL, headers: Record<string, string>, body: unknown, res: http.ServerResponse): void => {
    const correlationId = randomUUID();
    const json = { 'Content-Type': 'application/json; charset=utf-8', 'client-request-id': headers['client-request-id'] ?? correlationId };
    const [tenant, ...rest] = segments;
    const route = rest.join('/');
    if (tenant && route === 'discovery/instance') {
      // Instance discovery (only used when disableInstanceDiscovery is false and the host is trusted).
      return send(res, 200, json, {
        tenant_discovery_endpoint: `${origin}/${tenantId}/v2.0/.well-known/openid-configuration`,
        'api-version': '1.1',
        metadata: [{ preferred_network: url.host, preferred_cache: url.host, aliases: [url.host] }],
      });
    }
    if (tenant && tenant.toLowerCase() !== tenantId && tenant !== 'organizations' && tenant !== 'common') {
      return send(res, 400, json, oauthError('invalid_request', 90002, `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`, correlationId));
    }
    if (method === 'GET' && (route === 'v2.0/.well-known/openid-configuration' || route === '.well-known/openid-configuration')) {
      return send(res, 200, json, openIdConfiguration(origin, tenantId));
    }
    if (method === 'GET' && route === 'discovery/v2.0/keys') return send(res, 200, json, { keys: [] });
    if (method === 'POST' && route === 'oauth2/v2.0/devicecode') {
      const result = delegated.deviceCode(formOf(body), correlationId);
      return send(res, result.status, json, result.body);
    }
    if (method === 'POST' && route === 'oauth2/v2.0/token') {
      const result = delegated.token(formOf(body), correlationId);
      if (result) {
        if (result.status === 200) counts.tokensIssued += 1;
        return send(res, result.status, { ...json, 'Cache-Control': 'no-store, no-cache' }, result.body);
      }
      return token(headers, body, json, correlationId, res);
    }
    return send(res, 404, json, oauthError('invalid_request', 900561, `The endpoint '${url.pathname}' is not served by the Graph sandbox.`, correlationId));
  };

  const token = (headers: Record<string, string>, rawBody: unknown, json: Record<string, string>, correlationId: string, res: http.ServerResponse): void => {
    const form = (rawBody && typeof rawBody === 'object' ? rawBody : {}) as Record<string, string>;
    let id = form.client_id;
    let secret = form.client_secret;
    const basic = /^Basic\s+(.+)$/i.exec(headers['authorization'] ?? '')?.[1];
    if (basic) {
      const [user, ...pass] = Buffer.from(basic, 'base64').toString('utf8').split(':');
      id = decodeURIComponent(user ?? '');
      secret = decodeURIComponent(pass.join(':'));
    }
    if (form.grant_type !== 'client_credentials') {
      return send(res, 400, json, oauthError('unsupported_grant_type', 70003, `The app requested an unsupported grant type '${form.grant_type ?? ''}'. The sandbox supports client_credentials.`, correlationId));
    }
    if (!id || id.toLowerCase() !== clientId) {
      return send(res, 400, json, oauthError('unauthorized_client', 700016, `Application with identifier '${id ?? ''}' was not found in the directory '${tenantId}'.`, correlationId));
    }
    if (secret !== undefined) {
      if (secret !== clientSecret) return send(res, 400, json, oauthError('invalid_client', 7000215, 'Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app \'' + clientId + '\'.', correlationId));
    } else if (form.client_assertion) {
      // Choice: a certificate credential's assertion is accepted when it is a JWT issued by and about this client
      // (the sandbox has no registered certificate to check the signature against).
      const claims = decodeJwtPayload(form.client_assertion);
      if (!claims || String(claims.iss).toLowerCase() !== clientId || String(claims.sub).toLowerCase() !== clientId) {
        return send(res, 400, json, oauthError('invalid_client', 700027, 'Client assertion failed signature validation or its iss/sub is not the client id.', correlationId));
      }
    } else {
      return send(res, 400, json, oauthError('invalid_client', 7000218, "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.", correlationId));
    }
    const scope = form.scope ?? '';
    const scopes = scope.split(' ').filter((s) => s !== '');
    if (!scopes.some((s) => /^https:\/\/graph\.microsoft\.com\/?\.default$/i.test(s) || s === '00000003-0000-0000-c000-000000000000/.default')) {
      return send(res, 400, json, oauthError('invalid_scope', 1002012, `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`, correlationId));
    }
    counts.tokensIssued += 1;
    const lifetime = options.tokenLifetimeSeconds ?? 3599;
    const accessToken = issuer.issue({ appId: clientId, objectId: CLIENT_SP_ID, roles: appPermissions, lifetimeSeconds: lifetime });
    return send(res, 200, { ...json, 'Cache-Control': 'no-store, no-cache' }, { token_type: 'Bearer', expires_in: lifetime, ext_expires_in: lifetime, access_token: accessToken });
  };

  // ---- control API ---------------------------------------------------------------------------------------------

  const control = (method: string, segments: string[], body: unknown, res: http.ServerResponse): void => {
    const json = { 'Content-Type': 'application/json; charset=utf-8' };
    const ok = (value: unknown, status = 200): void => send(res, status, json, value);
    const fail = (status: number, code: string, message: string): void => send(res, status, json, { error: { code, message } });
    const input = (body ?? {}) as Json;
    try {
      const route = `${method} ${segments.join('/')}`;
      switch (route) {
        case 'GET health':
          return ok({ ok: true, ...sandbox.info(), clientSecret: undefined });
        case 'GET dump':
          return ok(directory.dump());
        case 'POST seed':
          directory.load(body);
          addAppRegistration();
          return ok({ loaded: true, users: directory.users.size, groups: directory.groups.size });
        case 'POST reset':
          directory.load(initialSeed);
          addAppRegistration();
          return ok({ reset: true });
        case 'GET requests':
          return ok(sandbox.requestCounts());
        case 'DELETE requests':
          sandbox.resetRequestCounts();
          return ok({ reset: true });
        case 'GET faults':
          return ok(faults.settings);
        case 'PUT faults':
        case 'POST faults':
          faults.update(input as Partial<FaultSettings>);
          return ok(faults.settings);
        case 'POST tokens':
          return ok({ token_type: 'Bearer', access_token: sandbox.mintToken(input as { roles?: string[]; scp?: string; lifetimeSeconds?: number }) });
        case 'PUT throttle':
        case 'POST throttle':
          sandbox.setThrottle(input.limit as ThrottleLimit);
          return ok({ limit: throttleLimit });
        case 'POST delta/invalidate':
          directory.invalidateDeltaTokens();
          return ok({ invalidated: true });
        default:
          if (method === 'POST' && segments[0] === 'actions' && segments.length === 2) return ok(adminAction(segments[1]!, input));
          return fail(404, 'NotFound', `Unknown control route '${route}'. See src/sandbox/graph/server.ts for the list.`);
      }
    } catch (error) {
      if (error instanceof DirectoryError) return fail(error.status, 'InvalidAction', error.message);
      if (error instanceof SeedError || error instanceof RangeError) return fail(400, 'InvalidInput', error.message);
      throw error;
    }
  };

  /** Admin actions as the portal would do them; each one appears in the next delta round where Graph shows it. */
  const adminAction = (name: string, input: Json): unknown => {
    const str = (key: string): string => {
      const value = input[key];
      if (typeof value !== 'string' || value === '') throw new DirectoryError(`action ${name}: "${key}" is required (a string).`);
      return value;
    };
    const optional = (key: string): string | undefined => (typeof input[key] === 'string' ? (input[key] as string) : undefined);
    switch (name) {
      case 'assign':
        return directory.assign(str('principalId'), str('resourceId'), optional('appRoleId'));
      case 'unassign':
        return { removed: directory.unassign({ assignmentId: optional('assignmentId'), principalId: optional('principalId'), resourceId: optional('resourceId'), appRoleId: optional('appRoleId') }) };
      case 'create-user':
        return directory.createUser(input).data;
      case 'update-user':
        return directory.updateUser(str('id'), (input.changes ?? {}) as Json).data;
      case 'disable-user':
        return directory.disableUser(str('id')).data;
      case 'enable-user':
        return directory.enableUser(str('id')).data;
      case 'soft-delete-user':
        directory.softDeleteUser(str('id'));
        return { deleted: true };
      case 'restore-user':
        return directory.restoreUser(str('id')).data;
      case 'hard-delete-user':
        directory.hardDeleteUser(str('id'));
        return { deleted: true };
      case 'create-group':
        return directory.createGroup(input).data;
      case 'update-group':
        return directory.updateGroup(str('id'), (input.changes ?? {}) as Json).data;
      case 'delete-group':
        directory.deleteGroup(str('id'));
        return { deleted: true };
      case 'add-member':
        directory.addMember(str('groupId'), str('memberId'));
        return { added: true };
      case 'remove-member':
        directory.removeMember(str('groupId'), str('memberId'));
        return { removed: true };
      default:
        throw new DirectoryError(
          `Unknown action '${name}'. Actions: assign, unassign, create-user, update-user, disable-user, enable-user, soft-delete-user, restore-user, hard-delete-user, create-group, update-group, delete-group, add-member, remove-member.`,
          404,
        );
    }
  };

  let port: number;
  try {
    port = await listenLocal(server as unknown as http.Server, options.port ?? 0);
  } catch (error) {
    fs.rmSync(certDir, { recursive: true, force: true });
    throw error;
  }
  origin = `https://127.0.0.1:${port}`;

  const info: GraphSandboxInfo = { url: origin, tenantId, clientId, clientSecret, authorityHost: origin, caCertPath };
  let closed = false;
  const sandbox: GraphSandbox = {
    ...info,
    graphBaseUrl: `${origin}/v1.0`,
    ca: pems.cert,
    directory,
    faults,
    synchronization,
    info: () => ({ ...info }),
    requestCounts: () => ({ total: counts.total, byRoute: { ...counts.byRoute }, tokensIssued: counts.tokensIssued }),
    resetRequestCounts: () => {
      counts.total = 0;
      counts.byRoute = {};
      counts.tokensIssued = 0;
    },
    mintToken: (mint = {}) =>
      issuer.issue({
        appId: clientId,
        objectId: CLIENT_SP_ID,
        roles: mint.roles ?? (mint.scp !== undefined ? undefined : appPermissions),
        scp: mint.scp,
        lifetimeSeconds: mint.lifetimeSeconds,
      }),
    setThrottle: (limit) => {
      throttleLimit = validateThrottle(limit);
      bucket = newBucket();
    },
    close: async () => {
      if (closed) return;
      closed = true;
      await synchronization.idle();
      await closeServer(server as unknown as http.Server);
      fs.rmSync(certDir, { recursive: true, force: true });
    },
  };
  return sandbox;
}

function lowerHeaders(raw: http.IncomingHttpHeaders): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [key, value] of Object.entries(raw)) if (value !== undefined) result[key.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  return result;
}

function formOf(body: unknown): Record<string, string> {
  return (body && typeof body === 'object' ? body : {}) as Record<string, string>;
}

function decodeJwtPayload(token: string): Json | undefined {
  try {
    return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as Json;
  } catch {
    return undefined;
  }
}

function send(res: http.ServerResponse, status: number, headers: Record<string, string>, body?: unknown): void {
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, { ...headers, ...(body === undefined ? {} : { 'Content-Length': String(Buffer.byteLength(text)) }) });
  res.end(text);
}

function sendResponse(res: http.ServerResponse, response: ApiResponse): void {
  if (response.text !== undefined) {
    res.writeHead(response.status, { ...response.headers, 'Content-Length': String(Buffer.byteLength(response.text)) });
    res.end(response.text);
    return;
  }
  send(res, response.status, response.headers, response.body);
}

export type { TokenClaims };
