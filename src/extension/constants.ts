/**
 * Every id the extension shares with package.json `contributes` (commands, views, context keys, settings, secrets),
 * in one place: no string literals scattered in the code. The unit tests check package.json against these.
 */

export const CommandIds = {
  showLog: 'entraZendesk.showLog',
  refresh: 'entraZendesk.refresh',
  startSandbox: 'entraZendesk.startSandbox',
  stopSandbox: 'entraZendesk.stopSandbox',
  openConfig: 'entraZendesk.openConfig',
  testConnection: 'entraZendesk.testConnection',
  trialProvision: 'entraZendesk.trialProvision',
  dryRun: 'entraZendesk.dryRun',
  explainScope: 'entraZendesk.explainScope',
  showInZendesk: 'entraZendesk.showInZendesk',
  fullSync: 'entraZendesk.fullSync',
  incrementalSync: 'entraZendesk.incrementalSync',
  signIn: 'entraZendesk.signIn',
  signOut: 'entraZendesk.signOut',
  setZendeskCredentials: 'entraZendesk.setZendeskCredentials',
  loadMore: 'entraZendesk.loadMore',
  showRecord: 'entraZendesk.showRecord',
  editMappings: 'entraZendesk.editMappings',
  diagnose: 'entraZendesk.diagnose',
} as const;

export type CommandId = (typeof CommandIds)[keyof typeof CommandIds];

export const ViewIds = {
  assignments: 'entraZendesk.assignments',
  zendeskUsers: 'entraZendesk.zendeskUsers',
  zendeskRoles: 'entraZendesk.zendeskRoles',
  zendeskGroups: 'entraZendesk.zendeskGroups',
  activity: 'entraZendesk.activity',
} as const;

export type ViewId = (typeof ViewIds)[keyof typeof ViewIds];

/** Context keys read by `when` clauses (`viewsWelcome`, menus). */
export const ContextKeys = {
  /** One of {@link ConnectionState}: picks the welcome content of every view. */
  state: 'entraZendesk:state',
  /** True while the sandbox tenant runs in this extension host. */
  sandbox: 'entraZendesk:sandbox',
} as const;

/**
 * What the views can show. `ready` shows trees; every other state shows its `viewsWelcome` (the trees return []).
 */
export type ConnectionState = 'noConfig' | 'signedOut' | 'noZendeskCredentials' | 'loading' | 'error' | 'ready';

export const SettingKeys = {
  section: 'entraZendesk',
  entraClientId: 'entra.clientId',
  entraTenantId: 'entra.tenantId',
} as const;

/** Keys in `context.secrets`: secrets live nowhere else. */
export const SecretKeys = {
  entraClientSecret: 'entraZendesk.entra.clientSecret',
  zendeskOAuthClientSecret: 'entraZendesk.zendesk.oauthClientSecret',
  zendeskApiToken: 'entraZendesk.zendesk.apiToken',
} as const;

/** The configuration file, relative to the workspace folder (the CLI's default too). */
export const CONFIG_RELATIVE_PATH = '.vscode/entra-zendesk.json';

/** The one log channel of the extension; its name is what the Output panel lists (tests look for it). */
export const LOG_CHANNEL_NAME = 'Entra → Zendesk Provisioning';

/** Shown after every label that comes from the local emulators. */
export const SANDBOX_SUFFIX = '(sandbox)';

/**
 * Builds a tree item's contextValue from tags: de-duplicated, sorted, joined with `;` so `when` clauses can match one
 * tag with `viewItem =~ /\btag\b/` whatever else the item carries.
 */
export function contextValue(...tags: ReadonlyArray<string | false | null | undefined>): string {
  return [...new Set(tags.filter((t): t is string => typeof t === 'string' && t !== ''))].sort().join(';');
}
