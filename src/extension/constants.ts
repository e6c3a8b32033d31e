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
  // The Entra provisioning job (Microsoft's service driven through the Graph synchronization API): ./commands/job.ts
  refreshEntraJob: 'entraZendesk.refreshEntraJob',
  pushToEntra: 'entraZendesk.pushToEntra',
  importFromEntra: 'entraZendesk.importFromEntra',
  validateEntraCredentials: 'entraZendesk.validateEntraCredentials',
  provisionOnDemandViaEntra: 'entraZendesk.provisionOnDemandViaEntra',
  startEntraJob: 'entraZendesk.startEntraJob',
  pauseEntraJob: 'entraZendesk.pauseEntraJob',
  restartEntraJob: 'entraZendesk.restartEntraJob',
  compareExpressionWithEntra: 'entraZendesk.compareExpressionWithEntra',
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

/**
 * The "Entra Provisioning Job" view. Kept apart from {@link ViewIds} (the five views built from the local snapshot):
 * it reads Microsoft's job through Graph, loads lazily, and has welcome states of its own ({@link EntraJobViewState}).
 */
export const ENTRA_JOB_VIEW_ID = 'entraZendesk.entraJob';

/** Context keys read by `when` clauses (`viewsWelcome`, menus). */
export const ContextKeys = {
  /** One of {@link ConnectionState}: picks the welcome content of every view. */
  state: 'entraZendesk:state',
  /** True while the sandbox tenant runs in this extension host. */
  sandbox: 'entraZendesk:sandbox',
  /** One of {@link EntraJobViewState}: the Entra Provisioning Job view's welcome content. */
  entraJobState: 'entraZendesk:entraJobState',
  /** The job's `status.code` (`NotConfigured` | `NotRun` | `Active` | `Paused` | `Quarantine`) once read; menus use it. */
  entraJobStatus: 'entraZendesk:entraJobStatus',
} as const;

/**
 * What the Entra Provisioning Job view can show: `ready` shows the tree; `idle` = not loaded yet (the view loads when it
 * becomes visible); `noJob` = the enterprise app has no provisioning job; `permission` = Graph refused (403).
 */
export type EntraJobViewState = 'idle' | 'noConfig' | 'signedOut' | 'loading' | 'noJob' | 'permission' | 'error' | 'ready';

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
