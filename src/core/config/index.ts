/** Public surface of the configuration model. Import from here, not from the implementation files. */
export * from './types';
export { ConfigError, formatProblems } from './errors';
export {
  defaultConfig,
  defaultUserMapping,
  defaultGroupMapping,
  defaultEndpoints,
  zendeskBaseUrlFor,
  DEFAULT_USER_ATTRIBUTE_MAPPINGS,
  DEFAULT_GROUP_ATTRIBUTE_MAPPINGS,
  DEFAULT_ROLE_TRANSLATIONS,
  DEFAULT_TARGET_OBJECT_ACTIONS,
  DEFAULT_USER_MAPPING_NAME,
  DEFAULT_GROUP_MAPPING_NAME,
  DEFAULT_GRAPH_BASE_URL,
  DEFAULT_AUTHORITY_HOST,
  DEFAULT_ACCIDENTAL_DELETION_THRESHOLD,
} from './defaults';
export type { ConfigIdentity } from './defaults';
export { loadConfig, validateDocument, resolveConfig, lineColumnAt } from './load';
export { saveConfig, updateConfigText, createConfigText, detectFormatting } from './save';
export type { ConfigChange, CreateConfigOptions } from './save';
export { CONFIG_SCHEMA } from './schema';
export { subdomainProblem, ZENDESK_API_TOKEN_RETIREMENT } from './semantic';
export { ZENDESK_USER_TARGETS, ZENDESK_GROUP_TARGETS, USER_FIELDS_PREFIX, isZendeskTarget } from './zendesk-targets';
export { toPointer, fromPointer } from './json-pointer';
export type { JsonPathSegment } from './json-pointer';
export { enterpriseAppSelector, matchingMappings } from './selectors';
export type { EnterpriseAppSelector } from './selectors';
