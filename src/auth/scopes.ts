/**
 * Microsoft Graph permissions: the least-privileged scope per operation (graph-api.md §10.5, §11), and the
 * `VSCODE_CLIENT_ID:` / `VSCODE_TENANT:` pseudo-scopes VS Code's `microsoft` auth provider understands (§10.1).
 */

export const GRAPH_RESOURCE = 'https://graph.microsoft.com';
/** App-only flows ask for the resource's `.default` scope: the token carries whatever application permissions were granted. */
export const GRAPH_DEFAULT_SCOPE = `${GRAPH_RESOURCE}/.default`;
/** VS Code's own first-party app; it cannot obtain admin Graph scopes (AADSTS65002), so bring your own registration. */
export const VSCODE_DEFAULT_CLIENT_ID = 'aebc6443-996d-45c2-90f0-388ff96faa56';

/** What the project does through Graph; each maps to its least-privileged permission. */
export type GraphOperation =
  | 'readServicePrincipals'
  | 'readAppRoleAssignments'
  | 'writeAppRoleAssignments'
  | 'readUsers'
  | 'readGroupMembers'
  | 'readSynchronization'
  | 'writeSynchronization'
  | 'readProvisioningLogs';

export type PermissionKind = 'delegated' | 'application';

/** Least privileged first; later entries are the higher alternatives a tenant may already have granted. */
export const LEAST_PRIVILEGE: Readonly<Record<GraphOperation, Readonly<Record<PermissionKind, readonly string[]>>>> = {
  readServicePrincipals: {
    delegated: ['Application.Read.All', 'Application.ReadWrite.All', 'Directory.Read.All'],
    application: ['Application.Read.All', 'Application.ReadWrite.OwnedBy', 'Directory.Read.All'],
  },
  readAppRoleAssignments: {
    delegated: ['Application.Read.All', 'Directory.Read.All'],
    application: ['Application.Read.All', 'Directory.Read.All'],
  },
  writeAppRoleAssignments: {
    delegated: ['AppRoleAssignment.ReadWrite.All'],
    application: ['AppRoleAssignment.ReadWrite.All'],
  },
  // User.ReadBasic.All is not enough: provisioning maps non-basic attributes (department, employeeId, extensions…).
  readUsers: {
    delegated: ['User.Read.All', 'Directory.Read.All'],
    application: ['User.Read.All', 'Directory.Read.All'],
  },
  readGroupMembers: {
    delegated: ['GroupMember.Read.All', 'Group.Read.All', 'Directory.Read.All'],
    application: ['GroupMember.Read.All', 'Group.Read.All', 'Directory.Read.All'],
  },
  readSynchronization: {
    delegated: ['Synchronization.Read.All', 'Synchronization.ReadWrite.All'],
    application: ['Application.ReadWrite.OwnedBy', 'Synchronization.Read.All', 'Synchronization.ReadWrite.All'],
  },
  // Application.ReadWrite.OwnedBy is application-only and needs the calling app to own the target app.
  writeSynchronization: {
    delegated: ['Synchronization.ReadWrite.All'],
    application: ['Application.ReadWrite.OwnedBy', 'Synchronization.ReadWrite.All'],
  },
  readProvisioningLogs: {
    delegated: ['AuditLog.Read.All'],
    application: ['AuditLog.Read.All'],
  },
};

/** Fully qualified Graph scope (`https://graph.microsoft.com/User.Read.All`); already-qualified scopes pass through. */
export function qualifyGraphScope(permission: string): string {
  return /^https?:\/\//i.test(permission) ? permission : `${GRAPH_RESOURCE}/${permission}`;
}

/** The least-privileged permission names for a set of operations, deduplicated, in a stable order. */
export function leastPrivilegedPermissions(operations: readonly GraphOperation[], kind: PermissionKind): string[] {
  const result: string[] = [];
  for (const operation of operations) {
    const permission = LEAST_PRIVILEGE[operation][kind][0]!;
    if (!result.includes(permission)) result.push(permission);
  }
  return result;
}

/** Delegated scopes (qualified) for the operations — what an interactive/device-code/VS Code sign-in asks for. */
export function delegatedScopes(operations: readonly GraphOperation[]): string[] {
  return leastPrivilegedPermissions(operations, 'delegated').map(qualifyGraphScope);
}

/** True when the granted permission names satisfy the operation (any listed alternative). */
export function permits(granted: readonly string[], operation: GraphOperation, kind: PermissionKind): boolean {
  const set = new Set(granted.map((g) => g.toLowerCase()));
  return LEAST_PRIVILEGE[operation][kind].some((p) => set.has(p.toLowerCase()));
}

/** Every operation the extension's admin features use (tree, import, trial provision, logs). */
export const ADMIN_OPERATIONS: readonly GraphOperation[] = [
  'readServicePrincipals',
  'readAppRoleAssignments',
  'readUsers',
  'readGroupMembers',
  'writeSynchronization',
  'readProvisioningLogs',
];

const CLIENT_PREFIX = 'VSCODE_CLIENT_ID:';
const TENANT_PREFIX = 'VSCODE_TENANT:';
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TENANT = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|organizations|common|consumers|[a-z0-9-]+(\.[a-z0-9-]+)+)$/i;

/**
 * Scopes for `vscode.authentication.getSession('microsoft', …)` with your own public-client app registration:
 * `VSCODE_CLIENT_ID:<appId>`, `VSCODE_TENANT:<tenant>`, then the qualified Graph scopes, sorted (VS Code sorts them
 * too and keys sessions by the set, so a stable order avoids duplicate sessions).
 */
export function vscodeSessionScopes(options: { clientId: string; tenantId?: string; operations?: readonly GraphOperation[]; scopes?: readonly string[] }): string[] {
  if (!GUID.test(options.clientId)) {
    throw new TypeError(`VS Code sign-in needs your app registration's client id (a GUID); got "${options.clientId}".`);
  }
  if (options.clientId.toLowerCase() === VSCODE_DEFAULT_CLIENT_ID) {
    throw new TypeError("VS Code's own client id cannot obtain Graph admin scopes (AADSTS65002); register a public-client app and use its id.");
  }
  const tenant = options.tenantId ?? 'organizations';
  if (!TENANT.test(tenant)) {
    throw new TypeError(`Tenant must be a tenant id (GUID), a verified domain, or organizations/common/consumers; got "${tenant}".`);
  }
  const graph = [...(options.scopes ?? []).map(qualifyGraphScope), ...delegatedScopes(options.operations ?? ADMIN_OPERATIONS)];
  return [`${CLIENT_PREFIX}${options.clientId}`, `${TENANT_PREFIX}${tenant}`, ...[...new Set(graph)].sort()];
}

/** Splits VS Code pseudo-scopes from real ones (what VS Code's provider does before calling Entra). */
export function parseVscodeScopes(scopes: readonly string[]): { clientId?: string; tenant?: string; scopes: string[] } {
  let clientId: string | undefined;
  let tenant: string | undefined;
  const rest: string[] = [];
  for (const scope of scopes) {
    if (scope.startsWith(CLIENT_PREFIX)) clientId = scope.slice(CLIENT_PREFIX.length);
    else if (scope.startsWith(TENANT_PREFIX)) tenant = scope.slice(TENANT_PREFIX.length);
    else if (!scope.startsWith('VSCODE_')) rest.push(scope);
  }
  return { clientId, tenant, scopes: rest };
}
