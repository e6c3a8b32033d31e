/**
 * The message protocol between the mappings/scope editor webview and the extension host.
 * This module is the only code shared by both sides: it must stay free of imports (the webview's tsconfig includes
 * only this file), so the shapes below restate the configuration model structurally; the host's tests prove they fit.
 *
 * Three kinds of message (the habit of gitkraken/vscode-gitlens `ipc.ts` and vscode-pull-request-github `webview.ts`):
 * - commands, webview → host, fire-and-forget: `ready` (the handshake: the host posts nothing before it) and
 *   `draftChanged` (the host answers with a `validation` notification for that revision);
 * - requests, webview → host, answered by exactly one `reply` with the same `id`, either `ok: true` + `result` or
 *   `ok: false` + `error` (requests never hang: a failing handler becomes an error reply);
 * - notifications, host → webview: `state` (the document and everything the pickers list), `validation`, `reply`.
 */

// ---------------------------------------------------------------------------------------------------------------------
// The edited model (a structural copy of src/core/config and src/core/scoping types)

export type MappingType = 'Direct' | 'Constant' | 'Expression' | 'None';
export type MappingApply = 'Always' | 'OnCreateOnly';
export type ProvisioningScope = 'assignedOnly' | 'allUsersAndGroups';
export type MappingKind = 'user' | 'group';

/** One attribute mapping as the editor holds it; `id` is the editor's row key (not written to the file). */
export interface MappingDraft {
  readonly id: string;
  readonly type: MappingType;
  /** Direct: attribute name; Constant: the value; Expression: expression text; None: absent. */
  readonly source?: string;
  readonly target: string;
  readonly defaultValue?: string;
  /** Absent = not a matching attribute; ≥ 1, lowest tried first. */
  readonly matchingPrecedence?: number;
  readonly apply: MappingApply;
}

export interface ClauseDraft {
  readonly operatorName: string;
  readonly sourceOperandName: string;
  readonly targetOperand: { readonly values: ReadonlyArray<string> };
}

export interface FilterGroupDraft {
  readonly name: string;
  readonly clauses: ReadonlyArray<ClauseDraft>;
}

export interface ObjectMappingDraft {
  readonly attributeMappings: ReadonlyArray<MappingDraft>;
  readonly scopingFilters: ReadonlyArray<FilterGroupDraft>;
}

/** Everything the editor edits: the scope setting and the user and group object mappings. */
export interface EditorDraft {
  readonly scope: ProvisioningScope;
  readonly userMapping: ObjectMappingDraft;
  readonly groupMapping: ObjectMappingDraft;
}

// ---------------------------------------------------------------------------------------------------------------------
// What the pickers list

export interface FunctionInfo {
  readonly name: string;
  /** e.g. `Mid(source, start, length)`. */
  readonly signature: string;
  readonly description: string;
  readonly legacy: boolean;
}

export interface OperatorInfo {
  /** The exact Graph `operatorName`. */
  readonly name: string;
  readonly arity: 'Unary' | 'Binary';
  readonly description: string;
  readonly semanticsUndocumented: boolean;
}

export interface EditorCatalogue {
  /** Entra source attributes, per object kind; user attributes include directory extensions discovered in the tenant. */
  readonly sourceAttributes: Readonly<Record<MappingKind, ReadonlyArray<string>>>;
  /** Zendesk target attributes, per object kind; user targets include `user_fields.<key>` discovered in the account. */
  readonly targetAttributes: Readonly<Record<MappingKind, ReadonlyArray<string>>>;
  readonly functions: ReadonlyArray<FunctionInfo>;
  readonly operators: ReadonlyArray<OperatorInfo>;
  /** Why discovery of extensions/user fields failed, if it did (the lists then hold the built-ins only). */
  readonly discoveryProblems: ReadonlyArray<string>;
}

// ---------------------------------------------------------------------------------------------------------------------
// Validation

export interface TextRange {
  /** 0-based UTF-16 offset into the edited text. */
  readonly offset: number;
  /** ≥ 1. */
  readonly length: number;
}

/** A problem with one mapping. `field` names the cell it belongs to; `range` is set for expression errors. */
export interface MappingIssue {
  readonly kind: MappingKind;
  /** The mapping's `id`. */
  readonly mappingId: string;
  readonly field: 'source' | 'target' | 'defaultValue' | 'matchingPrecedence' | 'type' | 'apply' | 'mapping';
  readonly severity: 'error' | 'warning';
  readonly message: string;
  readonly range?: TextRange;
  /** 1-based, for messages. */
  readonly line?: number;
  readonly column?: number;
}

/** A problem with a scoping filter, a group or one clause (`clause` absent = the whole group). */
export interface ScopeIssue {
  readonly kind: MappingKind;
  readonly group?: number;
  readonly clause?: number;
  readonly severity: 'error' | 'warning';
  readonly message: string;
}

/** A problem of the document as a whole (schema or semantic), located by JSON Pointer. */
export interface DocumentIssue {
  readonly path: string;
  readonly severity: 'error' | 'warning';
  readonly message: string;
  readonly fix?: string;
}

export interface ValidationResult {
  /** The `draftChanged` revision this answers; the webview ignores results for older revisions. */
  readonly revision: number;
  /** The draft differs from the file. */
  readonly dirty: boolean;
  /** No error anywhere: Save is allowed. */
  readonly valid: boolean;
  readonly mappingIssues: ReadonlyArray<MappingIssue>;
  readonly scopeIssues: ReadonlyArray<ScopeIssue>;
  readonly documentIssues: ReadonlyArray<DocumentIssue>;
  /** Saving changes mappings or scoping filters: Entra starts a new initial cycle (every object re-evaluated). */
  readonly fullReevaluation: boolean;
}

// ---------------------------------------------------------------------------------------------------------------------
// Previews

export interface PreviewUserSummary {
  readonly id: string;
  readonly displayName: string;
  readonly userPrincipalName?: string;
  /** Assigned to the enterprise app (directly or through a group). */
  readonly assigned: boolean;
}

export type MappingPreview =
  | { readonly status: 'flows'; readonly value: string | ReadonlyArray<unknown>; readonly redacted: boolean }
  | {
      readonly status: 'noFlow';
      /** `null`, `ignoreFlowIfNullOrEmpty`, `iifConditionNull` or `none` (type None leaves the target unmodified). */
      readonly reason: string;
      readonly explanation: string;
      /** The default value that would be sent instead, on create only. */
      readonly defaultOnCreate?: string;
    }
  | { readonly status: 'error'; readonly message: string };

export interface ScopePreviewRow {
  readonly user: PreviewUserSummary;
  readonly inScope: boolean;
  /** One sentence: the verdict (`Passed scope filter "Sales only"`, `not assigned to the app`, …). */
  readonly reason: string;
  /** Each clause's explanation, group by group. */
  readonly details: ReadonlyArray<string>;
}

export interface ScopePreview {
  readonly rows: ReadonlyArray<ScopePreviewRow>;
  readonly inScope: number;
  readonly outOfScope: number;
  /** Users in scope with the saved configuration who would be out of scope with the draft. */
  readonly leavingScope: number;
  /** Users out of scope with the saved configuration who would come into scope. */
  readonly enteringScope: number;
}

export interface SaveResult {
  /** Where the file was written (for the message). */
  readonly origin: string;
  /** Warnings of the saved configuration (e.g. unknown keys that look like typos). */
  readonly warnings: ReadonlyArray<DocumentIssue>;
}

// ---------------------------------------------------------------------------------------------------------------------
// Requests (webview → host, answered)

export interface EditorRequests {
  searchUsers: { params: { readonly query: string }; result: ReadonlyArray<PreviewUserSummary> };
  previewMapping: {
    params: { readonly kind: MappingKind; readonly userId: string; readonly mapping: MappingDraft };
    result: MappingPreview;
  };
  previewScope: { params: { readonly draft: EditorDraft }; result: ScopePreview };
  /** Validates again, writes the file when valid; rejected with the problems otherwise. */
  save: { params: { readonly draft: EditorDraft }; result: SaveResult };
  /** The gallery defaults for mappings, scoping filters and scope (not saved until Save). */
  restoreDefaults: { params: Record<string, never>; result: EditorDraft };
  /** Re-reads the file, dropping the draft. */
  reload: { params: Record<string, never>; result: EditorDraft };
}

export type EditorRequestMethod = keyof EditorRequests;

export type RequestMessage<M extends EditorRequestMethod = EditorRequestMethod> = M extends EditorRequestMethod
  ? { readonly type: 'request'; readonly id: number; readonly method: M; readonly params: EditorRequests[M]['params'] }
  : never;

export interface ReplyError {
  readonly message: string;
  /** Document problems when a save was refused. */
  readonly issues?: ReadonlyArray<DocumentIssue>;
}

export type ReplyMessage =
  | { readonly type: 'reply'; readonly id: number; readonly ok: true; readonly result: unknown }
  | { readonly type: 'reply'; readonly id: number; readonly ok: false; readonly error: ReplyError };

// ---------------------------------------------------------------------------------------------------------------------
// Commands (webview → host) and notifications (host → webview)

/** Sent by the webview once its script has loaded, before the host sends any state. */
export interface ReadyMessage {
  readonly type: 'ready';
}

export interface DraftChangedMessage {
  readonly type: 'draftChanged';
  readonly revision: number;
  readonly draft: EditorDraft;
}

export type WebviewToHostMessage = ReadyMessage | DraftChangedMessage | RequestMessage;

export interface StateMessage {
  readonly type: 'state';
  /** The file's path or URI, for the title. */
  readonly origin: string;
  /** What the file holds now (the baseline for the dirty marker). */
  readonly saved: EditorDraft;
  readonly catalogue: EditorCatalogue;
  /** Set when the file can't be edited (it doesn't parse); the editor shows it instead of the tables. */
  readonly loadError?: string;
}

export interface ValidationMessage {
  readonly type: 'validation';
  readonly result: ValidationResult;
}

export type HostToWebviewMessage = StateMessage | ValidationMessage | ReplyMessage;

// ---------------------------------------------------------------------------------------------------------------------
// Type guards (both sides receive `unknown` from postMessage)

const REQUEST_METHODS: ReadonlyArray<EditorRequestMethod> = ['searchUsers', 'previewMapping', 'previewScope', 'save', 'restoreDefaults', 'reload'];

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

export function isWebviewToHostMessage(value: unknown): value is WebviewToHostMessage {
  if (!isObject(value)) return false;
  switch (value.type) {
    case 'ready':
      return true;
    case 'draftChanged':
      return typeof value.revision === 'number' && isObject(value.draft);
    case 'request':
      return typeof value.id === 'number' && REQUEST_METHODS.includes(value.method as EditorRequestMethod) && isObject(value.params);
    default:
      return false;
  }
}

export function isHostToWebviewMessage(value: unknown): value is HostToWebviewMessage {
  if (!isObject(value)) return false;
  return value.type === 'state' || value.type === 'validation' || (value.type === 'reply' && typeof value.id === 'number');
}

/** What the webview keeps with `setState` so a hidden or reloaded panel comes back as it was. */
export interface WebviewPersistedState {
  readonly draft?: EditorDraft;
  readonly revision?: number;
  readonly tab?: MappingKind;
  readonly selectedUserId?: string;
  readonly selectedUserLabel?: string;
}
