/** Credentials (app-only, device code, Azure CLI, VS Code session) and Graph permission scopes. */
export { createCredential, CredentialConfigError, staticTokenCredential } from './credentials';
export type { AccessToken, CredentialConfig, GetTokenOptions, TokenCredential } from './credentials';
export { NotSignedInError, VsCodeSessionCredential, VSCODE_TOKEN_REPORTED_LIFETIME_MS } from './vscode-session';
export type { GetVsCodeSession, VsCodeSession, VsCodeSessionOptions } from './vscode-session';
export {
  ADMIN_OPERATIONS,
  delegatedScopes,
  GRAPH_DEFAULT_SCOPE,
  GRAPH_RESOURCE,
  LEAST_PRIVILEGE,
  leastPrivilegedPermissions,
  parseVscodeScopes,
  permits,
  qualifyGraphScope,
  VSCODE_DEFAULT_CLIENT_ID,
  vscodeSessionScopes,
} from './scopes';
export type { GraphOperation, PermissionKind } from './scopes';
