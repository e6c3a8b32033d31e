import assert from 'node:assert/strict';
import { loadConfig } from '../../../src/core/config';
import { EditorController, type EditorControllerDeps } from '../../../src/extension/editor/editor-controller';
import type {
  EditorDraft,
  EditorRequestMethod,
  EditorRequests,
  HostToWebviewMessage,
  MappingDraft,
  MappingPreview,
  ReplyMessage,
  ScopePreview,
  StateMessage,
  ValidationResult,
} from '../../../src/protocol/editor-protocol';
import { MINIMAL_CONFIG, MemoryFile, MemoryUsers, SAMPLE_USERS } from './fakes';

class Harness {
  readonly posted: HostToWebviewMessage[] = [];
  readonly file: MemoryFile;
  readonly controller: EditorController;
  private nextId = 0;

  constructor(text = MINIMAL_CONFIG, overrides: Partial<EditorControllerDeps> = {}) {
    this.file = new MemoryFile(text);
    this.controller = new EditorController({
      file: this.file,
      users: new MemoryUsers(SAMPLE_USERS),
      discovery: { directoryExtensions: async () => ['extension_abc_costCenter'], zendeskUserFieldKeys: async () => ['badge'] },
      post: (message) => this.posted.push(message),
      now: () => new Date('2026-01-02T03:04:05Z'),
      ...overrides,
    });
  }

  async ready(): Promise<StateMessage> {
    await this.controller.handleMessage({ type: 'ready' });
    return this.lastOf('state');
  }

  lastOf<T extends HostToWebviewMessage['type']>(type: T): Extract<HostToWebviewMessage, { type: T }> {
    const found = [...this.posted].reverse().find((m) => m.type === type);
    assert.ok(found, `no ${type} message was posted`);
    return found as Extract<HostToWebviewMessage, { type: T }>;
  }

  async validate(draft: EditorDraft, revision = 1): Promise<ValidationResult> {
    await this.controller.handleMessage({ type: 'draftChanged', revision, draft });
    return this.lastOf('validation').result;
  }

  async request<M extends EditorRequestMethod>(method: M, params: EditorRequests[M]['params']): Promise<ReplyMessage> {
    const id = ++this.nextId;
    await this.controller.handleMessage({ type: 'request', id, method, params });
    const reply = this.posted.find((m): m is ReplyMessage => m.type === 'reply' && m.id === id);
    assert.ok(reply, `no reply to request ${id} (${method})`);
    return reply;
  }

  async result<M extends EditorRequestMethod>(method: M, params: EditorRequests[M]['params']): Promise<EditorRequests[M]['result']> {
    const reply = await this.request(method, params);
    assert.ok(reply.ok, `request ${method} failed: ${reply.ok ? '' : reply.error.message}`);
    return reply.result as EditorRequests[M]['result'];
  }
}

const withUserMappings = (draft: EditorDraft, mappings: ReadonlyArray<MappingDraft>): EditorDraft => ({
  ...draft,
  userMapping: { ...draft.userMapping, attributeMappings: mappings },
});

const expressionMapping = (source: string, extra: Partial<MappingDraft> = {}): MappingDraft => ({
  id: 'new-1', type: 'Expression', source, target: 'user_fields.badge', apply: 'Always', ...extra,
});

const salesOnly = (draft: EditorDraft): EditorDraft => ({
  ...draft,
  userMapping: {
    ...draft.userMapping,
    scopingFilters: [{ name: 'Sales only', clauses: [{ operatorName: 'EQUALS', sourceOperandName: 'department', targetOperand: { values: ['Sales'] } }] }],
  },
});

describe('EditorController', () => {
  describe('handshake and state', () => {
    it('posts nothing before ready, then the saved draft and the catalogue', async () => {
      const h = new Harness();
      assert.equal(h.posted.length, 0);
      const state = await h.ready();
      assert.equal(state.loadError, undefined);
      assert.equal(state.origin, h.file.origin);
      assert.equal(state.saved.scope, 'assignedOnly');
      assert.deepEqual(state.saved.userMapping.attributeMappings.map((m) => m.target), ['email', 'external_id', 'name', 'suspended', 'role', 'phone', 'locale']);
      assert.equal(new Set(state.saved.userMapping.attributeMappings.map((m) => m.id)).size, 7, 'every row has its own id');
      assert.ok(state.catalogue.sourceAttributes.user.includes('extension_abc_costCenter'));
      assert.ok(state.catalogue.sourceAttributes.user.includes('userPrincipalName'));
      assert.ok(state.catalogue.targetAttributes.user.includes('user_fields.badge'));
      assert.ok(state.catalogue.targetAttributes.group.includes('members'));
      assert.deepEqual(state.catalogue.operators.map((o) => o.name), [
        'EQUALS', 'NOT EQUALS', 'IS TRUE', 'IS FALSE', 'IS NULL', 'IS NOT NULL', 'REGEX MATCH', 'NOT REGEX MATCH',
        'Greater_Than', 'Greater_Than_OR_EQUALS', 'Includes', 'ENDS_WITH', '&', '!&',
      ]);
      const mid = state.catalogue.functions.find((f) => f.name === 'Mid');
      assert.ok(mid && mid.signature.startsWith('Mid('));
      assert.deepEqual(state.catalogue.discoveryProblems, []);
    });

    it('keeps the built-in lists and says why when discovery fails', async () => {
      const h = new Harness(MINIMAL_CONFIG, {
        discovery: { directoryExtensions: async () => { throw new Error('Graph said 403 Forbidden'); } },
      });
      const state = await h.ready();
      assert.deepEqual(state.catalogue.discoveryProblems, ['Could not list directory extensions: Graph said 403 Forbidden']);
      assert.ok(state.catalogue.sourceAttributes.user.includes('department'));
    });

    it('reports a file that does not load instead of editing it', async () => {
      const h = new Harness('{ "entra": ');
      const state = await h.ready();
      assert.match(state.loadError ?? '', /JSON syntax error at line 1/);
      const reply = await h.request('save', { draft: state.saved });
      assert.equal(reply.ok, false);
      assert.match(reply.ok ? '' : reply.error.message, /could not be read/);
      assert.equal(h.file.writes.length, 0);
    });

    it('ignores messages that are not part of the protocol', async () => {
      const h = new Harness();
      await h.controller.handleMessage({ type: 'request', id: 1, method: 'deleteEverything', params: {} });
      await h.controller.handleMessage('ready');
      await h.controller.handleMessage(null);
      assert.equal(h.posted.length, 0);
    });
  });

  describe('validation', () => {
    it('locates an expression parse error by offset and length, and clears it once fixed', async () => {
      const h = new Harness();
      const { saved } = await h.ready();
      const broken = withUserMappings(saved, [...saved.userMapping.attributeMappings, expressionMapping('Join(" ", [givenName] [surname])')]);
      const result = await h.validate(broken, 7);
      assert.equal(result.revision, 7);
      assert.equal(result.valid, false);
      assert.equal(result.dirty, true);
      assert.equal(result.fullReevaluation, true);
      const issue = result.mappingIssues.find((i) => i.mappingId === 'new-1');
      assert.ok(issue, JSON.stringify(result.mappingIssues));
      assert.equal(issue.severity, 'error');
      assert.equal(issue.field, 'source');
      assert.equal(issue.range?.offset, 'Join(" ", [givenName] '.length, issue.message);
      assert.equal(issue.column, 'Join(" ", [givenName] '.length + 1);
      assert.equal(result.mappingIssues.filter((i) => i.mappingId === 'new-1' && i.field === 'source').length, 1, 'reported once');

      const fixed = await h.validate(withUserMappings(saved, [...saved.userMapping.attributeMappings, expressionMapping('Join(" ", [givenName], [surname])')]), 8);
      assert.deepEqual(fixed.mappingIssues.filter((i) => i.severity === 'error'), []);
      assert.equal(fixed.valid, true);
    });

    it('an unchanged draft is clean and triggers no full re-evaluation', async () => {
      const h = new Harness();
      const { saved } = await h.ready();
      const result = await h.validate(saved);
      assert.deepEqual({ dirty: result.dirty, valid: result.valid, full: result.fullReevaluation }, { dirty: false, valid: true, full: false });
    });

    it('changing only the scope setting is dirty but not a mapping change', async () => {
      const h = new Harness();
      const { saved } = await h.ready();
      const result = await h.validate({ ...saved, scope: 'allUsersAndGroups' });
      assert.equal(result.dirty, true);
      assert.equal(result.fullReevaluation, false);
    });

    it('maps document problems onto the mapping row and field (duplicate target, missing Direct source)', async () => {
      const h = new Harness();
      const { saved } = await h.ready();
      const rows = saved.userMapping.attributeMappings;
      const draft = withUserMappings(saved, [...rows, { id: 'dup', type: 'Direct', source: 'mail', target: 'email', apply: 'Always' }, { id: 'empty', type: 'Direct', source: '', target: 'alias', apply: 'Always' }]);
      const result = await h.validate(draft);
      const dup = result.mappingIssues.find((i) => i.mappingId === 'dup' && i.field === 'target');
      assert.ok(dup, JSON.stringify(result.mappingIssues));
      assert.match(dup.message, /already mapped/);
      const empty = result.mappingIssues.find((i) => i.mappingId === 'empty' && i.field === 'source');
      assert.ok(empty);
      assert.match(empty.message, /Direct mapping needs a source attribute/);
      assert.equal(result.valid, false);
    });

    it('locates scoping errors by group and clause, warnings too', async () => {
      const h = new Harness();
      const { saved } = await h.ready();
      const draft: EditorDraft = {
        ...saved,
        userMapping: {
          ...saved.userMapping,
          scopingFilters: [{
            name: 'Numbers',
            clauses: [
              { operatorName: 'EQUALS', sourceOperandName: 'department', targetOperand: { values: ['Sales'] } },
              { operatorName: 'Less_Than', sourceOperandName: 'employeeId', targetOperand: { values: ['5'] } },
              { operatorName: '&', sourceOperandName: 'department', targetOperand: { values: ['Sales,Support'] } },
            ],
          }],
        },
      };
      const result = await h.validate(draft);
      const error = result.scopeIssues.find((i) => i.severity === 'error');
      assert.deepEqual(error && { kind: error.kind, group: error.group, clause: error.clause }, { kind: 'user', group: 0, clause: 1 });
      assert.ok(result.scopeIssues.some((i) => i.severity === 'warning' && i.clause === 2), JSON.stringify(result.scopeIssues));
      assert.equal(result.valid, false);
    });

    it('warns that switching Sync all back to assigned needs a restart', async () => {
      const h = new Harness(MINIMAL_CONFIG.replace('"teamNote"', '"scope": "allUsersAndGroups", "teamNote"'));
      const { saved } = await h.ready();
      const result = await h.validate({ ...saved, scope: 'assignedOnly' });
      assert.ok(result.documentIssues.some((i) => i.path === '/scope' && /restarted/.test(i.message)));
      assert.equal(result.valid, true, 'a warning does not block saving');
    });
  });

  describe('previews', () => {
    it('searches users through the injected source', async () => {
      const h = new Harness();
      await h.ready();
      const found = await h.result('searchUsers', { query: '  jane ' });
      assert.deepEqual(found.map((u) => u.id), ['u-jane']);
    });

    it('previews an expression value for a user, and a null that falls back to the default on create', async () => {
      const h = new Harness();
      await h.ready();
      const value = await h.result('previewMapping', { kind: 'user', userId: 'u-jane', mapping: expressionMapping('Join(" ", [givenName], [surname])') });
      assert.deepEqual(value, { status: 'flows', value: 'Jane Doe', redacted: false });
      const none: MappingPreview = await h.result('previewMapping', {
        kind: 'user', userId: 'u-bob', mapping: { id: 'x', type: 'Direct', source: 'jobTitle', target: 'details', defaultValue: 'n/a', apply: 'Always' },
      });
      assert.equal(none.status, 'noFlow');
      assert.deepEqual(none.status === 'noFlow' && { reason: none.reason, defaultOnCreate: none.defaultOnCreate }, { reason: 'null', defaultOnCreate: 'n/a' });
    });

    it('previews evaluation and parse errors as an error status, an unknown user as an error reply', async () => {
      const h = new Harness();
      await h.ready();
      const bad = await h.result('previewMapping', { kind: 'user', userId: 'u-jane', mapping: expressionMapping('Mid([givenName], 0, 2)') });
      assert.equal(bad.status, 'error');
      const parse = await h.result('previewMapping', { kind: 'user', userId: 'u-jane', mapping: expressionMapping('Join(') });
      assert.equal(parse.status, 'error');
      const reply = await h.request('previewMapping', { kind: 'user', userId: 'nobody', mapping: expressionMapping('[mail]') });
      assert.equal(reply.ok, false);
      assert.match(reply.ok ? '' : reply.error.message, /User nobody was not found/);
    });

    it('lists who is in and out of scope and why, and counts users leaving scope', async () => {
      const h = new Harness();
      const { saved } = await h.ready();
      const before: ScopePreview = await h.result('previewScope', { draft: saved });
      assert.deepEqual([before.inScope, before.outOfScope, before.leavingScope], [3, 1, 0]);
      const max = before.rows.find((r) => r.user.id === 'u-max');
      assert.match(max?.reason ?? '', /Not assigned to the app/);

      const after: ScopePreview = await h.result('previewScope', { draft: salesOnly(saved) });
      assert.deepEqual([after.inScope, after.outOfScope, after.leavingScope, after.enteringScope], [2, 2, 1, 0]);
      const bob = after.rows.find((r) => r.user.id === 'u-bob');
      assert.equal(bob?.inScope, false);
      assert.match(bob?.reason ?? '', /did not pass scoping filter "Sales only"/);
      assert.match(bob?.details[0] ?? '', /department EQUALS "Sales": value "Support" → false/);

      const all: ScopePreview = await h.result('previewScope', { draft: { ...salesOnly(saved), scope: 'allUsersAndGroups' } });
      assert.deepEqual([all.inScope, all.enteringScope], [3, 1], 'Max is in Sales and, with Sync all, comes into scope');
    });
  });

  describe('save', () => {
    it('writes only what changed, keeping comments, unknown keys and formatting', async () => {
      const h = new Harness();
      const { saved } = await h.ready();
      const draft = salesOnly(withUserMappings(saved, [...saved.userMapping.attributeMappings, expressionMapping('Join(" ", [givenName], [surname])')]));
      const result = await h.result('save', { draft });
      assert.equal(result.origin, h.file.origin);
      assert.equal(h.file.writes.length, 1);
      const text = h.file.text;
      assert.ok(text.startsWith('{\n  // The deployment this workspace provisions.\n'), text);
      assert.match(text, /"teamNote": "kept by every save"/);
      const { config } = loadConfig(text, 'saved');
      assert.equal(config.userMapping.attributeMappings.length, 8);
      assert.deepEqual(config.userMapping.attributeMappings[7], { type: 'Expression', source: 'Join(" ", [givenName], [surname])', target: 'user_fields.badge', apply: 'Always' });
      assert.equal(config.userMapping.scopingFilters[0]?.name, 'Sales only');
      assert.equal('groupMapping' in (JSON.parse(text.replace(/^\s*\/\/.*$/gm, '')) as object), false, 'untouched sections are not written');

      const state = h.lastOf('state');
      assert.equal(state.saved.userMapping.attributeMappings.length, 8, 'the new baseline is posted');
      const clean = await h.validate(state.saved);
      assert.equal(clean.dirty, false);
    });

    it('keeps keys the editor does not model on an edited mapping', async () => {
      const withNote = MINIMAL_CONFIG.replace('"teamNote"', `"userMapping": { "attributeMappings": [
    { "type": "Direct", "source": "userPrincipalName", "target": "email", "matchingPrecedence": 1, "comment": "login" },
    { "type": "Direct", "source": "displayName", "target": "name" }
  ] },
  "teamNote"`);
      const h = new Harness(withNote);
      const { saved } = await h.ready();
      const [email, name] = saved.userMapping.attributeMappings;
      await h.result('save', { draft: withUserMappings(saved, [{ ...email!, source: 'mail' }, name!]) });
      assert.match(h.file.text, /\{ "type": "Direct", "source": "mail", "target": "email", "matchingPrecedence": 1, "comment": "login" \}/);
      assert.doesNotMatch(h.file.text, /"apply"/, 'apply: Always is not spelled out when the file did not');
    });

    it('refuses a draft with errors and writes nothing', async () => {
      const h = new Harness();
      const { saved } = await h.ready();
      const reply = await h.request('save', { draft: withUserMappings(saved, [...saved.userMapping.attributeMappings, expressionMapping('Join(')]) });
      assert.equal(reply.ok, false);
      if (reply.ok) return;
      assert.match(reply.error.message, /^Not saved: 1 problem to fix first/);
      assert.equal(reply.error.issues?.length, 1);
      assert.equal(h.file.writes.length, 0);
    });

    it('restore defaults gives the gallery mappings; saving them removes the lists from the file', async () => {
      const custom = MINIMAL_CONFIG.replace('"teamNote"', `"scope": "allUsersAndGroups",
  "userMapping": { "attributeMappings": [{ "type": "Direct", "source": "mail", "target": "email", "matchingPrecedence": 1 }, { "type": "Direct", "source": "displayName", "target": "name" }],
    "scopingFilters": [{ "name": "Sales", "clauses": [{ "operatorName": "EQUALS", "sourceOperandName": "department", "targetOperand": { "values": ["Sales"] } }] }] },
  "teamNote"`);
      const h = new Harness(custom);
      await h.ready();
      const defaults = await h.result('restoreDefaults', {});
      assert.equal(defaults.scope, 'assignedOnly');
      assert.equal(defaults.userMapping.attributeMappings.length, 7);
      assert.deepEqual(defaults.userMapping.scopingFilters, []);
      const validation = await h.validate(defaults);
      assert.equal(validation.fullReevaluation, true);
      await h.result('save', { draft: defaults });
      assert.doesNotMatch(h.file.text, /attributeMappings|scopingFilters/);
      assert.match(h.file.text, /"scope": "assignedOnly"/);
      assert.match(h.file.text, /"teamNote"/);
    });

    it('reload drops the draft and re-reads the file', async () => {
      const h = new Harness();
      await h.ready();
      h.file.text = MINIMAL_CONFIG.replace('"teamNote"', '"scope": "allUsersAndGroups", "teamNote"');
      const reloaded = await h.result('reload', {});
      assert.equal(reloaded.scope, 'allUsersAndGroups');
    });
  });
});
