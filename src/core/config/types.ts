/**
 * The configuration model of `.vscode/entra-zendesk.json`. `EntraZendeskConfig` is the *resolved* configuration (every
 * default applied) that the engine, CLI and extension read; the file itself may leave out anything that has a default.
 * The JSON Schema in `schemas/entra-zendesk.schema.json` describes the file and is the single source of truth for its
 * shape; the tests prove that these types and the schema agree.
 */
import type { FilterGroup } from '../scoping';

/** How this tool signs in to Microsoft Graph. Never holds a secret: those come from SecretStorage or the environment. */
export type EntraAuthMode = 'vscode' | 'clientSecret' | 'certificate' | 'deviceCode' | 'azureCli';

export interface EntraAuthSettings {
  readonly mode: EntraAuthMode;
  /** App registration used to call Graph; required for `clientSecret` and `certificate`. */
  readonly clientId?: string;
}

export interface EntraSettings {
  /** Directory (tenant) id GUID or a verified domain. */
  readonly tenantId: string;
  /** The enterprise app is named by the first of these that is set, in this order. */
  readonly servicePrincipalId?: string;
  readonly appId?: string;
  readonly displayName?: string;
  readonly auth: EntraAuthSettings;
}

/** `apiToken` is legacy: Zendesk retires API tokens on 2027-04-30 (reference zendesk-api.md §2.2). */
export type ZendeskAuthMode = 'oauth' | 'apiToken';

export interface ZendeskAuthSettings {
  readonly mode: ZendeskAuthMode;
  /** OAuth client unique identifier (not a secret); may also come from `ZENDESK_OAUTH_CLIENT_ID`. */
  readonly clientId?: string;
}

export interface ZendeskSettings {
  /** Bare subdomain: `my-tenant` for https://my-tenant.zendesk.com. */
  readonly subdomain: string;
  readonly adminEmail: string;
  readonly auth: ZendeskAuthSettings;
}

/** Settings → Scope: "Sync only assigned users and groups" | "Sync all users and groups" (secret `SyncAll`). */
export type ProvisioningScope = 'assignedOnly' | 'allUsersAndGroups';

/** Target object actions (Graph `objectMapping.flowTypes`). */
export type TargetObjectAction = 'Create' | 'Update' | 'Delete';

export type AttributeMappingType = 'Direct' | 'Constant' | 'Expression' | 'None';

/** "Apply this mapping": Graph `flowType` `Always` | `ObjectAddOnly`. */
export type MappingApply = 'Always' | 'OnCreateOnly';

export interface AttributeMapping {
  readonly type: AttributeMappingType;
  /** Direct: attribute name; Constant: the value; Expression: expression text; None: absent. */
  readonly source?: string;
  /** Zendesk attribute name (e.g. `email`, `role`, `user_fields.badge`). */
  readonly target: string;
  /** Used when the source is null, on create only (reference §1.10). */
  readonly defaultValue?: string;
  /** Absent = not a matching attribute; ≥ 1, lowest tried first (Graph `matchingPriority`). */
  readonly matchingPrecedence?: number;
  readonly apply: MappingApply;
}

export interface ObjectMapping {
  readonly name: string;
  readonly enabled: boolean;
  readonly targetObjectActions: ReadonlyArray<TargetObjectAction>;
  /** Graph filter groups (OR-ed); empty = no scoping filter. */
  readonly scopingFilters: ReadonlyArray<FilterGroup>;
  readonly attributeMappings: ReadonlyArray<AttributeMapping>;
}

export type ZendeskBuiltInRole = 'end-user' | 'agent' | 'admin';

/** One app role → a built-in role, or a custom role (the user then gets `role: agent` + `custom_role_id`). */
export interface RoleTranslation {
  readonly appRole: string;
  readonly zendeskRole?: ZendeskBuiltInRole;
  readonly customRoleId?: number;
  readonly customRoleName?: string;
}

export type DeprovisioningAction = 'suspend' | 'delete';

export interface DeprovisioningSettings {
  readonly action: DeprovisioningAction;
  readonly skipOutOfScopeDeletions: boolean;
}

export interface AccidentalDeletionSettings {
  readonly enabled: boolean;
  /** Staged when the suspends + deletes of one cycle exceed this number. */
  readonly threshold: number;
}

export interface NotificationSettings {
  readonly email?: string;
  readonly notifyOnFailure: boolean;
}

export interface EndpointSettings {
  /** Graph service root without version, no trailing slash. */
  readonly graphBaseUrl: string;
  /** Entra authority host, no trailing slash. */
  readonly authorityHost: string;
  /** `https://<subdomain>.zendesk.com` unless overridden (sandbox); no trailing slash. */
  readonly zendeskBaseUrl: string;
}

/** The resolved configuration: the file plus every default. */
export interface EntraZendeskConfig {
  readonly entra: EntraSettings;
  readonly zendesk: ZendeskSettings;
  readonly scope: ProvisioningScope;
  readonly excludeDefaultAccess: boolean;
  readonly emulateSwitchNullQuirk: boolean;
  readonly userMapping: ObjectMapping;
  readonly groupMapping: ObjectMapping;
  readonly roles: ReadonlyArray<RoleTranslation>;
  readonly deprovisioning: DeprovisioningSettings;
  readonly accidentalDeletion: AccidentalDeletionSettings;
  readonly notifications: NotificationSettings;
  readonly endpoints: EndpointSettings;
}

/** The file as written: what `updateConfigText`/`saveConfig` edit. Unknown keys are kept here. */
export interface ConfigDocument {
  /** Where the text came from (a path or URI), for messages. */
  readonly origin: string;
  /** The exact text that was loaded. */
  readonly text: string;
  /** The parsed JSON value of `text` (comments dropped), without defaults. */
  readonly value: Record<string, unknown>;
}

/** A problem that makes the configuration unusable. `path` is a JSON Pointer (`/userMapping/attributeMappings/2/source`). */
export interface ConfigProblem {
  readonly path: string;
  /** What is wrong, naming the path. */
  readonly message: string;
  /** How to fix it. */
  readonly fix: string;
  /** 1-based position of the offending value in the text, when known. */
  readonly line?: number;
  readonly column?: number;
}

/** Something that works but is probably not what the admin wants. */
export interface ConfigWarning {
  readonly path: string;
  readonly message: string;
  readonly fix?: string;
  readonly line?: number;
  readonly column?: number;
}

export interface LoadedConfig {
  readonly config: EntraZendeskConfig;
  readonly document: ConfigDocument;
  readonly warnings: ReadonlyArray<ConfigWarning>;
}
