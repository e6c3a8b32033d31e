/**
 * `loadConfig(text, origin)`: text in, resolved configuration out — or a ConfigError listing every problem.
 * Core does no file I/O; callers read the file and pass its text.
 *
 * Decision: the file is JSON with comments allowed (like the other files in `.vscode/`, which VS Code treats as JSONC);
 * trailing commas are rejected so the file stays readable by plain JSON tools.
 */
import { findNodeAtLocation, getLocation, parse, parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import {
  DEFAULT_ACCIDENTAL_DELETION_THRESHOLD,
  DEFAULT_AUTHORITY_HOST,
  DEFAULT_GRAPH_BASE_URL,
  DEFAULT_ROLE_TRANSLATIONS,
  defaultGroupMapping,
  defaultUserMapping,
  zendeskBaseUrlFor,
} from './defaults';
import { ConfigError } from './errors';
import { fromPointer, isRecord, toPointer } from './json-pointer';
import { findUnknownKeys, schemaProblems, typoWarnings } from './schema';
import { semanticChecks } from './semantic';
import type {
  AttributeMapping,
  ConfigProblem,
  ConfigWarning,
  EntraZendeskConfig,
  LoadedConfig,
  ObjectMapping,
  RoleTranslation,
} from './types';

/** jsonc-parser's error codes in words, with how to fix each. */
const SYNTAX_FIXES: Record<string, [what: string, fix: string]> = {
  InvalidSymbol: ['unexpected character', 'remove it, or quote the value'],
  InvalidNumberFormat: ['invalid number', 'write a plain decimal number'],
  PropertyNameExpected: ['a key in double quotes was expected', 'write keys as "key" (trailing commas are not allowed)'],
  ValueExpected: ['a value was expected', 'write a value (a "string", number, true/false, null, object or list), or remove the trailing comma'],
  ColonExpected: ['":" was expected', 'write "key": value'],
  CommaExpected: ['"," was expected', 'separate values and key/value pairs with commas'],
  CloseBraceExpected: ['"}" was expected', 'close the object with }'],
  CloseBracketExpected: ['"]" was expected', 'close the list with ]'],
  EndOfFileExpected: ['end of file was expected', 'remove the text after the closing }'],
  InvalidCommentToken: ['invalid comment', 'use // or /* */ comments'],
  UnexpectedEndOfComment: ['unterminated comment', 'close the comment with */'],
  UnexpectedEndOfString: ['unterminated string', 'close the string with "'],
  UnexpectedEndOfNumber: ['unterminated number', 'complete the number'],
  InvalidUnicode: ['invalid \\u escape', 'write \\u followed by four hex digits'],
  InvalidEscapeCharacter: ['invalid escape', 'escape a backslash as \\\\'],
  InvalidCharacter: ['invalid character in a string', 'escape control characters (\\n, \\t)'],
};

export const PARSE_OPTIONS = { allowTrailingComma: false, disallowComments: false, allowEmptyContent: false } as const;

/** 1-based line and column of a UTF-16 offset. */
export function lineColumnAt(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text[i] === '\n') {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/** JSON syntax errors as problems with line, column and the JSON path they occur in. */
export function syntaxProblems(text: string, errors: ReadonlyArray<ParseError>): ConfigProblem[] {
  return errors.map((error) => {
    const code = printParseErrorCode(error.error);
    const [what, fix] = SYNTAX_FIXES[code] ?? [code, 'correct the JSON syntax'];
    const { line, column } = lineColumnAt(text, error.offset);
    const path = toPointer(getLocation(text, error.offset).path.filter((s) => s !== ''));
    const inside = path === '' ? '' : ` (in ${path})`;
    return { path, message: `JSON syntax error at line ${line}, column ${column}${inside}: ${what}`, fix, line, column };
  });
}

/** Adds line/column of the value at each path (or of its nearest existing parent). */
function locate<T extends { path: string }>(text: string, tree: Node | undefined, items: ReadonlyArray<T>): T[] {
  if (tree === undefined) return [...items];
  const located = items.map((item): T & { line?: number; column?: number } => {
    const segments = fromPointer(item.path);
    for (let n = segments.length; n >= 0; n--) {
      const node = findNodeAtLocation(tree, segments.slice(0, n));
      if (node) {
        // For a key, point at the key rather than its value.
        const at = n > 0 && node.parent?.type === 'property' && n === segments.length ? node.parent.offset : node.offset;
        return { ...item, ...lineColumnAt(text, at) };
      }
    }
    return item;
  });
  // In file order, so the list reads top to bottom like the file (stable for equal positions).
  return located.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
}

/**
 * Parses and validates a configuration file. Returns the resolved config (defaults applied), the document (for
 * saving edits back with `saveConfig`/`updateConfigText`) and warnings; throws ConfigError listing every problem.
 */
export function loadConfig(text: string, origin: string): LoadedConfig {
  if (text.trim() === '') {
    throw new ConfigError(origin, [{
      path: '', message: 'the configuration file is empty', line: 1, column: 1,
      fix: 'start from {"entra": {"tenantId": "…", "servicePrincipalId": "…"}, "zendesk": {"subdomain": "…", "adminEmail": "…"}}',
    }]);
  }
  const errors: ParseError[] = [];
  const value: unknown = parse(text, errors, PARSE_OPTIONS);
  if (errors.length > 0) throw new ConfigError(origin, syntaxProblems(text, errors));
  if (!isRecord(value)) {
    throw new ConfigError(origin, [{
      path: '', message: 'the configuration must be a JSON object', fix: 'wrap the settings in { … }', line: 1, column: 1,
    }]);
  }

  const { problems, warnings } = validateDocument(value);
  const tree = parseTree(text, undefined, PARSE_OPTIONS);
  if (problems.length > 0) throw new ConfigError(origin, locate(text, tree, problems));
  return {
    config: resolveConfig(value),
    document: { origin, text, value },
    warnings: locate(text, tree, warnings),
  };
}

/**
 * Every problem and warning of a parsed document (schema + semantic checks), without positions. A semantic problem at
 * a path the schema already reported is dropped, so each mistake is reported once.
 */
export function validateDocument(document: Record<string, unknown>): { problems: ConfigProblem[]; warnings: ConfigWarning[] } {
  const fromSchema = schemaProblems(document);
  const semantic = semanticChecks(document);
  const reported = new Set(fromSchema.map((p) => p.path));
  const problems = [...fromSchema];
  for (const p of semantic.problems) {
    const subdomainOverride = p.path === '/zendesk/subdomain';
    if (subdomainOverride) {
      // The semantic check says what to write instead; it replaces the schema's generic pattern message.
      const i = problems.findIndex((q) => q.path === p.path);
      if (i >= 0) problems.splice(i, 1);
      problems.push(p);
    } else if (!reported.has(p.path)) {
      problems.push(p);
    }
  }
  const secretPaths = new Set(semantic.problems.filter((p) => p.message.includes('looks like a secret')).map((p) => p.path));
  const warnings = [...typoWarnings(findUnknownKeys(document)).filter((w) => !secretPaths.has(w.path)), ...semantic.warnings];
  return { problems: dedupe(problems), warnings };
}

function dedupe<T extends { path: string; message: string }>(items: T[]): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const key = `${item.path}\u0000${item.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

const trimSlash = (url: string): string => url.replace(/\/+$/, '');

function resolveAttributeMapping(raw: Record<string, unknown>): AttributeMapping {
  return {
    type: raw.type as AttributeMapping['type'],
    ...(raw.source !== undefined ? { source: raw.source as string } : {}),
    target: raw.target as string,
    ...(raw.defaultValue !== undefined ? { defaultValue: raw.defaultValue as string } : {}),
    ...(raw.matchingPrecedence !== undefined ? { matchingPrecedence: raw.matchingPrecedence as number } : {}),
    apply: (raw.apply as AttributeMapping['apply'] | undefined) ?? 'Always',
  };
}

/**
 * Decision: a mapping section overrides the defaults key by key, but `attributeMappings`, `scopingFilters` and
 * `targetObjectActions` are lists and replace the default list entirely when present (merging lists by position
 * would silently keep mappings the admin meant to remove).
 */
function resolveObjectMapping(raw: unknown, defaults: ObjectMapping): ObjectMapping {
  if (!isRecord(raw)) return defaults;
  return {
    name: (raw.name as string | undefined) ?? defaults.name,
    enabled: (raw.enabled as boolean | undefined) ?? defaults.enabled,
    targetObjectActions: (raw.targetObjectActions as ObjectMapping['targetObjectActions'] | undefined) ?? defaults.targetObjectActions,
    scopingFilters: (raw.scopingFilters as ObjectMapping['scopingFilters'] | undefined) ?? defaults.scopingFilters,
    attributeMappings: Array.isArray(raw.attributeMappings)
      ? raw.attributeMappings.map((m) => resolveAttributeMapping(m as Record<string, unknown>))
      : defaults.attributeMappings,
  };
}

const section = (value: unknown): Record<string, unknown> => (isRecord(value) ? value : {});

/** The resolved configuration of a document that passed validation. */
export function resolveConfig(document: Record<string, unknown>): EntraZendeskConfig {
  const entra = section(document.entra);
  const entraAuth = section(entra.auth);
  const zendesk = section(document.zendesk);
  const zendeskAuth = section(zendesk.auth);
  const deprovisioning = section(document.deprovisioning);
  const accidental = section(document.accidentalDeletion);
  const notifications = section(document.notifications);
  const endpoints = section(document.endpoints);
  const subdomain = zendesk.subdomain as string;
  const optional = <K extends string>(key: K, value: unknown): Partial<Record<K, string>> =>
    (typeof value === 'string' ? ({ [key]: value } as Record<K, string>) : {});
  return {
    entra: {
      tenantId: entra.tenantId as string,
      ...optional('servicePrincipalId', entra.servicePrincipalId),
      ...optional('appId', entra.appId),
      ...optional('displayName', entra.displayName),
      auth: {
        mode: (entraAuth.mode as EntraZendeskConfig['entra']['auth']['mode'] | undefined) ?? 'vscode',
        ...optional('clientId', entraAuth.clientId),
      },
    },
    zendesk: {
      subdomain,
      adminEmail: zendesk.adminEmail as string,
      auth: {
        mode: (zendeskAuth.mode as EntraZendeskConfig['zendesk']['auth']['mode'] | undefined) ?? 'oauth',
        ...optional('clientId', zendeskAuth.clientId),
      },
    },
    scope: (document.scope as EntraZendeskConfig['scope'] | undefined) ?? 'assignedOnly',
    excludeDefaultAccess: (document.excludeDefaultAccess as boolean | undefined) ?? true,
    emulateSwitchNullQuirk: (document.emulateSwitchNullQuirk as boolean | undefined) ?? false,
    userMapping: resolveObjectMapping(document.userMapping, defaultUserMapping()),
    groupMapping: resolveObjectMapping(document.groupMapping, defaultGroupMapping()),
    roles: Array.isArray(document.roles)
      ? (document.roles as RoleTranslation[]).map((r) => ({ ...r }))
      : DEFAULT_ROLE_TRANSLATIONS.map((r) => ({ ...r })),
    deprovisioning: {
      action: (deprovisioning.action as EntraZendeskConfig['deprovisioning']['action'] | undefined) ?? 'suspend',
      skipOutOfScopeDeletions: (deprovisioning.skipOutOfScopeDeletions as boolean | undefined) ?? false,
    },
    accidentalDeletion: {
      enabled: (accidental.enabled as boolean | undefined) ?? true,
      threshold: (accidental.threshold as number | undefined) ?? DEFAULT_ACCIDENTAL_DELETION_THRESHOLD,
    },
    notifications: {
      ...optional('email', notifications.email),
      notifyOnFailure: (notifications.notifyOnFailure as boolean | undefined) ?? false,
    },
    endpoints: {
      graphBaseUrl: trimSlash((endpoints.graphBaseUrl as string | undefined) ?? DEFAULT_GRAPH_BASE_URL),
      authorityHost: trimSlash((endpoints.authorityHost as string | undefined) ?? DEFAULT_AUTHORITY_HOST),
      zendeskBaseUrl: trimSlash((endpoints.zendeskBaseUrl as string | undefined) ?? zendeskBaseUrlFor(subdomain)),
    },
  };
}
