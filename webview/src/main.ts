/**
 * The mappings and scope editor (issue 7). Renders the draft, keeps it with setState, sends it to the host (debounced)
 * for validation and previews, and asks the host to save. It never calls Graph or Zendesk: the host does.
 *
 * Rendering: the whole view is rebuilt on structural changes (state, tab, add/delete/move/select); typing only
 * updates the draft and the decorations, so focus and caret stay where they are.
 */
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import '@vscode-elements/elements/dist/vscode-radio/index.js';
import '@vscode-elements/elements/dist/vscode-radio-group/index.js';
import '@vscode-elements/elements/dist/vscode-tabs/index.js';
import '@vscode-elements/elements/dist/vscode-tab-header/index.js';
import '@vscode-elements/elements/dist/vscode-tab-panel/index.js';
import type {
  ClauseDraft,
  EditorCatalogue,
  EditorDraft,
  FilterGroupDraft,
  MappingDraft,
  MappingKind,
  MappingPreview,
  MappingType,
  ObjectMappingDraft,
  PreviewUserSummary,
  ScopePreview,
  StateMessage,
  ValidationResult,
} from '../../src/protocol/editor-protocol';
import { ExpressionEditor } from './expression-editor';
import { debounce, h, valueOf, type Child } from './dom';
import { Host, HostError } from './host';

type Tab = 'user' | 'group' | 'scope';
const TABS: ReadonlyArray<Tab> = ['user', 'group', 'scope'];
const SECTION = { user: 'userMapping', group: 'groupMapping' } as const;
const MAPPING_TYPES: ReadonlyArray<MappingType> = ['Direct', 'Constant', 'Expression', 'None'];
const KIND_LABEL: Readonly<Record<MappingKind, string>> = { user: 'User', group: 'Group' };

interface App {
  origin: string;
  catalogue?: EditorCatalogue;
  saved?: EditorDraft;
  draft?: EditorDraft;
  loadError?: string;
  revision: number;
  validation?: ValidationResult;
  tab: Tab;
  selected?: string;
  previewUser?: PreviewUserSummary;
  searchResults: ReadonlyArray<PreviewUserSummary>;
  mappingPreview?: MappingPreview | { status: 'pending' };
  scopePreview?: ScopePreview;
  notice?: { kind: 'info' | 'error'; text: string; details?: ReadonlyArray<string> };
  busy: boolean;
}

const host = new Host((message) => {
  if (message.type === 'state') onState(message);
  else if (message.type === 'validation' && message.result.revision === app.revision) {
    app.validation = message.result;
    decorate();
  }
});

const persisted = host.persisted;
const app: App = {
  origin: '',
  revision: persisted.revision ?? 0,
  tab: persisted.tab ?? 'user',
  ...(persisted.selectedUserId ? { previewUser: { id: persisted.selectedUserId, displayName: persisted.selectedUserLabel ?? persisted.selectedUserId, assigned: true } } : {}),
  searchResults: [],
  busy: false,
};
let expressionEditor: ExpressionEditor | undefined;
let newIds = 0;

function onState(message: StateMessage): void {
  const first = app.saved === undefined;
  app.origin = message.origin;
  app.catalogue = message.catalogue;
  app.saved = message.saved;
  if (message.loadError !== undefined) app.loadError = message.loadError;
  else delete app.loadError;
  // A draft kept with setState (panel hidden or reloaded) wins over the file on the first state only.
  app.draft = first && persisted.draft !== undefined ? persisted.draft : message.saved;
  render();
  draftChanged();
}

// ---------------------------------------------------------------------------------------------------------------------
// Draft changes

const sendDraft = debounce(() => {
  if (app.draft === undefined) return;
  host.post({ type: 'draftChanged', revision: app.revision, draft: app.draft });
}, 200);
const refreshMappingPreview = debounce(() => void previewMapping(), 300);
const refreshScopePreview = debounce(() => void previewScope(), 300);

function persist(): void {
  host.persist({
    ...(app.draft ? { draft: app.draft } : {}),
    revision: app.revision,
    tab: app.tab === 'scope' ? 'user' : app.tab,
    ...(app.previewUser ? { selectedUserId: app.previewUser.id, selectedUserLabel: app.previewUser.displayName } : {}),
  });
}

function draftChanged(): void {
  app.revision++;
  persist();
  sendDraft();
  refreshMappingPreview();
  refreshScopePreview();
}

function updateDraft(change: (draft: EditorDraft) => EditorDraft, rerender = false): void {
  if (app.draft === undefined) return;
  app.draft = change(app.draft);
  if (rerender) render();
  draftChanged();
}

function updateObject(kind: MappingKind, change: (object: ObjectMappingDraft) => ObjectMappingDraft, rerender = false): void {
  updateDraft((draft) => ({ ...draft, [SECTION[kind]]: change(draft[SECTION[kind]]) }), rerender);
}

function updateMapping(kind: MappingKind, id: string, change: Partial<MappingDraft>, rerender = false): void {
  updateObject(kind, (object) => ({
    ...object,
    attributeMappings: object.attributeMappings.map((m) => {
      if (m.id !== id) return m;
      const next: Record<string, unknown> = { ...m, ...change };
      for (const [key, value] of Object.entries(change)) if (value === undefined) delete next[key];
      return next as unknown as MappingDraft;
    }),
  }), rerender);
}

function selectedMapping(): { kind: MappingKind; mapping: MappingDraft } | undefined {
  if (app.draft === undefined || app.tab === 'scope' || app.selected === undefined) return undefined;
  const mapping = app.draft[SECTION[app.tab]].attributeMappings.find((m) => m.id === app.selected);
  return mapping ? { kind: app.tab, mapping } : undefined;
}

// ---------------------------------------------------------------------------------------------------------------------
// Host requests

async function previewMapping(): Promise<void> {
  const selected = selectedMapping();
  if (selected === undefined || app.previewUser === undefined) return;
  app.mappingPreview = { status: 'pending' };
  showMappingPreview();
  try {
    app.mappingPreview = await host.request('previewMapping', { kind: selected.kind, userId: app.previewUser.id, mapping: selected.mapping });
  } catch (error) {
    app.mappingPreview = { status: 'error', message: (error as Error).message };
  }
  showMappingPreview();
}

async function previewScope(): Promise<void> {
  if (app.draft === undefined || app.loadError !== undefined) return;
  try {
    app.scopePreview = await host.request('previewScope', { draft: app.draft });
  } catch (error) {
    app.notice = { kind: 'error', text: `Scope preview failed: ${(error as Error).message}` };
  }
  showScopePreview();
  decorate();
}

async function searchUsers(query: string): Promise<void> {
  try {
    app.searchResults = await host.request('searchUsers', { query });
    if (app.searchResults.length === 0) app.notice = { kind: 'info', text: `No user matches "${query}".` };
  } catch (error) {
    app.notice = { kind: 'error', text: `User search failed: ${(error as Error).message}` };
  }
  render('preview-search');
}

async function save(): Promise<void> {
  if (app.draft === undefined || app.busy) return;
  app.busy = true;
  decorate();
  try {
    const result = await host.request('save', { draft: app.draft });
    app.notice = {
      kind: 'info',
      text: `Saved ${result.origin}.`,
      ...(result.warnings.length > 0 ? { details: result.warnings.map((w) => w.message) } : {}),
    };
  } catch (error) {
    const issues = error instanceof HostError ? (error.reply.issues ?? []).map((i) => i.message) : [];
    app.notice = { kind: 'error', text: (error as Error).message, ...(issues.length > 0 ? { details: issues } : {}) };
  } finally {
    app.busy = false;
  }
  render('save');
}

async function replaceDraft(method: 'restoreDefaults' | 'reload', notice: string): Promise<void> {
  try {
    app.draft = await host.request(method, {});
    delete app.selected;
    app.notice = { kind: 'info', text: notice };
    render();
    draftChanged();
  } catch (error) {
    app.notice = { kind: 'error', text: (error as Error).message };
    render();
  }
}

// ---------------------------------------------------------------------------------------------------------------------
// Rendering

function render(focusId?: string): void {
  const root = document.getElementById('app')!;
  const active = focusId ?? (document.activeElement as HTMLElement | null)?.id;
  expressionEditor = undefined;
  root.removeAttribute('aria-busy');
  if (app.draft === undefined || app.catalogue === undefined) return;
  root.replaceChildren(
    renderToolbar(),
    h('section', { id: 'banner', class: 'banner', role: 'status', 'aria-live': 'polite' }),
    app.loadError !== undefined ? renderLoadError(app.loadError) : renderTabs(app.draft, app.catalogue),
    renderDatalists(app.catalogue),
  );
  decorate();
  showScopePreview();
  showMappingPreview();
  if (active) focusLater(active);
}

/** Focuses an element once it is rendered (vscode-elements render asynchronously, so focus() right away is lost). */
function focusLater(id: string): void {
  const element = document.getElementById(id) as (HTMLElement & { updateComplete?: Promise<unknown> }) | null;
  if (element === null) return;
  void Promise.resolve(element.updateComplete).then(() => element.focus());
}

function renderToolbar(): HTMLElement {
  return h('header', { class: 'toolbar' },
    h('h1', {}, 'Mappings and scope'),
    h('span', { class: 'origin', title: app.origin }, app.origin),
    h('span', { id: 'dirty', class: 'dirty', hidden: true }, '● Unsaved changes'),
    h('span', { class: 'spacer' }),
    h('vscode-button', { id: 'save', onclick: () => void save() }, 'Save'),
    h('vscode-button', { id: 'discard', secondary: true, onclick: () => void replaceDraft('reload', 'Changes discarded: showing the file as saved.') }, 'Discard changes'),
    h('vscode-button', {
      id: 'restore', secondary: true,
      onclick: () => void replaceDraft('restoreDefaults', 'Gallery defaults restored in the editor. Save to write them (this starts a full re-evaluation).'),
    }, 'Restore defaults'),
  );
}

function renderLoadError(message: string): HTMLElement {
  return h('section', { class: 'load-error', role: 'alert' },
    h('h2', {}, 'The configuration file cannot be edited here'),
    h('pre', {}, message),
    h('p', {}, 'Fix it in the text editor, then choose Discard changes to reload it.'));
}

function renderTabs(draft: EditorDraft, catalogue: EditorCatalogue): HTMLElement {
  // Headers are matched by data-tab (vscode-tabs replaces their ids).
  const tabs = h('vscode-tabs', { id: 'tabs', 'selected-index': TABS.indexOf(app.tab) },
    h('vscode-tab-header', { slot: 'header', 'data-tab': 'user' }, 'User mappings'),
    h('vscode-tab-panel', {}, renderMappings('user', draft.userMapping, catalogue)),
    h('vscode-tab-header', { slot: 'header', 'data-tab': 'group' }, 'Group mappings'),
    h('vscode-tab-panel', {}, renderMappings('group', draft.groupMapping, catalogue)),
    h('vscode-tab-header', { slot: 'header', 'data-tab': 'scope' }, 'Scope'),
    h('vscode-tab-panel', {}, renderScope(draft, catalogue)),
  );
  tabs.addEventListener('vsc-tabs-select', (event) => {
    const index = (event as CustomEvent<{ selectedIndex: number }>).detail.selectedIndex;
    const tab = TABS[index];
    if (tab === undefined || tab === app.tab) return;
    app.tab = tab;
    delete app.selected;
    persist();
    render();
    // vscode-tabs assigns the headers' ids itself, so they are found by data-tab.
    const header = document.querySelector<HTMLElement>(`vscode-tab-header[data-tab="${tab}"]`);
    if (header) void Promise.resolve((header as HTMLElement & { updateComplete?: Promise<unknown> }).updateComplete).then(() => header.focus());
  });
  return tabs;
}

function renderDatalists(catalogue: EditorCatalogue): HTMLElement {
  const list = (id: string, values: ReadonlyArray<string>): HTMLElement => h('datalist', { id }, ...values.map((value) => h('option', { value })));
  return h('div', { hidden: true },
    list('dl-source-user', catalogue.sourceAttributes.user), list('dl-source-group', catalogue.sourceAttributes.group),
    list('dl-target-user', catalogue.targetAttributes.user), list('dl-target-group', catalogue.targetAttributes.group));
}

function describeSource(mapping: MappingDraft): string {
  switch (mapping.type) {
    case 'Direct': return mapping.source ? `[${mapping.source}]` : '(no source)';
    case 'Constant': return `"${mapping.source ?? ''}"`;
    case 'Expression': return mapping.source ?? '';
    case 'None': return '(none)';
  }
}

function renderMappings(kind: MappingKind, object: ObjectMappingDraft, catalogue: EditorCatalogue): HTMLElement {
  const rows = object.attributeMappings.map((mapping, index) => {
    const selected = mapping.id === app.selected;
    const label = mapping.target || `row ${index + 1}`;
    return h('tr', { id: `row-${mapping.id}`, class: selected ? 'selected' : undefined, 'aria-selected': String(selected) },
      h('td', { class: 'mono' }, mapping.target || h('em', {}, '(no target)')),
      h('td', { class: 'mono source-cell', title: describeSource(mapping) }, describeSource(mapping)),
      h('td', {}, mapping.type),
      h('td', {}, mapping.matchingPrecedence !== undefined ? String(mapping.matchingPrecedence) : ''),
      h('td', {}, mapping.apply === 'Always' ? 'Always' : 'On create only'),
      h('td', { class: 'mono' }, mapping.defaultValue ?? ''),
      h('td', { id: `status-${mapping.id}`, class: 'status' }),
      h('td', { class: 'actions' },
        h('vscode-button', { id: `edit-${mapping.id}`, secondary: !selected, 'aria-label': `Edit mapping to ${label}`, onclick: () => { app.selected = mapping.id; render(`field-type`); refreshMappingPreview(); } }, 'Edit'),
        h('vscode-button', {
          id: `delete-${mapping.id}`, secondary: true, 'aria-label': `Delete mapping to ${label}`,
          onclick: () => {
            if (app.selected === mapping.id) delete app.selected;
            const next = object.attributeMappings[index + 1] ?? object.attributeMappings[index - 1];
            updateObject(kind, (o) => ({ ...o, attributeMappings: o.attributeMappings.filter((m) => m.id !== mapping.id) }));
            render(next ? `delete-${next.id}` : `add-${kind}`);
          },
        }, 'Delete')));
  });
  const selected = selectedMapping();
  return h('div', { class: 'mappings' },
    h('table', { class: 'grid', id: `table-${kind}` },
      h('caption', {}, `${KIND_LABEL[kind]} attribute mappings (Entra → Zendesk)`),
      h('thead', {}, h('tr', {}, ...['Target (Zendesk)', 'Source (Entra)', 'Type', 'Matching', 'Apply', 'Default', 'Status', 'Actions'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, ...rows)),
    h('div', { class: 'row-actions' },
      h('vscode-button', {
        id: `add-${kind}`,
        onclick: () => {
          const mapping: MappingDraft = { id: `n${Date.now().toString(36)}${++newIds}`, type: 'Direct', source: '', target: '', apply: 'Always' };
          app.selected = mapping.id;
          updateObject(kind, (o) => ({ ...o, attributeMappings: [...o.attributeMappings, mapping] }), true);
          focusLater('field-type');
        },
      }, 'Add mapping')),
    renderPrecedence(kind, object),
    selected && selected.kind === kind ? renderMappingEditor(kind, selected.mapping, catalogue) : h('p', { class: 'hint' }, 'Choose Edit on a row to change it, see its expression and preview its value for a user.'),
  );
}

/** Matching precedence as an ordered list with Move up / Move down: the order Entra tries the matching attributes. */
function renderPrecedence(kind: MappingKind, object: ObjectMappingDraft): HTMLElement {
  const matching = object.attributeMappings.filter((m) => m.matchingPrecedence !== undefined).sort((a, b) => a.matchingPrecedence! - b.matchingPrecedence!);
  const move = (from: number, to: number): void => {
    const order = [...matching];
    const [item] = order.splice(from, 1);
    order.splice(to, 0, item!);
    const rank = new Map(order.map((m, i) => [m.id, i + 1]));
    updateObject(kind, (o) => ({ ...o, attributeMappings: o.attributeMappings.map((m) => (rank.has(m.id) ? { ...m, matchingPrecedence: rank.get(m.id)! } : m)) }), true);
  };
  return h('section', { class: 'precedence', 'aria-labelledby': `precedence-${kind}` },
    h('h3', { id: `precedence-${kind}` }, 'Matching precedence'),
    matching.length === 0
      ? h('p', { class: 'hint' }, 'No mapping matches objects: tick "Match objects using this attribute" on the one that identifies them.')
      : h('ol', {}, ...matching.map((m, i) => h('li', {},
        h('span', { class: 'rank' }, `${i + 1}.`),
        h('span', { class: 'mono' }, `${m.target || '(no target)'} ← ${describeSource(m)}`),
        h('vscode-button', { id: `up-${m.id}`, secondary: true, disabled: i === 0, 'aria-label': `Move ${m.target} up`, onclick: () => { move(i, i - 1); focusLater(`up-${m.id}`); } }, 'Move up'),
        h('vscode-button', { id: `down-${m.id}`, secondary: true, disabled: i === matching.length - 1, 'aria-label': `Move ${m.target} down`, onclick: () => { move(i, i + 1); focusLater(`down-${m.id}`); } }, 'Move down')))),
  );
}

function select(id: string, label: string, options: ReadonlyArray<[value: string, text: string]>, value: string, onChange: (value: string) => void): HTMLElement {
  const element = h('vscode-single-select', { id, label }, ...options.map(([v, text]) => h('vscode-option', { value: v, selected: v === value }, text)));
  element.addEventListener('change', (event) => onChange(valueOf(event.target)));
  return element;
}

function field(id: string, label: string, control: Child, help?: string): HTMLElement {
  return h('div', { class: 'field' },
    h('label', { for: id }, label),
    control,
    help ? h('div', { class: 'help' }, help) : null,
    h('div', { id: `msg-${id}`, class: 'field-message', 'aria-live': 'polite' }));
}

function textInput(id: string, value: string, list: string | undefined, onInput: (value: string) => void, placeholder?: string): HTMLElement {
  return h('input', { id, class: 'text-input mono', value, list, placeholder, autocomplete: 'off', spellcheck: 'false', 'aria-describedby': `msg-${id}`, oninput: (e: Event) => onInput(valueOf(e.target)) });
}

function renderMappingEditor(kind: MappingKind, mapping: MappingDraft, catalogue: EditorCatalogue): HTMLElement {
  const set = (change: Partial<MappingDraft>, rerender = false): void => {
    updateMapping(kind, mapping.id, change, rerender);
    if (!rerender) updateRow(kind, mapping.id);
  };
  let sourceControl: HTMLElement;
  switch (mapping.type) {
    case 'Direct':
      sourceControl = field('field-source', 'Source attribute (Entra)', textInput('field-source', mapping.source ?? '', `dl-source-${kind}`, (v) => set({ source: v }), 'e.g. userPrincipalName'),
        kind === 'user' ? 'Directory extensions found in the tenant are listed too.' : undefined);
      break;
    case 'Constant':
      sourceControl = field('field-source', 'Constant value', textInput('field-source', mapping.source ?? '', undefined, (v) => set({ source: v })));
      break;
    case 'Expression': {
      expressionEditor = new ExpressionEditor('field-source', mapping.source ?? '', (v) => set({ source: v }));
      sourceControl = h('div', { class: 'field' }, h('label', { for: 'field-source' }, 'Expression'), expressionEditor.element, renderFunctionList(catalogue));
      break;
    }
    case 'None':
      sourceControl = h('p', { class: 'hint' }, 'None: the Zendesk attribute is left unmodified; on create it gets the default value, if any.');
      break;
  }
  const matching = mapping.matchingPrecedence !== undefined;
  const matchingBox = h('vscode-checkbox', { id: 'field-matching', checked: matching }, 'Match objects using this attribute');
  matchingBox.addEventListener('change', (event) => {
    const on = (event.target as HTMLInputElement).checked;
    const taken = app.draft![SECTION[kind]].attributeMappings.map((m) => m.matchingPrecedence ?? 0);
    set({ matchingPrecedence: on ? Math.max(0, ...taken) + 1 : undefined }, true);
    focusLater('field-matching');
  });
  const defaultField = h('vscode-textfield', { id: 'field-default', label: 'Default value if null', value: mapping.defaultValue ?? '' });
  defaultField.addEventListener('input', (event) => set({ defaultValue: valueOf(event.target) || undefined }));
  return h('section', { class: 'editor', 'aria-labelledby': 'editor-title' },
    h('h2', { id: 'editor-title' }, `Edit ${kind} mapping${mapping.target ? ` → ${mapping.target}` : ''}`),
    h('div', { class: 'editor-grid' },
      h('div', { class: 'field' }, h('label', { for: 'field-type' }, 'Mapping type'),
        select('field-type', 'Mapping type', MAPPING_TYPES.map((t) => [t, t]), mapping.type, (v) => {
          set({ type: v as MappingType, ...(v === 'None' ? { source: undefined } : {}) }, true);
          focusLater('field-type');
        }),
        h('div', { id: 'msg-field-type', class: 'field-message' })),
      field('field-target', 'Target attribute (Zendesk)', textInput('field-target', mapping.target, `dl-target-${kind}`, (v) => set({ target: v }), 'e.g. email'),
        kind === 'user' ? 'Custom user fields are user_fields.<key>.' : undefined),
      sourceControl,
      h('div', { class: 'field' }, h('label', { for: 'field-default' }, 'Default value if null (create only)'), defaultField, h('div', { id: 'msg-field-default', class: 'field-message' })),
      h('div', { class: 'field' }, matchingBox, h('div', { id: 'msg-field-matching', class: 'field-message' })),
      h('div', { class: 'field' }, h('label', { for: 'field-apply' }, 'Apply this mapping'),
        select('field-apply', 'Apply this mapping', [['Always', 'Always'], ['OnCreateOnly', 'Only during object creation']], mapping.apply, (v) => set({ apply: v as MappingDraft['apply'] })),
        h('div', { id: 'msg-field-apply', class: 'field-message' })),
    ),
    renderPreviewPicker(),
  );
}

function renderFunctionList(catalogue: EditorCatalogue): HTMLElement {
  const functions = catalogue.functions.filter((f) => !f.legacy);
  return h('details', { class: 'functions' },
    h('summary', {}, `Functions (${functions.length})`),
    h('ul', {}, ...functions.map((f) => h('li', {},
      h('vscode-button', { secondary: true, class: 'insert', 'aria-label': `Insert ${f.name}`, onclick: () => expressionEditor?.insert(`${f.name}(`) }, 'Insert'),
      h('code', {}, f.signature), ' ', h('span', { class: 'help' }, f.description)))));
}

function renderPreviewPicker(): HTMLElement {
  const search = h('input', {
    id: 'preview-search', class: 'text-input', type: 'search', placeholder: 'Name or user principal name', autocomplete: 'off',
    onkeydown: (e: Event) => { if ((e as KeyboardEvent).key === 'Enter') void searchUsers(valueOf(e.target)); },
  });
  return h('section', { class: 'preview', 'aria-labelledby': 'preview-title' },
    h('h3', { id: 'preview-title' }, 'Live preview'),
    h('div', { class: 'inline' },
      h('label', { for: 'preview-search' }, 'Entra user'), search,
      h('vscode-button', { id: 'preview-search-button', secondary: true, onclick: () => void searchUsers((document.getElementById('preview-search') as HTMLInputElement).value) }, 'Search')),
    app.searchResults.length > 0
      ? h('ul', { class: 'search-results', 'aria-label': 'Matching users' }, ...app.searchResults.map((user) => h('li', {},
        h('vscode-button', {
          secondary: true, id: `pick-${user.id}`,
          onclick: () => { app.previewUser = user; app.searchResults = []; persist(); render('preview-search'); void previewMapping(); },
        }, `${user.displayName}${user.userPrincipalName ? ` (${user.userPrincipalName})` : ''}`))))
      : null,
    h('div', { id: 'preview-result', class: 'preview-result', role: 'status', 'aria-live': 'polite' }),
  );
}

function showMappingPreview(): void {
  const target = document.getElementById('preview-result');
  if (target === null) return;
  const user = app.previewUser;
  if (user === undefined) {
    target.replaceChildren(h('span', { class: 'hint' }, 'Search for a user to see the value this mapping produces.'));
    return;
  }
  const preview = app.mappingPreview;
  const who = h('div', { class: 'hint' }, `For ${user.displayName}${user.userPrincipalName ? ` (${user.userPrincipalName})` : ''}:`);
  if (preview === undefined || preview.status === 'pending') {
    target.replaceChildren(who, h('span', { class: 'hint' }, 'Evaluating…'));
    return;
  }
  switch (preview.status) {
    case 'flows':
      target.replaceChildren(who, h('div', { class: 'flows' }, h('span', { class: 'badge ok' }, 'Flows'), ' ',
        h('code', { id: 'preview-value' }, typeof preview.value === 'string' ? JSON.stringify(preview.value) : JSON.stringify(preview.value))));
      return;
    case 'noFlow':
      target.replaceChildren(who, h('div', {}, h('span', { class: 'badge warn' }, 'Does not flow'), ' ', preview.explanation,
        preview.defaultOnCreate !== undefined ? ` — on create the default "${preview.defaultOnCreate}" is sent.` : ''));
      return;
    case 'error':
      target.replaceChildren(who, h('div', {}, h('span', { class: 'badge err' }, 'Error'), ' ', preview.message));
      return;
  }
}

// ---------------------------------------------------------------------------------------------------------------------
// Scope

function renderScope(draft: EditorDraft, catalogue: EditorCatalogue): HTMLElement {
  const radios = h('vscode-radio-group', { id: 'scope-setting', variant: 'vertical', 'aria-label': 'Scope' },
    h('vscode-radio', { id: 'scope-assigned', name: 'scope', value: 'assignedOnly', label: 'Sync only assigned users and groups', checked: draft.scope === 'assignedOnly' }, 'Sync only assigned users and groups'),
    h('vscode-radio', { id: 'scope-all', name: 'scope', value: 'allUsersAndGroups', label: 'Sync all users and groups', checked: draft.scope === 'allUsersAndGroups' }, 'Sync all users and groups'));
  radios.addEventListener('change', (event) => {
    const value = valueOf(event.target);
    if (value === 'assignedOnly' || value === 'allUsersAndGroups') updateDraft((d) => ({ ...d, scope: value }));
  });
  return h('div', { class: 'scope' },
    h('section', { 'aria-labelledby': 'scope-title' }, h('h2', { id: 'scope-title' }, 'Scope'), radios),
    renderFilters('user', draft.userMapping.scopingFilters, catalogue),
    h('section', { class: 'scope-preview', 'aria-labelledby': 'scope-preview-title' },
      h('h2', { id: 'scope-preview-title' }, 'Who is in scope'),
      h('p', { id: 'scope-counts', role: 'status', 'aria-live': 'polite' }),
      h('div', { id: 'scope-rows' })),
    h('details', { class: 'group-filters' }, h('summary', {}, `Group scoping filters (${draft.groupMapping.scopingFilters.length})`),
      renderFilters('group', draft.groupMapping.scopingFilters, catalogue)),
  );
}

function renderFilters(kind: MappingKind, groups: ReadonlyArray<FilterGroupDraft>, catalogue: EditorCatalogue): HTMLElement {
  const setGroups = (change: (groups: FilterGroupDraft[]) => FilterGroupDraft[], rerender = false): void =>
    updateObject(kind, (o) => ({ ...o, scopingFilters: change([...o.scopingFilters]) }), rerender);
  const setClause = (g: number, c: number, change: Partial<ClauseDraft>, rerender = false): void =>
    setGroups((list) => list.map((group, gi) => (gi !== g ? group : { ...group, clauses: group.clauses.map((clause, ci) => (ci !== c ? clause : { ...clause, ...change })) })), rerender);
  const operatorOptions = catalogue.operators.map((op): [string, string] => [op.name, op.name]);
  return h('section', { class: 'filters', 'aria-labelledby': `filters-${kind}` },
    h('h3', { id: `filters-${kind}` }, `${KIND_LABEL[kind]} scoping filters`),
    h('p', { class: 'hint' }, 'An object is in scope when it passes any filter; a filter passes when all its clauses are true. No filter: every assigned object is in scope.'),
    ...groups.map((group, g) => {
      const name = h('vscode-textfield', { id: `group-${kind}-${g}-name`, label: 'Scoping filter title', value: group.name });
      name.addEventListener('input', (event) => setGroups((list) => list.map((x, i) => (i === g ? { ...x, name: valueOf(event.target) } : x))));
      return h('fieldset', { class: 'filter-group', id: `group-${kind}-${g}` },
        h('legend', {}, `Scoping filter ${g + 1}`),
        h('div', { class: 'inline' }, h('label', { for: `group-${kind}-${g}-name` }, 'Title'), name,
          h('vscode-button', { id: `group-${kind}-${g}-delete`, secondary: true, 'aria-label': `Delete scoping filter ${group.name || g + 1}`, onclick: () => setGroups((list) => list.filter((_, i) => i !== g), true) }, 'Delete filter')),
        h('div', { id: `msg-group-${kind}-${g}`, class: 'field-message' }),
        h('table', { class: 'grid clauses' },
          h('caption', { class: 'visually-hidden' }, `Clauses of scoping filter ${g + 1} (all must be true)`),
          h('thead', {}, h('tr', {}, ...['Attribute', 'Operator', 'Value', 'Status', ''].map((t) => h('th', { scope: 'col' }, t)))),
          h('tbody', {}, ...group.clauses.map((clause, c) => {
            const id = `clause-${kind}-${g}-${c}`;
            const unary = catalogue.operators.find((op) => op.name === clause.operatorName)?.arity === 'Unary';
            const value = h('vscode-textfield', { id: `${id}-value`, label: 'Value', value: clause.targetOperand.values[0] ?? '', disabled: unary, placeholder: unary ? '(no value)' : '' });
            value.addEventListener('input', (event) => setClause(g, c, { targetOperand: { values: [valueOf(event.target)] } }));
            return h('tr', { id },
              h('td', {}, textInput(`${id}-attribute`, clause.sourceOperandName, `dl-source-${kind}`, (v) => setClause(g, c, { sourceOperandName: v }), 'attribute')),
              h('td', {}, select(`${id}-operator`, 'Operator', operatorOptions, clause.operatorName, (v) => {
                const isUnary = catalogue.operators.find((op) => op.name === v)?.arity === 'Unary';
                setClause(g, c, { operatorName: v, targetOperand: { values: isUnary ? [] : [clause.targetOperand.values[0] ?? ''] } }, true);
                focusLater(`${id}-operator`);
              })),
              h('td', {}, value),
              h('td', { id: `${id}-status`, class: 'status' }),
              h('td', {}, h('vscode-button', { id: `${id}-delete`, secondary: true, 'aria-label': `Delete clause ${c + 1}`, onclick: () => setGroups((list) => list.map((x, i) => (i === g ? { ...x, clauses: x.clauses.filter((_, j) => j !== c) } : x)), true) }, 'Delete')));
          }))),
        h('vscode-button', {
          id: `group-${kind}-${g}-add-clause`, secondary: true,
          onclick: () => {
            setGroups((list) => list.map((x, i) => (i === g ? { ...x, clauses: [...x.clauses, { operatorName: 'EQUALS', sourceOperandName: '', targetOperand: { values: [''] } }] } : x)), true);
            focusLater(`clause-${kind}-${g}-${group.clauses.length}-attribute`);
          },
        }, 'Add clause'));
    }),
    h('vscode-button', {
      id: `add-filter-${kind}`,
      onclick: () => {
        setGroups((list) => [...list, { name: `Scoping filter ${list.length + 1}`, clauses: [{ operatorName: 'EQUALS', sourceOperandName: '', targetOperand: { values: [''] } }] }], true);
        focusLater(`clause-${kind}-${groups.length}-0-attribute`);
      },
    }, 'Add scoping filter'),
  );
}

function showScopePreview(): void {
  const counts = document.getElementById('scope-counts');
  const rows = document.getElementById('scope-rows');
  if (counts === null || rows === null) return;
  const preview = app.scopePreview;
  if (preview === undefined) {
    counts.textContent = 'Evaluating…';
    return;
  }
  counts.textContent = `${preview.inScope} in scope · ${preview.outOfScope} out of scope` +
    (preview.leavingScope > 0 ? ` · ${preview.leavingScope} would leave scope` : '') +
    (preview.enteringScope > 0 ? ` · ${preview.enteringScope} would come into scope` : '');
  rows.replaceChildren(h('table', { class: 'grid', id: 'scope-table' },
    h('caption', { class: 'visually-hidden' }, 'Scope preview per user'),
    h('thead', {}, h('tr', {}, ...['User', 'Assigned', 'Verdict', 'Why'].map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, ...preview.rows.map((row) => h('tr', { 'data-user': row.user.id, class: row.inScope ? 'in' : 'out' },
      h('td', {}, row.user.displayName, h('div', { class: 'help mono' }, row.user.userPrincipalName ?? '')),
      h('td', {}, row.user.assigned ? 'Yes' : 'No'),
      h('td', {}, h('span', { class: `badge ${row.inScope ? 'ok' : 'err'}` }, row.inScope ? 'In scope' : 'Out of scope')),
      h('td', {}, row.reason, row.details.length > 0 ? h('ul', { class: 'details' }, ...row.details.map((d) => h('li', { class: 'mono' }, d))) : null))))));
}

// ---------------------------------------------------------------------------------------------------------------------
// Decorations: validation, dirty marker, warnings (no re-render, so typing keeps focus)

function updateRow(kind: MappingKind, id: string): void {
  const mapping = app.draft?.[SECTION[kind]].attributeMappings.find((m) => m.id === id);
  const row = document.getElementById(`row-${id}`);
  if (mapping === undefined || row === null) return;
  const cells = row.querySelectorAll('td');
  cells[0]!.textContent = mapping.target || '(no target)';
  cells[1]!.textContent = describeSource(mapping);
  cells[5]!.textContent = mapping.defaultValue ?? '';
}

function setMessage(id: string, messages: ReadonlyArray<{ severity: 'error' | 'warning'; message: string }>): void {
  const element = document.getElementById(id);
  if (element === null) return;
  element.replaceChildren(...messages.map((m) => h('div', { class: `message-${m.severity}` }, m.message)));
}

function decorate(): void {
  const validation = app.validation;
  const current = validation?.revision === app.revision ? validation : undefined;
  const dirty = document.getElementById('dirty');
  if (dirty) dirty.hidden = !(validation?.dirty ?? false);
  const saveButton = document.getElementById('save');
  if (saveButton) {
    const disabled = app.busy || app.loadError !== undefined || current === undefined || !current.valid || !current.dirty;
    saveButton.toggleAttribute('disabled', disabled);
  }
  if (validation !== undefined && app.draft !== undefined) {
    for (const kind of ['user', 'group'] as const) {
      for (const mapping of app.draft[SECTION[kind]].attributeMappings) {
        const status = document.getElementById(`status-${mapping.id}`);
        const issues = validation.mappingIssues.filter((i) => i.kind === kind && i.mappingId === mapping.id);
        if (status) {
          const errors = issues.filter((i) => i.severity === 'error').length;
          status.replaceChildren(errors > 0 ? h('span', { class: 'badge err', title: issues.map((i) => i.message).join('\n') }, `${errors} error${errors > 1 ? 's' : ''}`)
            : issues.length > 0 ? h('span', { class: 'badge warn', title: issues.map((i) => i.message).join('\n') }, 'Warning') : h('span', { class: 'badge ok' }, 'OK'));
        }
      }
    }
    const selected = selectedMapping();
    if (selected) {
      const issues = validation.mappingIssues.filter((i) => i.kind === selected.kind && i.mappingId === selected.mapping.id);
      const byField = (field: string) => issues.filter((i) => i.field === field);
      if (expressionEditor) {
        expressionEditor.setUnderlines(byField('source').map((i) => ({ offset: i.range?.offset ?? 0, length: i.range?.length ?? 1, severity: i.severity, message: i.message })));
      } else {
        setMessage('msg-field-source', byField('source'));
      }
      setMessage('msg-field-target', byField('target'));
      setMessage('msg-field-default', byField('defaultValue'));
      setMessage('msg-field-matching', [...byField('matchingPrecedence'), ...byField('mapping')]);
      setMessage('msg-field-type', byField('type'));
      setMessage('msg-field-apply', byField('apply'));
    }
    for (const kind of ['user', 'group'] as const) {
      app.draft[SECTION[kind]].scopingFilters.forEach((group, g) => {
        setMessage(`msg-group-${kind}-${g}`, validation.scopeIssues.filter((i) => i.kind === kind && i.group === g && i.clause === undefined));
        group.clauses.forEach((_, c) => {
          const status = document.getElementById(`clause-${kind}-${g}-${c}-status`);
          const issues = validation.scopeIssues.filter((i) => i.kind === kind && i.group === g && i.clause === c);
          status?.replaceChildren(...(issues.length === 0 ? [h('span', { class: 'badge ok' }, 'OK')] : issues.map((i) => h('div', { class: `message-${i.severity}` }, i.message))));
        });
      });
    }
  }
  renderBanner();
}

function renderBanner(): void {
  const banner = document.getElementById('banner');
  if (banner === null) return;
  const items: HTMLElement[] = [];
  const validation = app.validation;
  if (app.notice) {
    items.push(h('div', { class: `notice notice-${app.notice.kind}`, id: 'notice', role: app.notice.kind === 'error' ? 'alert' : undefined }, app.notice.text,
      app.notice.details ? h('ul', {}, ...app.notice.details.map((d) => h('li', {}, d))) : null));
  }
  if (validation?.fullReevaluation) {
    items.push(h('div', { class: 'warning', id: 'warning-full' }, '⚠ Saving changes the mappings or scoping filters: Entra starts a new initial cycle and re-evaluates every user and group.'));
  }
  const leaving = app.scopePreview?.leavingScope ?? 0;
  if (leaving > 0) {
    items.push(h('div', { class: 'warning', id: 'warning-leaving' }, `⚠ ${leaving} user${leaving === 1 ? '' : 's'} will go out of scope and be deprovisioned in Zendesk (suspended, unless out-of-scope deletions are skipped).`));
  }
  for (const issue of validation?.documentIssues ?? []) {
    items.push(h('div', { class: issue.severity === 'error' ? 'error' : 'warning' }, `${issue.severity === 'error' ? '✖' : '⚠'} ${issue.message}${issue.fix ? ` — ${issue.fix}` : ''}`));
  }
  for (const problem of app.catalogue?.discoveryProblems ?? []) items.push(h('div', { class: 'hint' }, problem));
  banner.replaceChildren(...items);
  banner.hidden = items.length === 0;
}

host.post({ type: 'ready' });
