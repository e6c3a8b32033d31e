/** Public surface of the configuration ⇄ synchronizationSchema translation. Import from here. */
export * from './types';
export {
  configToSchema,
  DEFAULT_SCHEMA_LAYOUT,
} from './to-schema';
export type { ConfigToSchemaOptions, ConfigToSchemaResult, SchemaLayout } from './to-schema';
export { schemaToConfig, importedConfigText } from './from-schema';
export type {
  ImportedConfigDocument,
  ImportedConfigText,
  ImportedConfigTextOptions,
  ObjectMappingDocument,
  SchemaToConfigOptions,
  SchemaToConfigResult,
} from './from-schema';
export { diffSchemas, formatSchemaDiff, describeAttributeMapping, describeClause } from './diff';
export type { SchemaChange } from './diff';
export {
  credentialSecrets,
  credentialKeyNames,
  mergeSecrets,
  settingsSecrets,
  jobSettingsFor,
  parseSecretBoolean,
  CredentialInputError,
  DEFAULT_ZENDESK_CREDENTIAL_KEYS,
  SYNC_ALL_KEY,
  SKIP_OUT_OF_SCOPE_DELETIONS_KEY,
  SYNC_NOTIFICATION_SETTINGS_KEY,
  DELETE_THRESHOLD_JOB_SETTING,
} from './secrets';
export type { ZendeskCredentialKeys, ZendeskCredentials, SyncNotificationSettings } from './secrets';
export {
  actionsToFlowTypes,
  flowTypesToActions,
  canonicalActions,
  canonicalAttributeMapping,
  findObjectMapping,
  SOURCE_OBJECT_NAMES,
} from './model';
export type { AttributeMappingDocument, MappingKind } from './model';
