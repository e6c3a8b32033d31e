/**
 * The defaults of the configuration = the Zendesk gallery connector's defaults as this project implements them
 * (reference entra-provisioning.md §4.3, §1.4, §1.7, §1.8): the default user and group mappings, the built-in role
 * translations, suspend-on-deprovision, accidental-deletion protection on at 500.
 */
import type {
  AttributeMapping,
  EndpointSettings,
  EntraZendeskConfig,
  ObjectMapping,
  RoleTranslation,
  TargetObjectAction,
} from './types';

export const DEFAULT_USER_MAPPING_NAME = 'Synchronize Microsoft Entra users to Zendesk';
export const DEFAULT_GROUP_MAPPING_NAME = 'Synchronize Microsoft Entra groups to Zendesk';

/** Graph's default `flowTypes` "Add, Update, Delete". */
export const DEFAULT_TARGET_OBJECT_ACTIONS: ReadonlyArray<TargetObjectAction> = ['Create', 'Update', 'Delete'];

/**
 * Reference §4.3 (project defaults until the real template is read). `[IsSoftDeleted]` → `suspended` is how a user
 * leaving scope gets suspended; the role comes from the single app role assignment, `end-user` when there is none.
 */
export const DEFAULT_USER_ATTRIBUTE_MAPPINGS: ReadonlyArray<AttributeMapping> = [
  { type: 'Direct', source: 'userPrincipalName', target: 'email', matchingPrecedence: 1, apply: 'Always' },
  { type: 'Direct', source: 'objectId', target: 'external_id', matchingPrecedence: 2, apply: 'Always' },
  { type: 'Direct', source: 'displayName', target: 'name', apply: 'Always' },
  { type: 'Direct', source: 'IsSoftDeleted', target: 'suspended', defaultValue: 'False', apply: 'Always' },
  { type: 'Expression', source: 'SingleAppRoleAssignment([appRoleAssignments])', target: 'role', defaultValue: 'end-user', apply: 'Always' },
  { type: 'Direct', source: 'telephoneNumber', target: 'phone', apply: 'Always' },
  { type: 'Direct', source: 'preferredLanguage', target: 'locale', apply: 'Always' },
];

/**
 * Reference §4.3. Decision: the membership target is called `members` (the vocabulary of the provisioning log's
 * modified properties, reference §4.6) rather than the table's prose "memberships".
 */
export const DEFAULT_GROUP_ATTRIBUTE_MAPPINGS: ReadonlyArray<AttributeMapping> = [
  { type: 'Direct', source: 'displayName', target: 'name', matchingPrecedence: 1, apply: 'Always' },
  { type: 'Direct', source: 'members', target: 'members', apply: 'Always' },
];

/** Reference §4.3 role translation: the built-in app roles; any other app role is treated as a custom role. */
export const DEFAULT_ROLE_TRANSLATIONS: ReadonlyArray<RoleTranslation> = [
  { appRole: 'End-user', zendeskRole: 'end-user' },
  { appRole: 'Agent', zendeskRole: 'agent' },
  { appRole: 'Administrator', zendeskRole: 'admin' },
];

export const DEFAULT_GRAPH_BASE_URL = 'https://graph.microsoft.com';
export const DEFAULT_AUTHORITY_HOST = 'https://login.microsoftonline.com';

/** Reference §1.8: the portal's example threshold, also the Graph job setting's example value. */
export const DEFAULT_ACCIDENTAL_DELETION_THRESHOLD = 500;

export function zendeskBaseUrlFor(subdomain: string): string {
  return `https://${subdomain}.zendesk.com`;
}

export function defaultEndpoints(subdomain: string): EndpointSettings {
  return { graphBaseUrl: DEFAULT_GRAPH_BASE_URL, authorityHost: DEFAULT_AUTHORITY_HOST, zendeskBaseUrl: zendeskBaseUrlFor(subdomain) };
}

export function defaultUserMapping(): ObjectMapping {
  return {
    name: DEFAULT_USER_MAPPING_NAME,
    enabled: true,
    targetObjectActions: [...DEFAULT_TARGET_OBJECT_ACTIONS],
    scopingFilters: [],
    attributeMappings: DEFAULT_USER_ATTRIBUTE_MAPPINGS.map((m) => ({ ...m })),
  };
}

export function defaultGroupMapping(): ObjectMapping {
  return {
    name: DEFAULT_GROUP_MAPPING_NAME,
    enabled: true,
    targetObjectActions: [...DEFAULT_TARGET_OBJECT_ACTIONS],
    scopingFilters: [],
    attributeMappings: DEFAULT_GROUP_ATTRIBUTE_MAPPINGS.map((m) => ({ ...m })),
  };
}

/** What identifies the deployment; everything else has a default. */
export interface ConfigIdentity {
  readonly tenantId: string;
  readonly servicePrincipalId?: string;
  readonly appId?: string;
  readonly displayName?: string;
  readonly subdomain: string;
  readonly adminEmail: string;
}

/**
 * The resolved configuration with every default, for the given tenant / app / Zendesk account. Decisions: Entra auth
 * defaults to `vscode` (the extension's sign-in; the CLI says when it can't use it), Zendesk auth to `oauth` (the
 * primary method; API tokens are retired on 2027-04-30).
 */
export function defaultConfig(identity: ConfigIdentity): EntraZendeskConfig {
  const { tenantId, servicePrincipalId, appId, displayName, subdomain, adminEmail } = identity;
  return {
    entra: {
      tenantId,
      ...(servicePrincipalId !== undefined ? { servicePrincipalId } : {}),
      ...(appId !== undefined ? { appId } : {}),
      ...(displayName !== undefined ? { displayName } : {}),
      auth: { mode: 'vscode' },
    },
    zendesk: { subdomain, adminEmail, auth: { mode: 'oauth' } },
    scope: 'assignedOnly',
    excludeDefaultAccess: true,
    emulateSwitchNullQuirk: false,
    userMapping: defaultUserMapping(),
    groupMapping: defaultGroupMapping(),
    roles: DEFAULT_ROLE_TRANSLATIONS.map((r) => ({ ...r })),
    deprovisioning: { action: 'suspend', skipOutOfScopeDeletions: false },
    accidentalDeletion: { enabled: true, threshold: DEFAULT_ACCIDENTAL_DELETION_THRESHOLD },
    notifications: { notifyOnFailure: false },
    endpoints: defaultEndpoints(subdomain),
  };
}
