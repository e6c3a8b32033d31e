/**
 * Checks the JSON Schema can't express: expressions that must parse, attribute names, duplicate targets and matching
 * precedences, functions the Zendesk connector can't use, role translations, secrets in the file, the Zendesk
 * subdomain's shape, and cross-field rules. Every check is defensive about types (the schema reports type errors;
 * these checks still run, so one load lists every problem).
 */
import type { ExpressionNode } from '../expressions';
import { ExpressionParseError } from '../expressions';
import { collectLintWarnings, parseExpression } from '../expressions/parser';
import { validateScopingFilter, type ScopingDiagnostic } from '../scoping';
import { fromDollarPath, isRecord, quoteIfShort, toPointer, type JsonPathSegment } from './json-pointer';
import { closestMatch } from './suggest';
import type { ConfigProblem, ConfigWarning } from './types';
import {
  REQUIRED_GROUP_TARGETS,
  REQUIRED_USER_TARGETS,
  ZENDESK_GROUP_TARGETS,
  ZENDESK_USER_TARGETS,
  isZendeskTarget,
} from './zendesk-targets';

export interface CheckResult {
  readonly problems: ConfigProblem[];
  readonly warnings: ConfigWarning[];
}

const SECRET_STORAGE_FIX =
  'remove it: secrets live in VS Code SecretStorage or environment variables (AZURE_CLIENT_SECRET, ' +
  'AZURE_CLIENT_CERTIFICATE_PATH, ZENDESK_OAUTH_CLIENT_SECRET, ZENDESK_API_TOKEN), never in this file';

/** Key names that hold secrets. Compared with `_`/`-` removed and lower-cased; no known key matches. */
const SECRET_KEY = /secret|passw|pwd|token|privatekey|apikey|credential|certificatekey|signingkey|connectionstring/;

/** Zendesk API tokens retire on this date (zendesk-api.md §2.2). */
export const ZENDESK_API_TOKEN_RETIREMENT = '2027-04-30';

export function semanticChecks(document: Record<string, unknown>): CheckResult {
  const result: CheckResult = { problems: [], warnings: [] };
  checkSecretKeys(document, [], result);
  checkEntra(document.entra, result);
  checkZendesk(document.zendesk, result);
  checkObjectMapping(document.userMapping, 'userMapping', document, result);
  checkObjectMapping(document.groupMapping, 'groupMapping', document, result);
  checkRoles(document.roles, document, result);
  checkDeprovisioning(document, result);
  checkNotifications(document.notifications, result);
  checkEndpoints(document.endpoints, result);
  return result;
}

function problem(result: CheckResult, path: ReadonlyArray<JsonPathSegment>, message: string, fix: string): void {
  const pointer = toPointer(path);
  result.problems.push({ path: pointer, message: `${pointer}: ${message}`, fix });
}

function warning(result: CheckResult, path: ReadonlyArray<JsonPathSegment>, message: string, fix?: string): void {
  const pointer = toPointer(path);
  result.warnings.push({ path: pointer, message: `${pointer}: ${message}`, ...(fix !== undefined ? { fix } : {}) });
}

// ---------------------------------------------------------------------------------------------------------- secrets

function checkSecretKeys(value: unknown, path: JsonPathSegment[], result: CheckResult): void {
  if (Array.isArray(value)) {
    value.forEach((item, index) => checkSecretKeys(item, [...path, index], result));
    return;
  }
  if (!isRecord(value)) return;
  for (const [key, child] of Object.entries(value)) {
    if (SECRET_KEY.test(key.toLowerCase().replace(/[_-]/g, ''))) {
      // The key name is shown; its value never is.
      problem(result, [...path, key], `"${key}" looks like a secret, and this file must not hold secrets`, SECRET_STORAGE_FIX);
    } else {
      checkSecretKeys(child, [...path, key], result);
    }
  }
}

// ------------------------------------------------------------------------------------------------------ entra/zendesk

function checkEntra(entra: unknown, result: CheckResult): void {
  if (!isRecord(entra) || !isRecord(entra.auth)) return;
  const { mode, clientId } = entra.auth;
  if ((mode === 'vscode' || mode === 'azureCli') && clientId !== undefined) {
    warning(result, ['entra', 'auth', 'clientId'], `clientId is ignored with auth mode "${mode}"`, 'remove clientId, or choose mode "clientSecret" or "certificate"');
  }
}

/**
 * Why the subdomain is wrong and what to write instead, or undefined when it is a valid bare subdomain (reference §4.1:
 * `https://my-tenant.zendesk.com` → `my-tenant`; P5).
 */
export function subdomainProblem(value: string): { message: string; fix: string } | undefined {
  if (/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(value)) return undefined;
  let host = value.trim();
  let what = '';
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(host);
  if (scheme) {
    host = host.slice(scheme[0].length);
    what = 'a URL';
  }
  host = host.split(/[/?#]/)[0] ?? '';
  const zendeskSuffix = /\.zendesk\.com\.?$/i;
  if (zendeskSuffix.test(host)) {
    host = host.replace(zendeskSuffix, '');
    what ||= 'a host name';
  }
  const candidate = host.toLowerCase();
  if (what === '' && candidate !== value && /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(candidate)) {
    return {
      message: `the subdomain ${quoteIfShort(value)} has upper-case letters; Zendesk subdomains are lower case`,
      fix: `write "${candidate}"`,
    };
  }
  if (what !== '' && /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(candidate)) {
    return {
      message: `the subdomain is ${what} (${quoteIfShort(value)}); Zendesk's Domain setting takes only the subdomain`,
      fix: `write "${candidate}" — for https://${candidate}.zendesk.com the subdomain is ${candidate}`,
    };
  }
  return {
    message: `the subdomain ${quoteIfShort(value)} is not a Zendesk subdomain`,
    fix: 'write only the subdomain — lower-case letters, digits and inner hyphens: for https://my-tenant.zendesk.com write "my-tenant"',
  };
}

function checkZendesk(zendesk: unknown, result: CheckResult): void {
  if (!isRecord(zendesk)) return;
  if (typeof zendesk.subdomain === 'string') {
    const bad = subdomainProblem(zendesk.subdomain);
    if (bad) problem(result, ['zendesk', 'subdomain'], bad.message, bad.fix);
  }
  if (isRecord(zendesk.auth) && zendesk.auth.mode === 'apiToken') {
    warning(result, ['zendesk', 'auth', 'mode'],
      `Zendesk API tokens are legacy: no new tokens from 2026-10-27, and every token stops working on ${ZENDESK_API_TOKEN_RETIREMENT}`,
      'switch to "oauth" (an OAuth client with the client_credentials grant; secret in ZENDESK_OAUTH_CLIENT_SECRET)');
  }
}

// ---------------------------------------------------------------------------------------------------- object mappings

type MappingKind = 'userMapping' | 'groupMapping';

/** Functions that read `appRoleAssignments` (reference §1.11): none works with Sync all. */
const ROLE_FUNCTIONS = new Set(['SingleAppRoleAssignment', 'AppRoleAssignmentsComplex', 'AssertiveAppRoleAssignmentsComplex']);

function checkObjectMapping(mapping: unknown, kind: MappingKind, document: Record<string, unknown>, result: CheckResult): void {
  if (!isRecord(mapping)) return;
  const base: JsonPathSegment[] = [kind];
  const enabled = mapping.enabled !== false;

  if (Array.isArray(mapping.scopingFilters)) {
    for (const d of validateScopingFilter({ groups: mapping.scopingFilters })) addScopingDiagnostic(d, [...base, 'scopingFilters'], result);
  }

  if (kind === 'groupMapping' && enabled && document.scope === 'allUsersAndGroups') {
    warning(result, ['groupMapping', 'enabled'],
      'with scope "allUsersAndGroups" every Entra group is created in Zendesk, and they are not removed automatically (Zendesk groups hold agents only)',
      'set scope to "assignedOnly", add a scoping filter to the group mapping, or set groupMapping.enabled to false');
  }

  const list = mapping.attributeMappings;
  if (!Array.isArray(list)) return;
  const allowedTargets = kind === 'userMapping' ? ZENDESK_USER_TARGETS : ZENDESK_GROUP_TARGETS;
  const targets = new Map<string, number>();
  const precedences = new Map<number, number>();
  list.forEach((entry: unknown, index) => {
    if (!isRecord(entry)) return;
    const at: JsonPathSegment[] = [...base, 'attributeMappings', index];
    checkAttributeMapping(entry, at, kind, document, result);

    if (typeof entry.target === 'string' && entry.target !== '') {
      const target = entry.target;
      if (!isZendeskTarget(kind, target)) {
        const guess = closestMatch(target, allowedTargets);
        problem(result, [...at, 'target'], `${quoteIfShort(target)} is not a Zendesk ${kind === 'userMapping' ? 'user' : 'group'} attribute`,
          guess !== undefined
            ? `did you mean "${guess}"?`
            : `use one of ${allowedTargets.join(', ')}${kind === 'userMapping' ? ', or user_fields.<key> for a custom user field' : ''}`);
      }
      const key = target.toLowerCase();
      const first = targets.get(key);
      if (first !== undefined) {
        problem(result, [...at, 'target'], `target "${target}" is already mapped by ${toPointer([...base, 'attributeMappings', first])}`,
          'keep one mapping per target attribute: remove or retarget one of them');
      } else {
        targets.set(key, index);
      }
    }

    const precedence = entry.matchingPrecedence;
    if (typeof precedence === 'number' && Number.isInteger(precedence) && precedence >= 1) {
      const first = precedences.get(precedence);
      if (first !== undefined) {
        problem(result, [...at, 'matchingPrecedence'],
          `matching precedence ${precedence} is already used by ${toPointer([...base, 'attributeMappings', first])}`,
          'give each matching attribute its own precedence (1 is tried first, then 2, …)');
      } else {
        precedences.set(precedence, index);
      }
    }
  });

  if (enabled && precedences.size === 0) {
    problem(result, [...base, 'attributeMappings'], 'no attribute mapping is a matching attribute, so existing Zendesk objects can never be found',
      `set "matchingPrecedence": 1 on the mapping whose target identifies the object (${kind === 'userMapping' ? 'email' : 'name'})`);
  }
  const actions = Array.isArray(mapping.targetObjectActions) ? mapping.targetObjectActions : ['Create'];
  if (enabled && actions.includes('Create')) {
    for (const required of kind === 'userMapping' ? REQUIRED_USER_TARGETS : REQUIRED_GROUP_TARGETS) {
      if (!targets.has(required)) {
        warning(result, [...base, 'attributeMappings'], `nothing maps to "${required}", which Zendesk needs to create the object`,
          `add a mapping with "target": "${required}"`);
      }
    }
  }
}

function checkAttributeMapping(
  entry: Record<string, unknown>,
  at: JsonPathSegment[],
  kind: MappingKind,
  document: Record<string, unknown>,
  result: CheckResult,
): void {
  const { type, source } = entry;
  const sourcePath = [...at, 'source'];
  switch (type) {
    case 'Direct':
      if (typeof source !== 'string') return;
      if (source.trim() === '') {
        problem(result, sourcePath, 'a Direct mapping needs a source attribute name', 'write the Entra attribute name, e.g. "userPrincipalName"');
      } else if (/^\[.*\]$/s.test(source.trim())) {
        problem(result, sourcePath, 'a Direct source is an attribute name without brackets',
          `write "${source.trim().slice(1, -1)}", or set "type": "Expression" to keep the brackets`);
      } else if (!/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(source)) {
        problem(result, sourcePath, `${quoteIfShort(source)} is not an attribute name`,
          /[([]/.test(source) ? 'set "type": "Expression" for a function call' : 'use an Entra attribute name such as "displayName"');
      } else if (source.toLowerCase() === 'approleassignments') {
        problem(result, sourcePath, 'appRoleAssignments must not be mapped directly',
          'set "type": "Expression" and "source": "SingleAppRoleAssignment([appRoleAssignments])"');
      }
      return;
    case 'Constant':
      if (source === '') problem(result, sourcePath, 'a Constant mapping needs a value', 'write the constant value in "source"');
      return;
    case 'None':
      if (source !== undefined) warning(result, sourcePath, 'a None mapping has no source; it is ignored', 'remove "source", or choose another type');
      // None only fills an empty target with the default value (reference §3.1); without one it does nothing.
      if (entry.defaultValue === undefined) {
        warning(result, at, 'a None mapping without a defaultValue never changes anything', 'add "defaultValue", or remove the mapping');
      }
      return;
    case 'Expression':
      if (typeof source === 'string') checkExpression(source, entry, sourcePath, kind, document, result);
      return;
    default:
      return;
  }
}

function checkExpression(
  text: string,
  entry: Record<string, unknown>,
  sourcePath: JsonPathSegment[],
  kind: MappingKind,
  document: Record<string, unknown>,
  result: CheckResult,
): void {
  let node: ExpressionNode;
  try {
    node = parseExpression(text);
  } catch (error) {
    if (!(error instanceof ExpressionParseError)) throw error;
    // The parser's message already says where (line/column within the expression) and what it expected.
    problem(result, sourcePath, `the expression does not parse: ${error.message}`,
      `correct the expression at column ${error.column}: ${error.expected} is expected there`);
    return;
  }
  const functions = functionNames(node);
  if (functions.has('SelectUniqueValue')) {
    problem(result, sourcePath, 'SelectUniqueValue is not supported by the Zendesk connector (only Active Directory and Entra ID targets support it)',
      'remove SelectUniqueValue and map a value that is already unique, e.g. [userPrincipalName]');
  }
  if (node.type === 'Attribute' && node.name.toLowerCase() === 'approleassignments') {
    problem(result, sourcePath, 'appRoleAssignments must not be mapped directly', 'use SingleAppRoleAssignment([appRoleAssignments])');
  }
  if (functions.has('Switch') && entry.apply !== 'OnCreateOnly') {
    warning(result, sourcePath,
      'a Switch mapping applied on update is evaluated as null when only other attributes changed, which can clear the target (documented service quirk)',
      'use IIF instead of Switch, or set "apply": "OnCreateOnly"');
  }
  if (document.scope === 'allUsersAndGroups' && kind === 'userMapping' && [...functions].some((f) => ROLE_FUNCTIONS.has(f))) {
    warning(result, sourcePath, 'app role functions do not work with scope "allUsersAndGroups" (there are no assignments to read)',
      'set scope to "assignedOnly", or map the role with a Constant or an attribute-based expression');
  }
  for (const lint of collectLintWarnings(node, text)) {
    warning(result, sourcePath, `expression column ${lint.column}: ${lint.message}`);
  }
}

function functionNames(node: ExpressionNode, into = new Set<string>()): Set<string> {
  if (node.type === 'Function') {
    into.add(node.name);
    for (const arg of node.args) if (arg !== null) functionNames(arg, into);
  } else if (node.type === 'Comparison') {
    functionNames(node.left, into);
    functionNames(node.right, into);
  }
  return into;
}

const SCOPING_FIXES: Partial<Record<ScopingDiagnostic['code'], string>> = {
  'unknown-operator': 'use one of the operators EQUALS, NOT EQUALS, IS TRUE, IS FALSE, IS NULL, IS NOT NULL, REGEX MATCH, NOT REGEX MATCH, Greater_Than, Greater_Than_OR_EQUALS, Includes, ENDS_WITH, &, !&',
  'undocumented-operator': 'use a documented operator (e.g. NOT EQUALS, Greater_Than, NOT REGEX MATCH)',
  'wrong-value-count': 'give unary operators (IS …) an empty "values" list and every other operator exactly one value',
  'invalid-regex': 'correct the .NET regular expression',
  'non-integer-operand': 'compare with a whole number such as "10"',
  'unsupported-attribute': 'scope on another attribute, or by assignment',
  'multi-valued-attribute': 'scope on a single-valued attribute',
};

function addScopingDiagnostic(d: ScopingDiagnostic, base: JsonPathSegment[], result: CheckResult): void {
  // The validator's paths are `$.groups[0].clauses[1]…`; the file's scoping filters *are* the groups list.
  const segments = fromDollarPath(d.path);
  const path = [...base, ...(segments[0] === 'groups' ? segments.slice(1) : segments)];
  if (d.severity === 'error') problem(result, path, d.message, SCOPING_FIXES[d.code] ?? 'correct the scoping filter');
  else warning(result, path, d.message);
}

// -------------------------------------------------------------------------------------------------------------- roles

const BUILT_IN_ROLE_LOOKALIKES = ['agent', 'enduser', 'end user'];
const DEFAULT_ACCESS_NAMES = ['default access', 'msiam_access'];

function checkRoles(roles: unknown, document: Record<string, unknown>, result: CheckResult): void {
  if (!Array.isArray(roles)) return;
  const seen = new Map<string, number>();
  roles.forEach((entry: unknown, index) => {
    if (!isRecord(entry)) return;
    const at: JsonPathSegment[] = ['roles', index];
    const given = (['zendeskRole', 'customRoleId', 'customRoleName'] as const).filter((k) => entry[k] !== undefined);
    if (given.length === 0) {
      problem(result, at, 'the role translation has no Zendesk side',
        'add "zendeskRole" ("end-user", "agent" or "admin"), or "customRoleId" / "customRoleName" for a Zendesk custom role');
    } else if (given.length > 1) {
      problem(result, [...at, given[1]!], `the role translation sets both "${given[0]}" and "${given[1]}"`,
        'keep exactly one of zendeskRole, customRoleId, customRoleName (a custom role makes the user an agent)');
    }
    const name = entry.customRoleName;
    if (typeof name === 'string') {
      const folded = name.trim().toLowerCase().replace(/[-_]/g, ' ').replace(/\s+/g, ' ');
      if (BUILT_IN_ROLE_LOOKALIKES.some((b) => folded === b || folded.replace(/ /g, '') === b.replace(/ /g, ''))) {
        problem(result, [...at, 'customRoleName'],
          `a custom role named like a built-in role (${quoteIfShort(name)}) makes the import of all Zendesk roles fail`,
          'rename the custom role in Zendesk (Admin Center → People → Roles), or use "zendeskRole" for the built-in role');
      }
    }
    if (typeof entry.appRole === 'string') {
      const key = entry.appRole.trim().toLowerCase();
      const first = seen.get(key);
      if (first !== undefined) {
        problem(result, [...at, 'appRole'], `app role ${quoteIfShort(entry.appRole)} is already translated by /roles/${first}`,
          'keep one translation per app role (Zendesk roles imported into Entra must be unique)');
      } else {
        seen.set(key, index);
      }
      if (DEFAULT_ACCESS_NAMES.includes(key) && document.excludeDefaultAccess !== false) {
        warning(result, [...at, 'appRole'], 'users whose only assignment is Default Access are out of scope, so this translation is never used',
          'assign those users a Zendesk role, or set excludeDefaultAccess to false');
      }
    }
  });
}

// -------------------------------------------------------------------------------------------------- deprovisioning…

function checkDeprovisioning(document: Record<string, unknown>, result: CheckResult): void {
  const deprovisioning = document.deprovisioning;
  if (!isRecord(deprovisioning) || deprovisioning.action !== 'delete') return;
  const userMapping = document.userMapping;
  const actions = isRecord(userMapping) ? userMapping.targetObjectActions : undefined;
  if (Array.isArray(actions) && !actions.includes('Delete')) {
    problem(result, ['deprovisioning', 'action'], 'deprovisioning deletes users, but the user mapping\'s target object actions exclude Delete',
      'add "Delete" to /userMapping/targetObjectActions, or set the action to "suspend"');
  }
}

function checkNotifications(notifications: unknown, result: CheckResult): void {
  if (!isRecord(notifications)) return;
  if (notifications.notifyOnFailure === true && notifications.email === undefined) {
    problem(result, ['notifications', 'email'], 'notifyOnFailure is true but there is no e-mail address to notify',
      'add "email": "ops@contoso.com", or set notifyOnFailure to false');
  }
}

const LOOPBACK = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])(:\d+)?$/i;

function checkEndpoints(endpoints: unknown, result: CheckResult): void {
  if (!isRecord(endpoints)) return;
  for (const key of ['graphBaseUrl', 'authorityHost', 'zendeskBaseUrl'] as const) {
    const url = endpoints[key];
    if (typeof url !== 'string') continue;
    const match = /^(https?):\/\/([^/?#]+)(\/[^?#]*)?$/.exec(url);
    if (!match) continue; // the schema's pattern reports it
    const [, scheme, host, path = ''] = match;
    if (scheme === 'http' && !LOOPBACK.test(host!)) {
      problem(result, ['endpoints', key], `plain http is only allowed for the local sandbox (localhost, 127.0.0.1), not for ${quoteIfShort(host)}`,
        `use https://${host}${path}`);
    }
    if (key === 'graphBaseUrl' && /^\/(v1\.0|beta)\/?$/i.test(path)) {
      problem(result, ['endpoints', key], 'the Graph base URL includes an API version', `remove "${path.replace(/\/$/, '')}": write ${scheme}://${host}`);
    }
  }
}
