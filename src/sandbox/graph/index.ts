/** The Microsoft Graph sandbox (HTTPS emulator + token endpoint): start it, seed it, drive admin actions. */
export { startGraphSandbox, DEFAULT_APP_PERMISSIONS, DEFAULT_CLIENT_ID, DEFAULT_TENANT_ID } from './server';
export type { GraphSandbox, GraphSandboxInfo, GraphSandboxOptions } from './server';
export { Directory, DirectoryError, graphTimestamp } from './directory';
export type { AppRoleAssignmentRecord, GroupRecord, ServicePrincipalRecord, UserRecord } from './directory';
export { DEFAULT_ACCESS_ROLE_ID, SeedError, validateSeed } from './seed';
export type { GraphSeed, SeedAppRole, SeedAppRoleAssignment, SeedGroup, SeedServicePrincipal, SeedUser } from './seed';
export { DEMO_ZENDESK_APP_ID, DEMO_ZENDESK_SERVICE_PRINCIPAL_ID, loadDemoSeed } from './seeds';
export { SynchronizationService, ZENDESK_TEMPLATE_ID, SYNC_RATE_LIMIT } from './synchronization';
export type { RateLimit, SynchronizationOptions, ZendeskTarget } from './synchronization';
