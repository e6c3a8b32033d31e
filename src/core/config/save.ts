/**
 * Writing configuration text back: edits touch only what changed, so the user's key order, formatting, comments and
 * unknown keys survive (located with jsonc-parser's syntax tree, laid out like the surrounding text). Text in, text out —
 * callers do the file I/O and should run `loadConfig` on the result before writing it.
 */
import { findNodeAtLocation, parse, parseTree, type FormattingOptions, type Node, type ParseError } from 'jsonc-parser';
import { ConfigError } from './errors';
import { defaultGroupMapping, defaultUserMapping, DEFAULT_ROLE_TRANSLATIONS, type ConfigIdentity } from './defaults';
import { fromPointer, isRecord, toPointer, type JsonPathSegment } from './json-pointer';
import { loadConfig, PARSE_OPTIONS, syntaxProblems } from './load';
import type {
  ConfigDocument,
  EndpointSettings,
  EntraAuthSettings,
  ProvisioningScope,
  ZendeskAuthSettings,
} from './types';

/** One edit: set the value at `path` (a JSON Pointer or segments); `value: undefined` removes the key or item. */
export interface ConfigChange {
  readonly path: string | ReadonlyArray<JsonPathSegment>;
  readonly value: unknown;
}

/** The indentation and line ending the text already uses, so inserted text looks like the rest. */
export function detectFormatting(text: string): FormattingOptions {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const indents = [...text.matchAll(/\n([ \t]+)\S/g)].map((m) => m[1]!);
  if (indents.some((i) => i.startsWith('\t'))) return { insertSpaces: false, tabSize: 1, eol };
  const sizes = indents.map((i) => i.length).filter((n) => n > 0);
  const tabSize = sizes.length > 0 ? Math.min(...sizes) : 2;
  return { insertSpaces: true, tabSize, eol };
}

/**
 * Sets (or, with `undefined`, removes) the value at `path`. Decision: jsonc-parser's own formatting re-formats every
 * line an insertion touches (it forces `keepLines: false`), which would unfold the user's one-line objects; so edits
 * are made here, laid out like their surroundings — inline inside one-line containers, one entry per line with the
 * sibling's indentation inside multi-line ones. Removal cuts the entry and the separator before it (after it, for a
 * first entry), so the lines around stay as they were.
 */
function applyChange(text: string, path: ReadonlyArray<JsonPathSegment>, value: unknown, options: FormattingOptions, isArrayInsertion = false): string {
  const tree = parseTree(text, undefined, { allowTrailingComma: true, disallowComments: false });
  if (value === undefined) return tree === undefined ? text : removeAt(text, tree, path);
  if (tree === undefined) return `${renderMultiLine(value, '', options)}${options.eol ?? '\n'}`;
  const existing = path.length === 0 ? tree : findNodeAtLocation(tree, [...path]);
  if (existing !== undefined && !isArrayInsertion) {
    const oldText = text.slice(existing.offset, existing.offset + existing.length);
    const inline = !oldText.includes('\n') && isContainer(existing);
    const content = inline || !isObjectOrArray(value) ? renderInline(value) : renderMultiLine(value, lineIndent(text, existing.offset), options);
    return splice(text, existing.offset, existing.length, content);
  }
  // Insert: find the nearest existing ancestor; missing intermediate objects are created around the value.
  let depth = path.length - 1;
  let inserted: unknown = value;
  let parent = findNodeAtLocation(tree, [...path.slice(0, depth)]);
  while (parent === undefined && depth > 0) {
    const segment = path[depth]!;
    if (typeof path[depth - 1] === 'number') throw new Error(`Cannot set ${toPointer(path)}: ${toPointer(path.slice(0, depth))} does not exist`);
    if (typeof segment === 'number' && segment !== 0) throw new Error(`Cannot set ${toPointer(path)}: the list ${toPointer(path.slice(0, depth))} does not exist`);
    inserted = typeof segment === 'number' ? [inserted] : { [segment]: inserted };
    depth--;
    parent = findNodeAtLocation(tree, [...path.slice(0, depth)]);
  }
  const key = path[depth]!;
  if (parent === undefined || !isContainer(parent) || (parent.type === 'array') !== (typeof key === 'number')) {
    // A programming error of the caller (the path doesn't fit the document), not a problem of the user's file.
    throw new Error(`Cannot set ${toPointer(path)}: ${toPointer(path.slice(0, depth)) || 'the root'} is not ${typeof key === 'number' ? 'a list' : 'an object'}`);
  }
  return insertInto(text, parent, key, inserted, options);
}

function removeAt(text: string, tree: Node, path: ReadonlyArray<JsonPathSegment>): string {
  const node = findNodeAtLocation(tree, [...path]);
  if (node === undefined || path.length === 0) return text;
  // For an object key the entry is the whole `"key": value` property.
  const entry = node.parent?.type === 'property' ? node.parent : node;
  const container = entry.parent!;
  const siblings = container.children ?? [];
  const index = siblings.indexOf(entry);
  if (siblings.length === 1) {
    return splice(text, container.offset + 1, container.length - 2, '');
  }
  if (index > 0) {
    const previous = siblings[index - 1]!;
    const start = previous.offset + previous.length;
    return splice(text, start, entry.offset + entry.length - start, '');
  }
  const next = siblings[1]!;
  return splice(text, entry.offset, next.offset - entry.offset, '');
}

const isContainer = (node: Node): boolean => node.type === 'object' || node.type === 'array';
const isObjectOrArray = (value: unknown): boolean => typeof value === 'object' && value !== null;
const splice = (text: string, offset: number, length: number, content: string): string =>
  text.slice(0, offset) + content + text.slice(offset + length);

/** The whitespace that starts the line holding `offset`. */
function lineIndent(text: string, offset: number): string {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart))![0];
}

function indentUnit(options: FormattingOptions): string {
  return options.insertSpaces ? ' '.repeat(options.tabSize ?? 2) : '\t';
}

/** `{ "a": 1, "b": [1, 2] }` — the style of one-line objects in hand-written JSON. */
function renderInline(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(renderInline).join(', ')}]`;
  if (isRecord(value)) {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    return entries.length === 0 ? '{}' : `{ ${entries.map(([k, v]) => `${JSON.stringify(k)}: ${renderInline(v)}`).join(', ')} }`;
  }
  return JSON.stringify(value) ?? 'null';
}

function renderMultiLine(value: unknown, indent: string, options: FormattingOptions): string {
  const eol = options.eol ?? '\n';
  return (JSON.stringify(value, null, indentUnit(options)) ?? 'null').split('\n').join(eol + indent);
}

function insertInto(text: string, parent: Node, key: JsonPathSegment, value: unknown, options: FormattingOptions): string {
  const eol = options.eol ?? '\n';
  const children = parent.children ?? [];
  const parentText = text.slice(parent.offset, parent.offset + parent.length);
  const multiLine = parentText.includes('\n') || (children.length === 0 && parent.parent === undefined);
  const isObject = parent.type === 'object';
  // Values look like their neighbours: one-line objects next to one-line objects.
  const neighbourEntry = isObject ? children[children.length - 1] : children[Math.min(typeof key === 'number' ? key : children.length, children.length) - 1] ?? children[0];
  const neighbour = isObject ? neighbourEntry?.children?.[1] : neighbourEntry;
  const inlineItem = neighbour !== undefined && isContainer(neighbour) && !text.slice(neighbour.offset, neighbour.offset + neighbour.length).includes('\n');
  const render = (indent: string): string => {
    const rendered = !multiLine || inlineItem || !isObjectOrArray(value) ? renderInline(value) : renderMultiLine(value, indent, options);
    return isObject ? `${JSON.stringify(String(key))}: ${rendered}` : rendered;
  };
  // The node that starts a child entry: the property for objects, the item itself for arrays.
  const entryNodes = children;
  const before = !isObject && typeof key === 'number' && key < entryNodes.length ? entryNodes[key] : undefined;
  if (children.length === 0) {
    const open = parent.offset + 1;
    const close = parent.offset + parent.length - 1;
    if (!multiLine) return splice(text, open, close - open, isObject ? ` ${render('')} ` : render(''));
    const parentIndent = lineIndent(text, parent.offset);
    const childIndent = parentIndent + indentUnit(options);
    return splice(text, open, close - open, `${eol}${childIndent}${render(childIndent)}${eol}${parentIndent}`);
  }
  if (before !== undefined) {
    const childIndent = lineIndent(text, before.offset);
    const separator = multiLine ? `,${eol}${childIndent}` : ', ';
    return splice(text, before.offset, 0, `${render(childIndent)}${separator}`);
  }
  const last = entryNodes[entryNodes.length - 1]!;
  const childIndent = lineIndent(text, last.offset);
  const end = last.offset + last.length;
  return splice(text, end, 0, multiLine ? `,${eol}${childIndent}${render(childIndent)}` : `, ${render(childIndent)}`);
}

/** Applies `changes` in order to the document's text. No changes → the exact same text. */
export function saveConfig(document: ConfigDocument, changes: ReadonlyArray<ConfigChange>): string {
  const options = detectFormatting(document.text);
  let text = document.text;
  for (const change of changes) {
    const path = typeof change.path === 'string' ? fromPointer(change.path) : change.path;
    text = applyChange(text, path, change.value, options);
  }
  return text;
}

/**
 * Rewrites `originalText` so that it holds `newDocument`, editing only the values that differ. Lists are compared by
 * position: common items are updated in place, extra items appended, missing ones removed from the end.
 * @throws ConfigError when `originalText` has JSON syntax errors.
 */
export function updateConfigText(originalText: string, newDocument: unknown): string {
  const errors: ParseError[] = [];
  const oldValue: unknown = parse(originalText, errors, PARSE_OPTIONS);
  // Editing text that doesn't parse could put values in the wrong place: the syntax must be fixed first.
  if (errors.length > 0) throw new ConfigError('the text being updated', syntaxProblems(originalText, errors));
  const options = detectFormatting(originalText);
  let text = originalText;
  const visit = (before: unknown, after: unknown, path: JsonPathSegment[]): void => {
    if (isRecord(before) && isRecord(after)) {
      for (const key of Object.keys(before)) if (!(key in after) || after[key] === undefined) text = applyChange(text, [...path, key], undefined, options);
      for (const [key, value] of Object.entries(after)) {
        if (value === undefined) continue;
        if (key in before) visit(before[key], value, [...path, key]);
        else text = applyChange(text, [...path, key], value, options);
      }
      return;
    }
    if (Array.isArray(before) && Array.isArray(after)) {
      const common = Math.min(before.length, after.length);
      for (let i = 0; i < common; i++) visit(before[i], after[i], [...path, i]);
      for (let i = common; i < after.length; i++) text = applyChange(text, [...path, i], after[i], options, true);
      for (let i = before.length - 1; i >= after.length; i--) text = applyChange(text, [...path, i], undefined, options);
      return;
    }
    if (!sameJson(before, after)) text = applyChange(text, path, after, options);
  };
  visit(oldValue, newDocument, []);
  return text;
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export interface CreateConfigOptions extends ConfigIdentity {
  readonly entraAuth?: EntraAuthSettings;
  readonly zendeskAuth?: ZendeskAuthSettings;
  readonly scope?: ProvisioningScope;
  readonly endpoints?: Partial<EndpointSettings>;
  /** Written as `$schema` so editors without the extension still validate the file. */
  readonly schemaUri?: string;
  /** Write the default mappings, roles and settings out in full (easier to edit; they no longer follow new defaults). */
  readonly includeDefaults?: boolean;
}

/**
 * The text of a new configuration file: what identifies the deployment, plus the defaults in full when asked. The
 * result is validated; invalid options throw ConfigError (origin `new configuration`).
 */
export function createConfigText(options: CreateConfigOptions): string {
  const document: Record<string, unknown> = {};
  if (options.schemaUri !== undefined) document.$schema = options.schemaUri;
  document.entra = {
    tenantId: options.tenantId,
    ...(options.servicePrincipalId !== undefined ? { servicePrincipalId: options.servicePrincipalId } : {}),
    ...(options.appId !== undefined ? { appId: options.appId } : {}),
    ...(options.displayName !== undefined ? { displayName: options.displayName } : {}),
    auth: options.entraAuth ?? { mode: 'vscode' },
  };
  document.zendesk = {
    subdomain: options.subdomain,
    adminEmail: options.adminEmail,
    auth: options.zendeskAuth ?? { mode: 'oauth' },
  };
  if (options.scope !== undefined || options.includeDefaults) document.scope = options.scope ?? 'assignedOnly';
  if (options.includeDefaults) {
    document.userMapping = defaultUserMapping();
    document.groupMapping = defaultGroupMapping();
    document.roles = DEFAULT_ROLE_TRANSLATIONS;
    document.deprovisioning = { action: 'suspend', skipOutOfScopeDeletions: false };
    document.accidentalDeletion = { enabled: true, threshold: 500 };
    document.notifications = { notifyOnFailure: false };
  }
  const endpoints = Object.fromEntries(Object.entries(options.endpoints ?? {}).filter(([, v]) => v !== undefined));
  if (Object.keys(endpoints).length > 0) document.endpoints = endpoints;
  const text = `${JSON.stringify(document, null, 2)}\n`;
  loadConfig(text, 'new configuration');
  return text;
}
