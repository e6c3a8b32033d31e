/**
 * The connection checks both front ends run (the CLI's `test-connection`, the extension's Test Connection): both sides
 * checked the way the gallery connector's Test Connection does, and more (reference entra-provisioning.md §4, P5;
 * zendesk-api.md §2): the Zendesk subdomain format, credentials (`users/me` must return a real user, not
 * "Anonymous"), the admin role, API token access, the plan, bulk user imports, the API-token retirement; Entra
 * sign-in, Graph permissions, the enterprise app and its assignments. Every check has a result and, when it is not
 * ok, the fix; {@link renderChecks} is the one text wording of them.
 */
import { GRAPH_DEFAULT_SCOPE, leastPrivilegedPermissions, permits, type GraphOperation, type PermissionKind } from '../auth';
import { API_TOKEN_RETIREMENT_WARNING, ZendeskApiError } from '../clients/zendesk';
import { subdomainProblem, type EntraZendeskConfig } from '../core/config';
import { renderTable } from './text-table';
import { redactSecrets, type Connections } from './wiring';

export type CheckStatus = 'ok' | 'warning' | 'fail' | 'skipped';

export interface ConnectionCheck {
  readonly side: 'Zendesk' | 'Entra';
  readonly check: string;
  readonly status: CheckStatus;
  readonly detail: string;
  /** What to do when the status is not ok. */
  readonly fix?: string;
}

/** What provisioning reads from Graph (writes to assignments are the extension's, checked there). */
const REQUIRED_GRAPH_OPERATIONS: ReadonlyArray<GraphOperation> = ['readServicePrincipals', 'readAppRoleAssignments', 'readUsers', 'readGroupMembers'];

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function zendeskChecks(config: EntraZendeskConfig, connections: Connections): Promise<ConnectionCheck[]> {
  const checks: ConnectionCheck[] = [];
  const add = (check: string, status: CheckStatus, detail: string, fix?: string): void => {
    checks.push({ side: 'Zendesk', check, status, detail, ...(fix !== undefined ? { fix } : {}) });
  };
  const apiToken = config.zendesk.auth.mode === 'apiToken';
  const badSubdomain = subdomainProblem(config.zendesk.subdomain);
  if (badSubdomain) add('Subdomain format', 'fail', badSubdomain.message, `${badSubdomain.fix} in zendesk.subdomain`);
  else add('Subdomain format', 'ok', `"${config.zendesk.subdomain}" (${config.endpoints.zendeskBaseUrl})`);

  const client = connections.zendesk;
  let credentialsOk = false;
  try {
    const result = await client.verifyCredentials();
    if (!result.valid) {
      add(
        'Credentials (users/me)',
        'fail',
        result.problem ?? 'Zendesk did not accept the credentials',
        apiToken
          ? `check ZENDESK_API_TOKEN and zendesk.adminEmail (${config.zendesk.adminEmail}), and that token access is on (Admin Center › Apps and integrations › APIs › Zendesk API)`
          : 'check ZENDESK_OAUTH_CLIENT_ID / ZENDESK_OAUTH_CLIENT_SECRET (Admin Center › Apps and integrations › APIs › OAuth clients; the client must allow client_credentials)',
      );
      if (apiToken) add('API token access', 'fail', 'a token request was answered as the anonymous user: token access is off, or the token or e-mail is wrong', 'turn on "Allow API token access" in Admin Center › Apps and integrations › APIs, or switch to OAuth');
    } else {
      credentialsOk = true;
      add('Credentials (users/me)', 'ok', `signed in as ${result.user?.email ?? result.user?.name ?? 'user'} (${connections.describeAuth.zendesk})`);
      if (result.isAdmin) add('Admin role', 'ok', `${result.user?.email ?? 'the user'} is an admin`);
      else add('Admin role', 'fail', result.problem ?? 'the signed-in user is not an admin', 'use the e-mail (API token) or OAuth client of a Zendesk admin: provisioning creates users and sets roles');
    }
  } catch (error) {
    add('Credentials (users/me)', 'fail', `cannot reach Zendesk at ${config.endpoints.zendeskBaseUrl}: ${message(error)}`, 'check zendesk.subdomain (or endpoints.zendeskBaseUrl) and the network');
  }
  if (!credentialsOk) {
    for (const name of [...(apiToken ? [] : ['API token access']), 'Plan', 'Bulk user import']) add(name, 'skipped', 'needs working credentials');
  } else {
    if (apiToken) {
      const settings = await client.getAccountSettings().catch(() => undefined);
      const api = settings?.['api'] as { api_token_access?: boolean } | undefined;
      if (api?.api_token_access === false) add('API token access', 'fail', 'token access is off', 'turn on "Allow API token access" in Admin Center › Apps and integrations › APIs');
      else add('API token access', 'ok', 'token access is on');
    }
    try {
      const plan = await client.getPlan();
      const usesCustomRoles = config.roles.some((r) => r.customRoleId !== undefined || r.customRoleName !== undefined);
      const name = plan.planName ?? 'unknown';
      const detail = `${name}${plan.rateLimitPerMinute !== null ? ` (${plan.rateLimitPerMinute} requests/min)` : ''}`;
      if (usesCustomRoles && plan.planName !== null && !/enterprise/i.test(plan.planName)) {
        add('Plan', 'fail', `${detail}: the role translation uses custom roles, which need Enterprise or above`, 'map those app roles to agent/admin in "roles", or upgrade the Zendesk plan');
      } else if (plan.planName === null) {
        add('Plan', 'warning', `${detail}: the plan could not be read`, 'nothing to do unless custom roles are used (Enterprise or above)');
      } else {
        add('Plan', 'ok', detail);
      }
    } catch (error) {
      add('Plan', 'warning', `could not read the plan: ${message(error)}`);
    }
    // Decision: probe with an empty body — Zendesk answers 403 before reading it when bulk imports are off, and a
    // bad request (400/422) otherwise; nothing is written either way.
    try {
      await client.http.request({ method: 'POST', path: '/users/create_or_update_many', body: {} });
      add('Bulk user import', 'ok', 'bulk user imports are enabled');
    } catch (error) {
      if (error instanceof ZendeskApiError && error.status === 403) {
        add('Bulk user import', 'warning', 'bulk user imports are disabled (403) or this is a trial account: users will be created one call at a time, within the rate limits (slow for large tenants)', 'ask Zendesk support to enable bulk user imports for the account');
      } else if (error instanceof ZendeskApiError && (error.status === 400 || error.status === 422)) {
        add('Bulk user import', 'ok', 'bulk user imports are enabled');
      } else {
        add('Bulk user import', 'warning', `could not tell: ${message(error)}`);
      }
    }
  }
  if (apiToken) add('API token retirement', 'warning', API_TOKEN_RETIREMENT_WARNING, 'create an OAuth client (client_credentials) and set zendesk.auth.mode to "oauth"');
  else add('API token retirement', 'ok', 'OAuth client: not affected by the API-token retirement');
  return checks;
}

/** The token's granted permissions: application `roles` or delegated `scp`; null when the token is not a readable JWT. */
function grantedPermissions(token: string): { kind: PermissionKind; granted: string[] } | null {
  try {
    const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as { roles?: string[]; scp?: string };
    if (Array.isArray(payload.roles)) return { kind: 'application', granted: payload.roles };
    if (typeof payload.scp === 'string') return { kind: 'delegated', granted: payload.scp.split(' ').filter(Boolean) };
    return { kind: 'application', granted: [] };
  } catch {
    return null;
  }
}

async function entraChecks(connections: Connections): Promise<ConnectionCheck[]> {
  const checks: ConnectionCheck[] = [];
  const add = (check: string, status: CheckStatus, detail: string, fix?: string): void => {
    checks.push({ side: 'Entra', check, status, detail, ...(fix !== undefined ? { fix } : {}) });
  };
  let token: string;
  try {
    const accessToken = await connections.credential.getToken(GRAPH_DEFAULT_SCOPE);
    if (!accessToken) throw new Error('no token returned');
    token = accessToken.token;
    add('Sign-in', 'ok', connections.describeAuth.graph);
  } catch (error) {
    add('Sign-in', 'fail', `could not get a Graph token with ${connections.describeAuth.graph}: ${message(error).split('\n')[0]}`, 'check entra.tenantId, the app id and AZURE_CLIENT_SECRET (the secret value, not its id; not expired)');
    for (const name of ['Graph permissions', 'Enterprise app', 'Assignments']) add(name, 'skipped', 'needs a working sign-in');
    return checks;
  }
  const permissions = grantedPermissions(token);
  if (permissions === null) {
    add('Graph permissions', 'warning', 'the access token is not readable, so the granted permissions are unknown');
  } else {
    const missing = REQUIRED_GRAPH_OPERATIONS.filter((op) => !permits(permissions.granted, op, permissions.kind));
    if (missing.length === 0) add('Graph permissions', 'ok', `${permissions.kind}: ${permissions.granted.join(', ')}`);
    else {
      const grant = leastPrivilegedPermissions(missing, permissions.kind);
      add('Graph permissions', 'fail', `missing ${missing.join(', ')} (granted: ${permissions.granted.join(', ') || 'none'})`, `grant the ${permissions.kind} permission${grant.length === 1 ? '' : 's'} ${grant.join(', ')} to the app registration and give admin consent`);
    }
  }
  try {
    const sp = await connections.entraPort.getServicePrincipal();
    add('Enterprise app', 'ok', `${sp.displayName ?? sp.appId} (${sp.id}), ${sp.appRoles.length} app roles`);
    try {
      const assignments = await connections.entraPort.listAppRoleAssignedTo(sp.id);
      const users = assignments.filter((a) => a.principalType === 'User').length;
      const groups = assignments.filter((a) => a.principalType === 'Group').length;
      if (users + groups === 0) add('Assignments', 'warning', 'nobody is assigned to the app, so "assigned only" provisions nobody', 'assign users or groups in Enterprise applications › your app › Users and groups');
      else add('Assignments', 'ok', `${users} user and ${groups} group assignments`);
    } catch (error) {
      add('Assignments', 'fail', message(error), 'grant Application.Read.All (reads appRoleAssignedTo)');
    }
  } catch (error) {
    add('Enterprise app', 'fail', message(error).split(' Fix: ')[0]!, message(error).split(' Fix: ')[1] ?? 'check entra.servicePrincipalId / appId / displayName');
    add('Assignments', 'skipped', 'needs the enterprise app');
  }
  return checks;
}

/** Every check of both sides, Zendesk first. Never throws for a failed check; secrets are redacted from the text. */
export async function runConnectionChecks(config: EntraZendeskConfig, connections: Connections): Promise<ConnectionCheck[]> {
  const [zendesk, entra] = await Promise.all([zendeskChecks(config, connections), entraChecks(connections)]);
  return [...zendesk, ...entra].map((c) => ({
    ...c,
    detail: redactSecrets(c.detail, connections.secrets),
    ...(c.fix !== undefined ? { fix: redactSecrets(c.fix, connections.secrets) } : {}),
  }));
}

const MARK: Record<CheckStatus, string> = { ok: 'ok', warning: 'WARN', fail: 'FAIL', skipped: 'skip' };

export function renderChecks(checks: ReadonlyArray<ConnectionCheck>): string[] {
  const lines = renderTable(['Side', 'Check', 'Result', 'Detail'], checks.map((c) => [c.side, c.check, MARK[c.status], c.detail]));
  const fixes = checks.filter((c) => c.fix !== undefined && (c.status === 'fail' || c.status === 'warning'));
  if (fixes.length > 0) lines.push('', 'Fixes:', ...fixes.map((c) => `  ${c.side} › ${c.check}: ${c.fix}`));
  const failed = checks.filter((c) => c.status === 'fail').length;
  lines.push('', failed === 0 ? 'Connection OK.' : `${failed} check${failed === 1 ? '' : 's'} failed.`);
  return lines;
}
