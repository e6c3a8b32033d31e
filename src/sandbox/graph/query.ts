/**
 * OData query options on directory collections (graph-api.md §3, §5, §7): `$select` and projection, `$filter` policy
 * (which property/operator pairs work by default, which need advanced query, which are unsupported), `$top`,
 * `$count`, `$orderby`, `$search`, and opaque `$skiptoken` paging.
 */
import { advancedQueryRequired, badRequest, GraphError } from './envelope';
import { evaluateFilter, filterClauses, FilterSyntaxError, parseFilter, type FilterNode, type FilterOperatorClass } from './odata-filter';

export type Json = Record<string, unknown>;

export interface QueryOptions {
  readonly select?: string[];
  readonly filter?: FilterNode;
  readonly filterText?: string;
  readonly top?: number;
  readonly count: boolean;
  readonly orderby?: { property: string; descending: boolean };
  readonly search?: string;
  readonly skiptoken?: string;
  readonly expand?: string;
  readonly deltatoken?: string;
  /** `ConsistencyLevel: eventual` + `$count=true`. */
  readonly advanced: boolean;
  readonly consistencyEventual: boolean;
}

const SYSTEM_OPTIONS = ['select', 'filter', 'top', 'count', 'orderby', 'search', 'skiptoken', 'expand', 'deltatoken', 'skip'];

/** Reads the OData system query options; `select=` without `$` is accepted like Graph v1.0 does. */
export function readQuery(params: URLSearchParams, headers: Record<string, string>): QueryOptions {
  const get = (name: string): string | undefined => params.get(`$${name}`) ?? params.get(name) ?? undefined;
  for (const key of params.keys()) {
    if (key.startsWith('$') && !SYSTEM_OPTIONS.includes(key.slice(1).toLowerCase())) {
      throw badRequest(`Query option '${key}' is not allowed. Supported: ${SYSTEM_OPTIONS.map((o) => `$${o}`).join(', ')}.`);
    }
  }
  const consistencyEventual = (headers['consistencylevel'] ?? '').toLowerCase() === 'eventual';
  const count = (get('count') ?? '').toLowerCase() === 'true';
  const topText = get('top');
  let top: number | undefined;
  if (topText !== undefined) {
    top = /^\d+$/.test(topText) ? Number(topText) : NaN;
    // Choice message (graph-api.md §3.1).
    if (!(top >= 1 && top <= 999)) throw badRequest(`Invalid page size specified: '${topText}'. Must be between 1 and 999 inclusive.`);
  }
  const selectText = get('select');
  const select = selectText === undefined ? undefined : selectText.split(',').map((s) => s.trim()).filter((s) => s !== '');
  const filterText = get('filter');
  let filter: FilterNode | undefined;
  if (filterText !== undefined) {
    try {
      filter = parseFilter(filterText);
    } catch (error) {
      if (error instanceof FilterSyntaxError) throw new GraphError(400, 'BadRequest', `Invalid filter clause: ${error.message}`);
      throw error;
    }
  }
  const orderText = get('orderby');
  let orderby: QueryOptions['orderby'];
  if (orderText !== undefined) {
    const match = /^\s*([A-Za-z0-9_/]+)(\s+(asc|desc))?\s*$/i.exec(orderText);
    if (!match) throw badRequest(`Invalid $orderby '${orderText}': expected "<property> [asc|desc]".`);
    orderby = { property: match[1]!, descending: (match[3] ?? '').toLowerCase() === 'desc' };
  }
  return {
    select,
    filter,
    filterText,
    top,
    count,
    orderby,
    search: get('search'),
    skiptoken: get('skiptoken'),
    expand: get('expand'),
    deltatoken: get('deltatoken'),
    advanced: consistencyEventual && count,
    consistencyEventual,
  };
}

// ---- entity types ---------------------------------------------------------------------------------------------

export const USER_DEFAULT_PROPERTIES = [
  'businessPhones',
  'displayName',
  'givenName',
  'jobTitle',
  'mail',
  'mobilePhone',
  'officeLocation',
  'preferredLanguage',
  'surname',
  'userPrincipalName',
  'id',
] as const;

const USER_SELECT_ONLY = [
  'accountEnabled', 'city', 'companyName', 'country', 'createdDateTime', 'creationType', 'department', 'employeeHireDate',
  'employeeId', 'employeeOrgData', 'employeeType', 'externalUserState', 'faxNumber', 'identities', 'imAddresses', 'mailNickname',
  'onPremisesDistinguishedName', 'onPremisesDomainName', 'onPremisesExtensionAttributes', 'onPremisesImmutableId',
  'onPremisesLastSyncDateTime', 'onPremisesSamAccountName', 'onPremisesSecurityIdentifier', 'onPremisesSyncEnabled',
  'onPremisesUserPrincipalName', 'otherMails', 'passwordPolicies', 'postalCode', 'preferredName', 'proxyAddresses',
  'showInAddressList', 'state', 'streetAddress', 'usageLocation', 'userType', 'signInActivity', 'deletedDateTime',
  'ageGroup', 'assignedLicenses', 'assignedPlans', 'authorizationInfo', 'consentProvidedForMinor', 'customSecurityAttributes',
  'deviceEnrollmentLimit', 'identityParentId', 'isManagementRestricted', 'isResourceAccount', 'lastPasswordChangeDateTime',
  'legalAgeGroupClassification', 'licenseAssignmentStates', 'mailboxSettings', 'preferredDataLocation', 'print',
  'provisionedPlans', 'securityIdentifier', 'serviceProvisioningErrors', 'signInSessionsValidFromDateTime', 'manager',
];

/** SharePoint-backed properties: `GET /users?$select=skills` on the collection → 501 (§3.2). */
const USER_SHAREPOINT = ['aboutMe', 'birthday', 'hireDate', 'interests', 'mySite', 'pastProjects', 'responsibilities', 'schools', 'skills'];

const GROUP_PROPERTIES = [
  'id', 'deletedDateTime', 'classification', 'createdDateTime', 'description', 'displayName', 'expirationDateTime', 'groupTypes',
  'isAssignableToRole', 'mail', 'mailEnabled', 'mailNickname', 'membershipRule', 'membershipRuleProcessingState',
  'onPremisesDomainName', 'onPremisesLastSyncDateTime', 'onPremisesNetBiosName', 'onPremisesSamAccountName',
  'onPremisesSecurityIdentifier', 'onPremisesSyncEnabled', 'preferredDataLocation', 'preferredLanguage', 'proxyAddresses',
  'renewedDateTime', 'securityEnabled', 'securityIdentifier', 'theme', 'visibility', 'members',
];

const SERVICE_PRINCIPAL_PROPERTIES = [
  'id', 'deletedDateTime', 'accountEnabled', 'appId', 'appDisplayName', 'appDescription', 'applicationTemplateId',
  'appOwnerOrganizationId', 'appRoleAssignmentRequired', 'appRoles', 'displayName', 'homepage', 'loginUrl', 'logoutUrl', 'notes',
  'notificationEmailAddresses', 'preferredSingleSignOnMode', 'replyUrls', 'servicePrincipalNames', 'servicePrincipalType',
  'signInAudience', 'tags', 'keyCredentials', 'passwordCredentials', 'info', 'verifiedPublisher', 'description', 'oauth2PermissionScopes',
];

const APP_ROLE_ASSIGNMENT_PROPERTIES = [
  'id', 'deletedDateTime', 'appRoleId', 'createdDateTime', 'principalDisplayName', 'principalId', 'principalType', 'resourceDisplayName', 'resourceId',
];

export type EntityType = 'user' | 'group' | 'servicePrincipal' | 'appRoleAssignment' | 'directoryObject';

const KNOWN: Record<Exclude<EntityType, 'directoryObject'>, Set<string>> = {
  user: new Set([...USER_DEFAULT_PROPERTIES, ...USER_SELECT_ONLY, ...USER_SHAREPOINT].map((p) => p.toLowerCase())),
  group: new Set(GROUP_PROPERTIES.map((p) => p.toLowerCase())),
  servicePrincipal: new Set(SERVICE_PRINCIPAL_PROPERTIES.map((p) => p.toLowerCase())),
  appRoleAssignment: new Set(APP_ROLE_ASSIGNMENT_PROPERTIES.map((p) => p.toLowerCase())),
};

const EXTENSION_NAME = /^extension_[0-9a-f]{32}_[A-Za-z0-9_]+$/i;

/** Rejects unknown `$select` names (Choice message, §7); SharePoint-backed user properties on a collection → 501. */
export function validateSelect(select: readonly string[] | undefined, type: EntityType, collection: boolean): void {
  if (!select) return;
  for (const name of select) {
    if (name === '*') continue;
    if (type !== 'appRoleAssignment' && type !== 'servicePrincipal' && EXTENSION_NAME.test(name)) continue;
    const types: Array<Exclude<EntityType, 'directoryObject'>> = type === 'directoryObject' ? ['user', 'group', 'servicePrincipal'] : [type];
    if (!types.some((t) => KNOWN[t].has(name.toLowerCase()))) {
      throw badRequest(`Could not find a property named '${name}' on type 'microsoft.graph.${type}'.`);
    }
    if ((type === 'user' || type === 'directoryObject') && collection && USER_SHAREPOINT.includes(name)) {
      throw new GraphError(501, 'NotImplemented', 'This operation target is not yet supported.');
    }
  }
}

function pick(data: Json, name: string): [string, unknown] | undefined {
  if (name in data) return [name, data[name]];
  const key = Object.keys(data).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : [key, data[key]];
}

/**
 * Projects an entity. Without `$select` a user shows exactly the 11 default properties (null when unset); other
 * types show everything. With `$select` only the named properties appear (null when unset), except open-type
 * extension attributes, which are omitted when never set. `alwaysId` adds `id` (delta always returns it).
 */
export function project(data: Json, type: EntityType, select: readonly string[] | undefined, alwaysId = false): Json {
  const result: Json = {};
  if (!select || select.includes('*')) {
    if (type === 'user') {
      for (const name of USER_DEFAULT_PROPERTIES) result[name] = data[name] ?? (name === 'businessPhones' ? [] : null);
      return result;
    }
    for (const [key, value] of Object.entries(data)) if (key !== 'members') result[key] = value;
    return result;
  }
  for (const name of select) {
    const found = pick(data, name);
    if (found) result[found[0]] = found[1];
    else if (!EXTENSION_NAME.test(name) && name !== 'members' && name !== 'manager') result[name] = null;
  }
  if (alwaysId && !('id' in result)) result.id = data.id;
  return result;
}

// ---- $filter policy -------------------------------------------------------------------------------------------

type Support = Partial<Record<FilterOperatorClass, 'default' | 'aq'>>;

const D = 'default' as const;
const A = 'aq' as const;
const NAME_LIKE: Support = { eq: D, ne: A, not: A, range: D, in: D, startsWith: D, eqNull: A };
const UPN_LIKE: Support = { eq: D, ne: A, not: A, range: D, in: D, startsWith: D, endsWith: A };
const ALL_AQ: Support = { eq: A, ne: A, not: A, range: A, in: A, startsWith: A, eqNull: A };

/** graph-api.md §3.3, keyed by lower-cased property path. */
export const USER_FILTER_SUPPORT: Record<string, Support> = {
  id: { eq: D, ne: A, not: A, in: D },
  accountenabled: { eq: D, ne: A, not: A, in: D },
  userprincipalname: UPN_LIKE,
  mail: UPN_LIKE,
  displayname: { ...NAME_LIKE, range: A },
  givenname: NAME_LIKE,
  surname: NAME_LIKE,
  city: NAME_LIKE,
  country: NAME_LIKE,
  department: NAME_LIKE,
  state: NAME_LIKE,
  usagelocation: NAME_LIKE,
  mailnickname: NAME_LIKE,
  jobtitle: { ...NAME_LIKE, startsWith: A },
  employeeid: { eq: D, ne: A, not: A, range: A, startsWith: D, eqNull: A },
  othermails: { eq: D, ne: A, not: A, range: D, in: D, startsWith: D, endsWith: A },
  proxyaddresses: { eq: D, ne: A, not: A, range: D, startsWith: D, eqNull: A, endsWith: A },
  mobilephone: ALL_AQ,
  officelocation: ALL_AQ,
  postalcode: ALL_AQ,
  preferredlanguage: ALL_AQ,
  streetaddress: ALL_AQ,
  onpremisesimmutableid: ALL_AQ,
  employeetype: ALL_AQ,
  companyname: ALL_AQ,
  employeehiredate: ALL_AQ,
  onpremisessyncenabled: { eq: D, ne: A, not: A, in: D },
  usertype: { eq: D, ne: A, not: A, in: D, eqNull: A },
  ...Object.fromEntries(Array.from({ length: 15 }, (_, i) => [`onpremisesextensionattributes/extensionattribute${i + 1}`, ALL_AQ])),
};

export const GROUP_FILTER_SUPPORT: Record<string, Support> = {
  id: { eq: D, ne: A, not: A, in: D },
  displayname: { eq: D, ne: A, not: A, in: D, startsWith: D, range: D, eqNull: A },
  mail: { eq: D, ne: A, not: A, in: D, startsWith: D, endsWith: A, eqNull: A },
  mailnickname: { eq: D, ne: A, not: A, in: D, startsWith: D, eqNull: A },
  securityenabled: { eq: D, ne: A, not: A, in: D },
  mailenabled: { eq: D, ne: A, not: A, in: D },
  grouptypes: { eq: D, ne: A, not: A },
  onpremisessyncenabled: { eq: D, ne: A, not: A, in: D },
  description: { eq: A, startsWith: A, eqNull: A, ne: A, not: A },
};

export const SERVICE_PRINCIPAL_FILTER_SUPPORT: Record<string, Support> = {
  id: { eq: D, ne: A, not: A, in: D },
  appid: { eq: D, ne: A, not: A, in: D },
  displayname: { eq: D, ne: A, not: A, in: D, startsWith: D, endsWith: A, eqNull: A },
  accountenabled: { eq: D, ne: A, not: A },
  serviceprincipalnames: { eq: D, startsWith: D, ne: A, not: A },
  tags: { eq: D, ne: A, not: A },
  applicationtemplateid: { eq: D, ne: A, not: A },
  preferredsinglesignonmode: { eq: D, ne: A, not: A },
};

/** Choice (§2.1): the documented filters plus principalId/principalType/appRoleId eq without advanced query. */
export const APP_ROLE_ASSIGNMENT_FILTER_SUPPORT: Record<string, Support> = {
  principaldisplayname: { eq: D, startsWith: D },
  resourceid: { eq: D },
  principalid: { eq: D, in: D },
  principaltype: { eq: D },
  approleid: { eq: D, in: D },
};

const RESOURCE_NAME: Record<string, string> = { user: 'User', group: 'Group', servicePrincipal: 'ServicePrincipal', appRoleAssignment: 'AppRoleAssignment' };

/** Throws the documented 400s when a filter needs advanced query or uses an unindexed property. */
export function checkFilter(options: QueryOptions, support: Record<string, Support>, type: Exclude<EntityType, 'directoryObject'>): void {
  if (!options.filter) return;
  for (const clause of filterClauses(options.filter)) {
    const property = clause.property.toLowerCase();
    const row = EXTENSION_NAME.test(clause.property) ? { eq: D, ne: A, not: A, in: D, startsWith: D, eqNull: A } : support[property];
    // `ne`/`not` work wherever the property is filterable, but only as advanced queries (§3.3 rules).
    const level = row?.[clause.operator] ?? (row && (clause.operator === 'ne' || clause.operator === 'not') ? 'aq' : undefined);
    if (!level) {
      throw new GraphError(
        400,
        'Request_UnsupportedQuery',
        `Unsupported or invalid query filter clause specified for property '${clause.property}' of resource '${RESOURCE_NAME[type]}'.`,
      );
    }
    if (level === 'aq' && !options.advanced) throw advancedQueryRequired(clause.spelled);
  }
}

/** `$orderby` without advanced query: only displayName (users, groups) and userPrincipalName (users); never with `$filter`. */
export function checkOrderBy(options: QueryOptions, allowed: readonly string[]): void {
  if (!options.orderby || options.advanced) return;
  if (options.filter) {
    throw new GraphError(
      400,
      'Request_UnsupportedQuery',
      "Sorting not supported for current query. Using $filter together with $orderby requires $count=true and the header 'ConsistencyLevel: eventual'.",
    );
  }
  if (!allowed.includes(options.orderby.property.toLowerCase())) {
    throw new GraphError(400, 'Request_UnsupportedQuery', `Order by '${options.orderby.property}' is not supported without advanced query (ConsistencyLevel: eventual and $count=true).`);
  }
}

/** `$search` needs the ConsistencyLevel header (documented message, §7); `"property:value"` terms, prefix match. */
export function applySearch<T extends { data: Json }>(items: T[], options: QueryOptions, allowed: readonly string[]): T[] {
  if (options.search === undefined) return items;
  if (!options.consistencyEventual) {
    throw new GraphError(
      400,
      'Request_UnsupportedQuery',
      "Request with $search query parameter only works through MSGraph with a special request header: 'ConsistencyLevel: eventual'",
    );
  }
  const terms = [...options.search.matchAll(/"([^":]+):([^"]*)"/g)].map((m) => ({ property: m[1]!, value: m[2]!.toLowerCase() }));
  if (terms.length === 0) throw badRequest(`Invalid $search '${options.search}': use "property:value" in double quotes.`);
  for (const term of terms) {
    if (!allowed.includes(term.property)) throw new GraphError(400, 'Request_UnsupportedQuery', `Search on property '${term.property}' is not supported.`);
  }
  return items.filter((item) =>
    terms.some((term) =>
      String(item.data[term.property] ?? '')
        .toLowerCase()
        .split(/[^a-z0-9@.]+/)
        .concat(String(item.data[term.property] ?? '').toLowerCase())
        .some((token) => token.startsWith(term.value)),
    ),
  );
}

export function applyFilterAndOrder<T extends { data: Json }>(items: T[], options: QueryOptions): T[] {
  let result = options.filter ? items.filter((item) => evaluateFilter(options.filter!, item.data)) : items;
  if (options.orderby) {
    const { property, descending } = options.orderby;
    result = [...result].sort((a, b) => {
      const x = String(a.data[property] ?? '').toLowerCase();
      const y = String(b.data[property] ?? '').toLowerCase();
      return (x < y ? -1 : x > y ? 1 : 0) * (descending ? -1 : 1);
    });
  }
  return result;
}

// ---- paging ---------------------------------------------------------------------------------------------------

/** Opaque skiptoken (base64url JSON). Graph's are opaque too; clients must follow nextLink verbatim. */
export function encodeToken(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

export function decodeToken<T>(token: string, what: string): T {
  try {
    return JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as T;
  } catch {
    throw badRequest(`The ${what} '${token.slice(0, 40)}' is not valid; follow @odata.nextLink / @odata.deltaLink verbatim.`);
  }
}

/** Builds a link to the same request with one query option replaced (keeps `$` readable like Graph's links). */
export function linkWith(base: string, params: URLSearchParams, set: Record<string, string>, drop: readonly string[] = []): string {
  const entries: Array<[string, string]> = [];
  for (const [key, value] of params) {
    const bare = key.replace(/^\$/, '').toLowerCase();
    if (bare in set || drop.includes(bare)) continue;
    entries.push([key, value]);
  }
  for (const [key, value] of Object.entries(set)) entries.push([`$${key}`, value]);
  const query = entries.map(([k, v]) => `${encodeURIComponent(k).replace(/^%24/, '$')}=${encodeURIComponent(v)}`).join('&');
  return query === '' ? base : `${base}?${query}`;
}

export interface Page<T> {
  readonly items: T[];
  readonly nextLink?: string;
  readonly first: boolean;
}

/** Slices a result list into a page: default size 100, `$top` 1..999, skiptoken = offset. */
export function paginate<T>(items: readonly T[], options: QueryOptions, base: string, params: URLSearchParams, defaultSize = 100): Page<T> {
  const size = options.top ?? defaultSize;
  const offset = options.skiptoken ? decodeToken<{ o: number }>(options.skiptoken, '$skiptoken').o : 0;
  if (!Number.isInteger(offset) || offset < 0) throw badRequest('The $skiptoken is not valid; follow @odata.nextLink verbatim.');
  const slice = items.slice(offset, offset + size);
  const next = offset + size < items.length ? linkWith(base, params, { skiptoken: encodeToken({ o: offset + size }) }) : undefined;
  return { items: slice, nextLink: next, first: offset === 0 };
}
