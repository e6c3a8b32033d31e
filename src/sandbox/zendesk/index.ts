/** The Zendesk Support API emulator: start it with {@link startZendeskSandbox}. */
export { DEMO_SEED, startZendeskSandbox } from './server';
export type { ZendeskSandbox, ZendeskSandboxOptions } from './server';
export type { ZendeskAccount, ZendeskPlan, ZendeskSeed, ZendeskUser, ZendeskGroup, ZendeskGroupMembership, ZendeskCustomRole, ZendeskUserField } from './model';
export { PLAN_RATE_LIMITS } from './model';
export { SANDBOX_ADMIN_EMAIL, SANDBOX_API_TOKEN, SANDBOX_OAUTH_CLIENT_ID, SANDBOX_OAUTH_CLIENT_SECRET } from './state';
