/**
 * The host side of the mappings/scope editor, free of `vscode` so it is unit-tested in plain Node: it answers the
 * webview's protocol messages (src/protocol/editor-protocol.ts) — validation, previews, save, restore defaults — over
 * injected ports for the file, the preview users and discovery. `MappingsEditorPanel` only moves messages.
 */
import {
  ConfigError,
  DEFAULT_GROUP_ATTRIBUTE_MAPPINGS,
  DEFAULT_USER_ATTRIBUTE_MAPPINGS,
  USER_FIELDS_PREFIX,
  ZENDESK_GROUP_TARGETS,
  ZENDESK_USER_TARGETS,
  loadConfig,
  updateConfigText,
  validateDocument,
  type AttributeMapping,
  type ConfigProblem,
  type ConfigWarning,
  type EntraZendeskConfig,
} from '../../core/config';
import { compileObjectMapping, evaluateMapping } from '../../core/engine';
import {
  ExpressionParseError,
  FUNCTION_CATALOGUE,
  collectLintWarnings,
  parseExpression,
  type SourceObject,
} from '../../core/expressions';
import { SCOPING_OPERATORS, evaluateScope, scopeVerdict, validateScopingFilter, type FilterGroup } from '../../core/scoping';
import {
  isWebviewToHostMessage,
  type DocumentIssue,
  type EditorCatalogue,
  type EditorDraft,
  type EditorRequests,
  type FilterGroupDraft,
  type HostToWebviewMessage,
  type MappingDraft,
  type MappingIssue,
  type MappingKind,
  type MappingPreview,
  type ObjectMappingDraft,
  type PreviewUserSummary,
  type RequestMessage,
  type SaveResult,
  type ScopeIssue,
  type ScopePreview,
  type ScopePreviewRow,
  type ValidationResult,
} from '../../protocol/editor-protocol';
import { ENTRA_GROUP_SOURCE_ATTRIBUTES, ENTRA_USER_SOURCE_ATTRIBUTES } from './source-attributes';

/** A user the previews can evaluate: the summary plus its source attributes (sync-engine names). */
export interface PreviewUser extends PreviewUserSummary {
  readonly attributes: SourceObject;
}

/**
 * Where preview users come from (the lead wires it to the Graph client or the sandbox). The editor never calls Graph
 * itself. Errors thrown here reach the webview as error replies, so their messages must not hold secrets.
 */
export interface PreviewUserSource {
  /** Users whose name or UPN starts with / contains `query`, at most `limit`. */
  searchUsers(query: string, limit: number): Promise<ReadonlyArray<PreviewUserSummary>>;
  getUser(id: string): Promise<PreviewUser | undefined>;
  /** The users the scope preview evaluates: the app's assigned users (and, for "Sync all", others), at most `limit`. */
  listScopeCandidates(limit: number): Promise<ReadonlyArray<PreviewUser>>;
}

/** Discovery for the pickers; both optional, failures are shown as a note and the built-in lists stay. */
export interface EditorDiscovery {
  /** Directory extension attribute names, e.g. `extension_<appId>_costCenter`. */
  directoryExtensions?(): Promise<ReadonlyArray<string>>;
  /** Zendesk custom user field keys (without the `user_fields.` prefix). */
  zendeskUserFieldKeys?(): Promise<ReadonlyArray<string>>;
}

/** The configuration file: text in, text out. */
export interface EditorConfigFile {
  /** Path or URI, for messages. */
  readonly origin: string;
  read(): Promise<string>;
  write(text: string): Promise<void>;
}

export interface EditorControllerDeps {
  readonly file: EditorConfigFile;
  readonly users: PreviewUserSource;
  readonly discovery?: EditorDiscovery;
  /** Posts a message to the webview. */
  readonly post: (message: HostToWebviewMessage) => void;
  /** Clock for Now() in previews; the real clock by default. */
  readonly now?: () => Date;
  /** Called after every successful save (e.g. to refresh views). */
  readonly onSaved?: (origin: string) => void;
}

const KINDS: ReadonlyArray<MappingKind> = ['user', 'group'];
const SECTION: Readonly<Record<MappingKind, 'userMapping' | 'groupMapping'>> = { user: 'userMapping', group: 'groupMapping' };
const DEFAULT_MAPPINGS: Readonly<Record<MappingKind, ReadonlyArray<AttributeMapping>>> = {
  user: DEFAULT_USER_ATTRIBUTE_MAPPINGS,
  group: DEFAULT_GROUP_ATTRIBUTE_MAPPINGS,
};
const MAPPING_KEYS = ['type', 'source', 'target', 'defaultValue', 'matchingPrecedence', 'apply'] as const;
const SEARCH_LIMIT = 20;
/** The scope preview evaluates at most this many users (enough to show the effect; the count says when it is capped). */
export const SCOPE_PREVIEW_LIMIT = 500;

/** The part of a draft that decides what is written: ids and key order don't count. */
function mappingContent(mapping: MappingDraft): AttributeMapping {
  return {
    type: mapping.type,
    ...(mapping.type !== 'None' && mapping.source !== undefined ? { source: mapping.source } : {}),
    target: mapping.target,
    ...(mapping.defaultValue !== undefined && mapping.defaultValue !== '' ? { defaultValue: mapping.defaultValue } : {}),
    ...(mapping.matchingPrecedence !== undefined ? { matchingPrecedence: mapping.matchingPrecedence } : {}),
    apply: mapping.apply,
  };
}

function filterContent(groups: ReadonlyArray<FilterGroupDraft>): FilterGroup[] {
  return groups.map((group) => ({
    name: group.name,
    clauses: group.clauses.map((clause) => ({
      operatorName: clause.operatorName,
      sourceOperandName: clause.sourceOperandName,
      targetOperand: { values: [...clause.targetOperand.values] },
    })),
  }));
}

const sameJson = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);
const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

interface Loaded {
  readonly text: string;
  readonly value: Record<string, unknown>;
  readonly saved: EditorDraft;
  /** Each saved mapping's raw file object by editor id, so keys the editor doesn't model survive a save. */
  readonly rawById: ReadonlyMap<string, Record<string, unknown>>;
}

export class EditorController {
  private loaded: Loaded | undefined;
  private catalogue: EditorCatalogue | undefined;
  private nextId = 0;

  constructor(private readonly deps: EditorControllerDeps) {}

  /** Handles one message from the webview. Never throws: request failures become error replies. */
  async handleMessage(message: unknown): Promise<void> {
    if (!isWebviewToHostMessage(message)) return;
    switch (message.type) {
      case 'ready':
        await this.sendState();
        return;
      case 'draftChanged':
        this.deps.post({ type: 'validation', result: this.validate(message.draft, message.revision) });
        return;
      case 'request':
        await this.answer(message);
        return;
    }
  }

  /** The saved state as the editor sees it (after `ready`); undefined before the file was read or when it is invalid. */
  get savedDraft(): EditorDraft | undefined {
    return this.loaded?.saved;
  }

  private async answer(request: RequestMessage): Promise<void> {
    try {
      const result = await this.run(request);
      this.deps.post({ type: 'reply', id: request.id, ok: true, result });
    } catch (error) {
      const issues = error instanceof ConfigError ? error.problems.map((p) => problemIssue(p, 'error')) : error instanceof SaveRefusedError ? error.issues : undefined;
      const message = error instanceof Error ? error.message : String(error);
      this.deps.post({ type: 'reply', id: request.id, ok: false, error: { message, ...(issues ? { issues } : {}) } });
    }
  }

  private run(request: RequestMessage): Promise<unknown> {
    switch (request.method) {
      case 'searchUsers':
        return this.searchUsers(request.params);
      case 'previewMapping':
        return this.previewMapping(request.params);
      case 'previewScope':
        return this.previewScope(request.params);
      case 'save':
        return this.save(request.params);
      case 'restoreDefaults':
        return Promise.resolve(this.defaultsDraft());
      case 'reload':
        return this.reload();
    }
  }

  // -------------------------------------------------------------------------------------------------------------------
  // State

  private async sendState(): Promise<void> {
    this.catalogue ??= await this.buildCatalogue();
    try {
      await this.load();
      this.deps.post({ type: 'state', origin: this.deps.file.origin, saved: this.loaded!.saved, catalogue: this.catalogue });
    } catch (error) {
      this.loaded = undefined;
      const loadError = error instanceof Error ? error.message : String(error);
      this.deps.post({ type: 'state', origin: this.deps.file.origin, saved: this.defaultsDraft(), catalogue: this.catalogue, loadError });
    }
  }

  private async reload(): Promise<EditorDraft> {
    await this.load();
    return this.loaded!.saved;
  }

  /** Reads and validates the file; throws ConfigError (or the read error) when it can't be edited. */
  private async load(): Promise<void> {
    const text = await this.deps.file.read();
    const { config, document } = loadConfig(text, this.deps.file.origin);
    const rawById = new Map<string, Record<string, unknown>>();
    const objectDraft = (kind: MappingKind): ObjectMappingDraft => {
      const section = document.value[SECTION[kind]];
      const rawList = isRecord(section) && Array.isArray(section.attributeMappings) ? section.attributeMappings : undefined;
      const resolved = config[SECTION[kind]];
      return {
        attributeMappings: resolved.attributeMappings.map((mapping, index) => {
          const id = this.newId(kind);
          const raw: unknown = rawList?.[index];
          if (isRecord(raw)) rawById.set(id, raw);
          return { id, ...mapping };
        }),
        scopingFilters: filterContent(resolved.scopingFilters),
      };
    };
    this.loaded = { text, value: document.value, saved: draftOf(config, objectDraft), rawById };
  }

  private newId(kind: MappingKind): string {
    return `${kind[0]}${++this.nextId}`;
  }

  /** Reference §1.3 "Restore default mappings": the gallery mappings, no scoping filters, assigned users only. */
  private defaultsDraft(): EditorDraft {
    const objectDraft = (kind: MappingKind): ObjectMappingDraft => ({
      attributeMappings: DEFAULT_MAPPINGS[kind].map((mapping) => ({ id: this.newId(kind), ...mapping })),
      scopingFilters: [],
    });
    return { scope: 'assignedOnly', userMapping: objectDraft('user'), groupMapping: objectDraft('group') };
  }

  private async buildCatalogue(): Promise<EditorCatalogue> {
    const problems: string[] = [];
    const discover = async (what: string, fn: (() => Promise<ReadonlyArray<string>>) | undefined): Promise<ReadonlyArray<string>> => {
      if (fn === undefined) return [];
      try {
        return await fn();
      } catch (error) {
        problems.push(`Could not list ${what}: ${error instanceof Error ? error.message : String(error)}`);
        return [];
      }
    };
    const discovery = this.deps.discovery;
    const [extensions, fieldKeys] = await Promise.all([
      discover('directory extensions', discovery?.directoryExtensions?.bind(discovery)),
      discover('Zendesk user fields', discovery?.zendeskUserFieldKeys?.bind(discovery)),
    ]);
    return {
      sourceAttributes: { user: [...ENTRA_USER_SOURCE_ATTRIBUTES, ...extensions], group: [...ENTRA_GROUP_SOURCE_ATTRIBUTES] },
      targetAttributes: {
        user: [...ZENDESK_USER_TARGETS, ...fieldKeys.map((key) => `${USER_FIELDS_PREFIX}${key}`)],
        group: [...ZENDESK_GROUP_TARGETS],
      },
      functions: FUNCTION_CATALOGUE.map((fn) => ({ name: fn.name, signature: fn.signature, description: fn.description, legacy: fn.legacy === true })),
      operators: SCOPING_OPERATORS.map((op) => ({ name: op.name, arity: op.arity, description: op.description, semanticsUndocumented: op.semanticsUndocumented })),
      discoveryProblems: problems,
    };
  }

  // -------------------------------------------------------------------------------------------------------------------
  // Validation

  /** Everything wrong with `draft`, plus the dirty marker and the full re-evaluation warning. */
  validate(draft: EditorDraft, revision = 0): ValidationResult {
    const mappingIssues: MappingIssue[] = [];
    const scopeIssues: ScopeIssue[] = [];
    for (const kind of KINDS) {
      const objectDraft = draft[SECTION[kind]];
      for (const mapping of objectDraft.attributeMappings) mappingIssues.push(...expressionIssues(kind, mapping));
      for (const diagnostic of validateScopingFilter({ groups: filterContent(objectDraft.scopingFilters) }, '$')) {
        const match = /^\$\.groups\[(\d+)\](?:\.clauses\[(\d+)\])?/.exec(diagnostic.path);
        scopeIssues.push({
          kind,
          ...(match?.[1] !== undefined ? { group: Number(match[1]) } : {}),
          ...(match?.[2] !== undefined ? { clause: Number(match[2]) } : {}),
          severity: diagnostic.severity,
          message: diagnostic.message,
        });
      }
    }
    const documentIssues: DocumentIssue[] = [];
    if (this.loaded !== undefined) {
      const { problems, warnings } = validateDocument(this.documentFor(draft));
      const located = (issue: DocumentIssue): void => {
        const at = /^\/(userMapping|groupMapping)\/(attributeMappings|scopingFilters)(?:\/(\d+)(?:\/(\w+))?)?/.exec(issue.path);
        if (at === null || at[3] === undefined) {
          documentIssues.push(issue);
          return;
        }
        if (at[2] === 'scopingFilters') return; // validateScopingFilter above says the same, located by group and clause.
        const kind: MappingKind = at[1] === 'userMapping' ? 'user' : 'group';
        const mapping = draft[SECTION[kind]].attributeMappings[Number(at[3])];
        if (mapping === undefined) return;
        const field = (MAPPING_KEYS as ReadonlyArray<string>).includes(at[4] ?? '') ? (at[4] as MappingIssue['field']) : 'mapping';
        // The expression's own parse error (with its position) is already listed.
        if (field === 'source' && mappingIssues.some((i) => i.mappingId === mapping.id && i.field === 'source' && i.severity === issue.severity)) return;
        mappingIssues.push({ kind, mappingId: mapping.id, field, severity: issue.severity, message: issue.fix ? `${issue.message}. ${capitalise(issue.fix)}.` : issue.message });
      };
      problems.forEach((p) => located(problemIssue(p, 'error')));
      warnings.forEach((w) => located(problemIssue(w, 'warning')));
      if (this.loaded.saved.scope === 'allUsersAndGroups' && draft.scope === 'assignedOnly') {
        documentIssues.push({
          path: '/scope', severity: 'warning',
          message: 'switching from "Sync all" to "Sync only assigned users and groups" takes effect only after the job is restarted (known issue)',
        });
      }
    }
    const saved = this.loaded?.saved;
    const changedMappings = saved !== undefined && KINDS.some((kind) =>
      !sameJson(draft[SECTION[kind]].attributeMappings.map(mappingContent), saved[SECTION[kind]].attributeMappings.map(mappingContent)) ||
      !sameJson(filterContent(draft[SECTION[kind]].scopingFilters), filterContent(saved[SECTION[kind]].scopingFilters)));
    const dirty = saved !== undefined && (changedMappings || draft.scope !== saved.scope);
    const hasError = [...mappingIssues, ...scopeIssues, ...documentIssues].some((issue) => issue.severity === 'error');
    return {
      revision,
      dirty,
      valid: this.loaded !== undefined && !hasError,
      mappingIssues,
      scopeIssues,
      documentIssues,
      // Reference §1.3: any change to attribute mappings or scoping filters starts a new initial cycle.
      fullReevaluation: changedMappings,
    };
  }

  /**
   * The file's JSON value with the draft applied. Decisions: a list the draft didn't change is left exactly as the file
   * has it (or absent, following the defaults); a list changed back to the gallery defaults is removed from the file
   * so it follows the defaults again; otherwise the list is written whole (the configuration's lists replace the
   * defaults, never merge), each mapping keeping the keys the editor doesn't model.
   */
  private documentFor(draft: EditorDraft): Record<string, unknown> {
    const loaded = this.loaded!;
    const next: Record<string, unknown> = structuredClone(loaded.value);
    if (draft.scope !== loaded.saved.scope) next.scope = draft.scope;
    for (const kind of KINDS) {
      const key = SECTION[kind];
      const section: Record<string, unknown> = isRecord(next[key]) ? (next[key] as Record<string, unknown>) : {};
      const objectDraft = draft[key];
      const savedDraft = loaded.saved[key];
      const mappings = objectDraft.attributeMappings.map(mappingContent);
      if (!sameJson(mappings, savedDraft.attributeMappings.map(mappingContent))) {
        if (sameJson(mappings, DEFAULT_MAPPINGS[kind].map((m) => mappingContent({ id: '', ...m })))) delete section.attributeMappings;
        else section.attributeMappings = objectDraft.attributeMappings.map((m) => fileMapping(m, loaded.rawById.get(m.id)));
      }
      const filters = filterContent(objectDraft.scopingFilters);
      if (!sameJson(filters, filterContent(savedDraft.scopingFilters))) {
        if (filters.length === 0) delete section.scopingFilters;
        else section.scopingFilters = filters;
      }
      if (Object.keys(section).length > 0 || isRecord(next[key])) next[key] = section;
    }
    return next;
  }

  // -------------------------------------------------------------------------------------------------------------------
  // Save

  private async save({ draft }: EditorRequests['save']['params']): Promise<SaveResult> {
    if (this.loaded === undefined) throw new Error('The configuration file could not be read; fix it in the text editor, then reload.');
    const validation = this.validate(draft);
    if (!validation.valid) {
      const issues: DocumentIssue[] = [
        ...validation.mappingIssues.filter((i) => i.severity === 'error').map((i) => ({ path: `/${SECTION[i.kind]}/attributeMappings`, severity: i.severity, message: `${i.kind} mapping to "${draft[SECTION[i.kind]].attributeMappings.find((m) => m.id === i.mappingId)?.target ?? '?'}": ${i.message}` })),
        ...validation.scopeIssues.filter((i) => i.severity === 'error').map((i) => ({ path: `/${SECTION[i.kind]}/scopingFilters`, severity: i.severity, message: i.message })),
        ...validation.documentIssues.filter((i) => i.severity === 'error'),
      ];
      throw new SaveRefusedError(issues);
    }
    const document = this.documentFor(draft);
    // Decision: edit the text currently on disk, not the text loaded earlier, so edits made meanwhile in a text editor
    // to keys the editor doesn't touch survive; the draft wins for the lists and the scope it edits.
    const current = await this.deps.file.read();
    const text = updateConfigText(current, document);
    const { warnings } = loadConfig(text, this.deps.file.origin); // throws ConfigError: never write a file that won't load
    await this.deps.file.write(text);
    await this.load();
    this.deps.post({ type: 'state', origin: this.deps.file.origin, saved: this.loaded!.saved, catalogue: this.catalogue ?? (await this.buildCatalogue()) });
    this.deps.onSaved?.(this.deps.file.origin);
    return { origin: this.deps.file.origin, warnings: warnings.map((w) => problemIssue(w, 'warning')) };
  }

  // -------------------------------------------------------------------------------------------------------------------
  // Previews

  private async searchUsers({ query }: EditorRequests['searchUsers']['params']): Promise<ReadonlyArray<PreviewUserSummary>> {
    const users = await this.deps.users.searchUsers(query.trim(), SEARCH_LIMIT);
    return users.map(summary);
  }

  private async previewMapping({ kind, userId, mapping }: EditorRequests['previewMapping']['params']): Promise<MappingPreview> {
    const user = await this.deps.users.getUser(userId);
    if (user === undefined) throw new Error(`User ${userId} was not found; search for the user again.`);
    if (mapping.type === 'None') {
      return {
        status: 'noFlow', reason: 'none', explanation: 'a None mapping leaves the Zendesk attribute unmodified',
        ...(mapping.defaultValue ? { defaultOnCreate: mapping.defaultValue } : {}),
      };
    }
    if (mapping.type === 'Expression') {
      try {
        parseExpression(mapping.source ?? '');
      } catch (error) {
        if (!(error instanceof ExpressionParseError)) throw error;
        return { status: 'error', message: `Fix the expression first (line ${error.line}, column ${error.column}): ${error.reason}` };
      }
    }
    let compiled;
    try {
      compiled = compileObjectMapping(
        { name: 'preview', enabled: true, targetObjectActions: [], scopingFilters: [], attributeMappings: [mappingContent(mapping)] },
        `/${SECTION[kind]}`,
      ).mappings[0]!;
    } catch (error) {
      return { status: 'error', message: error instanceof Error ? error.message : String(error) };
    }
    try {
      const result = evaluateMapping(compiled, { source: user.attributes, ...(this.deps.now ? { now: this.deps.now } : {}) });
      if (result.flow) return { status: 'flows', value: result.redacted ? '[Redact]' : result.value, redacted: result.redacted };
      return {
        status: 'noFlow',
        reason: result.reason,
        explanation: NO_FLOW_EXPLANATIONS[result.reason],
        ...(mapping.defaultValue ? { defaultOnCreate: mapping.defaultValue } : {}),
      };
    } catch (error) {
      // ExpressionEvaluationError: the service would escrow the user with this message.
      return { status: 'error', message: error instanceof Error ? error.message : String(error) };
    }
  }

  private async previewScope({ draft }: EditorRequests['previewScope']['params']): Promise<ScopePreview> {
    const users = await this.deps.users.listScopeCandidates(SCOPE_PREVIEW_LIMIT);
    const saved = this.loaded?.saved;
    let leavingScope = 0;
    let enteringScope = 0;
    const rows = users.map((user): ScopePreviewRow => {
      const row = scopeRow(user, draft);
      if (saved !== undefined) {
        const before = scopeRow(user, saved).inScope;
        if (before && !row.inScope) leavingScope++;
        if (!before && row.inScope) enteringScope++;
      }
      return row;
    });
    const inScope = rows.filter((row) => row.inScope).length;
    return { rows, inScope, outOfScope: rows.length - inScope, leavingScope, enteringScope };
  }
}

/** Save was asked for a draft with errors: nothing was written. */
export class SaveRefusedError extends Error {
  override readonly name = 'SaveRefusedError';
  constructor(readonly issues: ReadonlyArray<DocumentIssue>) {
    super(`Not saved: ${issues.length} problem${issues.length === 1 ? '' : 's'} to fix first (${issues.map((i) => i.message).join('; ')}).`);
  }
}

const NO_FLOW_EXPLANATIONS: Readonly<Record<string, string>> = {
  null: 'the value is null, and null values are never provisioned',
  ignoreFlowIfNullOrEmpty: 'IgnoreFlowIfNullOrEmpty saw null or "": the attribute is left out of this flow',
  iifConditionNull: 'an attribute in the IIF condition is null or "", so IIF yields null',
};

/**
 * One user's scope verdict. Decision: the user source decides `assigned` (effective entitlement, Default Access
 * excluded); with "Sync only assigned users and groups" an unassigned user is out before any filter is read.
 */
function scopeRow(user: PreviewUser, draft: EditorDraft): ScopePreviewRow {
  if (draft.scope === 'assignedOnly' && !user.assigned) {
    return { user: summary(user), inScope: false, reason: 'Not assigned to the app (scope: Sync only assigned users and groups)', details: [] };
  }
  const evaluation = evaluateScope({ groups: filterContent(draft.userMapping.scopingFilters) }, user.attributes);
  const details = evaluation.groups.flatMap((group) => group.clauses.map((clause) => `${group.name}: ${clause.explanation}`));
  return { user: summary(user), inScope: evaluation.inScope, reason: scopeVerdict(evaluation), details };
}

function summary(user: PreviewUserSummary): PreviewUserSummary {
  return {
    id: user.id,
    displayName: user.displayName,
    ...(user.userPrincipalName !== undefined ? { userPrincipalName: user.userPrincipalName } : {}),
    assigned: user.assigned,
  };
}

function draftOf(config: EntraZendeskConfig, objectDraft: (kind: MappingKind) => ObjectMappingDraft): EditorDraft {
  return { scope: config.scope, userMapping: objectDraft('user'), groupMapping: objectDraft('group') };
}

/** The mapping as written to the file: keys the editor doesn't model first (as they were), then the edited ones. */
function fileMapping(mapping: MappingDraft, raw: Record<string, unknown> | undefined): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  if (raw !== undefined) for (const [key, value] of Object.entries(raw)) if (!(MAPPING_KEYS as ReadonlyArray<string>).includes(key)) result[key] = value;
  const content = mappingContent(mapping);
  // `apply: Always` is the default: written only when the file already spelled it out.
  const { apply, ...rest } = content;
  Object.assign(result, rest);
  if (apply !== 'Always' || (raw !== undefined && 'apply' in raw)) result.apply = apply;
  return result;
}

/** Parse errors (with the range to underline) and lint warnings of an Expression mapping; a missing Direct source. */
function expressionIssues(kind: MappingKind, mapping: MappingDraft): MappingIssue[] {
  const base = { kind, mappingId: mapping.id, field: 'source' as const };
  if (mapping.type === 'Direct' && (mapping.source ?? '').trim() === '') {
    return [{ ...base, severity: 'error', message: 'a Direct mapping needs a source attribute: pick one from the list' }];
  }
  if (mapping.type !== 'Expression') return [];
  const text = mapping.source ?? '';
  if (text.trim() === '') return [{ ...base, severity: 'error', message: 'the expression is empty: write one, e.g. Join(" ", [givenName], [surname])', range: { offset: 0, length: 1 } }];
  try {
    const node = parseExpression(text);
    return collectLintWarnings(node, text).map((warning) => ({
      ...base, severity: 'warning', message: warning.message,
      range: { offset: warning.span.start, length: Math.max(1, warning.span.end - warning.span.start) },
      line: warning.line, column: warning.column,
    }));
  } catch (error) {
    if (!(error instanceof ExpressionParseError)) throw error;
    return [{
      ...base, severity: 'error', message: error.reason,
      range: { offset: error.offset, length: Math.max(1, error.length) }, line: error.line, column: error.column,
    }];
  }
}

function problemIssue(problem: ConfigProblem | ConfigWarning, severity: 'error' | 'warning'): DocumentIssue {
  return { path: problem.path, severity, message: problem.message, ...(problem.fix !== undefined ? { fix: problem.fix } : {}) };
}

const capitalise = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);
