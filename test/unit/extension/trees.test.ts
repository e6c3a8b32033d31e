/**
 * The trees and documents built from a real import of the demo sandbox (both emulators in process, through the
 * CLI's run wiring the extension reuses), and the tree provider's states with the vscode mock.
 */
import './vscode-mock';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { openRun, trialProvision, type EngineRun } from '../../../src/app/engine-run';
import { startLocalSandbox, type LocalSandbox } from '../../../src/app/local-sandbox';
import { buildPlan, importModel } from '../../../src/core/engine';
import type { ConnectionState } from '../../../src/extension/constants';
import { confirmationText, planDeletions, planDocument, scopeDocument, trialDocument } from '../../../src/extension/commands/documents';
import type { Snapshot } from '../../../src/extension/services/session';
import { activityNodes, assignmentNodes, USERS_PAGE_SIZE, zendeskGroupNodes, zendeskRoleNodes, zendeskUserNodes, type NodeSpec } from '../../../src/extension/trees/nodes';
import { SnapshotTreeProvider } from '../../../src/extension/trees/provider';
import { EventEmitter, TreeItemCollapsibleState, type TreeItem } from './vscode-mock';

function flatten(specs: ReadonlyArray<NodeSpec>): NodeSpec[] {
  return specs.flatMap((s) => [s, ...flatten(s.children ?? [])]);
}

describe('extension trees and documents (demo sandbox)', function () {
  this.timeout(60_000);
  let sandbox: LocalSandbox;
  let run: EngineRun;
  let snapshot: Snapshot;
  let dir: string;

  before(async () => {
    sandbox = await startLocalSandbox({ zendeskTimeScale: 10 });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ez-ext-'));
    const configPath = path.join(dir, 'entra-zendesk.json');
    fs.writeFileSync(configPath, sandbox.configText());
    run = openRun({ config: configPath }, { env: { ...sandbox.env }, ca: sandbox.graph.ca, zendeskTimeScale: 10 });
    const state = await run.store.load();
    const model = await importModel(run.connections.ports, run.compiled, state);
    snapshot = { model, plan: buildPlan(run.compiled, model, state, { now: new Date() }), records: [], sandbox: true, zendeskUrl: sandbox.zendesk.url, loadedAt: new Date() };
  });
  after(async () => {
    run?.close();
    await sandbox?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('Entra Assignments: app roles → users and groups → members, each user with scope and match state', () => {
    const roots = assignmentNodes(snapshot);
    assert.ok(roots.length >= 2, 'several app roles are assigned in the demo');
    for (const root of roots) assert.match(root.label, /\(sandbox\)$/);
    const all = flatten(roots);
    const users = all.filter((n) => n.entraUserId !== undefined);
    assert.ok(users.length > 0);
    for (const user of users) {
      assert.match(user.description ?? '', /^(in scope|out of scope) · /);
      assert.match(user.tooltip ?? '', /Scope: \*\*(in|out of) scope\*\*/);
      assert.match(user.contextValue ?? '', /\bentraUser\b/);
    }
    const groups = all.filter((n) => /\bentraGroup\b/.test(n.contextValue ?? ''));
    assert.ok(groups.length > 0, 'the demo assigns a group');
    assert.ok(groups.some((g) => (g.children ?? []).length > 0), 'group members are listed');
    assert.equal(new Set(all.map((n) => n.id)).size, all.length, 'ids are unique');
  });

  it('Zendesk Users: grouped by role, suspended marked, paged with "Load more"', () => {
    const roots = zendeskUserNodes(snapshot);
    const total = roots.reduce((n, r) => n + Number(r.description), 0);
    assert.equal(total, snapshot.model.zendesk.users.size);
    const rows = flatten(roots).filter((n) => n.zendeskUserId !== undefined);
    const suspended = [...snapshot.model.zendesk.users.values()].filter((u) => u.suspended);
    for (const user of suspended) {
      const row = rows.find((r) => r.zendeskUserId === user.id);
      if (row) assert.match(row.description ?? '', /suspended/);
    }
    // Paging: a limit of 1 leaves a "Load more" row under every role holding more than one user.
    const limited = zendeskUserNodes(snapshot, new Map(roots.map((r) => [r.id, 1])));
    for (const [i, role] of limited.entries()) {
      const count = Number(roots[i]!.description);
      const more = role.children!.find((c) => c.label === 'Load more…');
      if (count > 1) {
        assert.ok(more, role.label);
        assert.deepEqual(more.command?.arguments, [role.id]);
        assert.equal(more.description, `${count - 1} more`);
      } else assert.equal(more, undefined);
    }
    assert.ok(USERS_PAGE_SIZE >= 25);
  });

  it('Zendesk Roles: built-in and custom roles with member counts', () => {
    const roles = zendeskRoleNodes(snapshot);
    assert.deepEqual(roles.slice(0, 3).map((r) => r.label), ['admin (sandbox)', 'agent (sandbox)', 'end-user (sandbox)']);
    const custom = roles.filter((r) => r.id.startsWith('zendeskRoles/custom:'));
    assert.ok(custom.length > 0, 'the demo account is on Enterprise with custom roles');
    const counted = roles.filter((r) => r.id.startsWith('zendeskRoles/')).reduce((n, r) => n + Number(/(\d+) member/.exec(r.description ?? '')?.[1] ?? 0), 0);
    const agentsAndOthers = [...snapshot.model.zendesk.users.values()].filter((u) => ['admin', 'agent', 'end-user'].includes(u.role)).length;
    assert.equal(counted, agentsAndOthers);
  });

  it('Zendesk Groups: groups → memberships', () => {
    const groups = zendeskGroupNodes(snapshot);
    const memberships = [...snapshot.model.zendesk.membershipsByGroup.values()].reduce((n, list) => n + list.length, 0);
    assert.equal(flatten(groups).filter((n) => n.id.includes('/membership:')).length, memberships);
  });

  it('plan and confirmation documents state deletions and show per-object diffs', () => {
    const doc = planDocument(snapshot.plan, true);
    assert.match(doc, /^# Full Sync — plan \(sandbox\)/);
    assert.match(doc, /## Summary\n\n```text\nObjects +create +update/, 'the counts table comes first');
    const creates = snapshot.plan.users.filter((u) => u.action === 'create');
    for (const entry of creates.slice(0, 3)) assert.ok(doc.includes(`User ${entry.displayName} — create`), entry.displayName);
    const deletions = planDeletions(snapshot.plan);
    const text = confirmationText(snapshot.plan, true);
    if (deletions.users + deletions.groups + deletions.memberships === 0) assert.match(text, /Nothing will be suspended or deleted/);
    else assert.match(text, new RegExp(`SUSPEND OR DELETE ${deletions.users} Zendesk user`));
  });

  it('the scope document explains a verdict with its reasons', () => {
    const entry = snapshot.plan.users.find((u) => !u.scope.inScope) ?? snapshot.plan.users[0]!;
    const doc = scopeDocument(entry, false);
    assert.match(doc, new RegExp(`# Scope: ${entry.displayName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\n`));
    for (const reason of entry.scope.reasons) assert.ok(doc.includes(reason));
  });

  it('trial provisioning: a dry-run document with steps and the exact payload; then an Activity run with its steps', async () => {
    const entry = snapshot.plan.users.find((u) => u.action === 'create' && u.scope.inScope);
    assert.ok(entry, 'the demo has a user to create');
    const dry = await trialProvision(run, entry.sourceId, { dryRun: true });
    const doc = trialDocument(dry, true, true);
    assert.match(doc, /— dry run \(sandbox\)/);
    assert.match(doc, /## Steps\n\n1\. \*\*/);
    assert.match(doc, /`POST \/api\/v2\/users/);
    assert.ok(doc.includes(JSON.stringify(dry.displayRequests[0]!.body, null, 2)));
    const applied = await trialProvision(run, entry.sourceId, { dryRun: false });
    assert.equal(applied.trial.record.provisioningStatusInfo.status, 'success');
    const activity = activityNodes([applied.trial.record], true);
    assert.equal(activity.length, 1);
    assert.match(activity[0]!.label, /^Trial provision .* \(sandbox\)$/);
    const record = activity[0]!.children![0]!;
    assert.equal(record.description, 'create · success');
    assert.equal(record.children!.length, applied.trial.record.provisioningSteps.length);
  });

  describe('SnapshotTreeProvider (vscode mock)', () => {
    function fakeSession(state: ConnectionState, value: Snapshot | undefined) {
      const changed = new EventEmitter<void>();
      return { session: { state, snapshot: value, onDidChange: changed.event }, changed };
    }

    it('returns no roots until ready, so the welcome content shows', () => {
      const { session } = fakeSession('loading', undefined);
      const provider = new SnapshotTreeProvider('entraZendesk.assignments', session as never, (s) => assignmentNodes(s));
      assert.deepEqual(provider.getChildren(), []);
      provider.dispose();
    });

    it('turns a failing builder into one error row instead of a blank tree', () => {
      const { session } = fakeSession('ready', snapshot);
      const provider = new SnapshotTreeProvider('entraZendesk.zendeskUsers', session as never, () => {
        throw new Error('users/me said Anonymous');
      });
      const roots = provider.getChildren();
      assert.equal(roots.length, 1);
      const item = provider.getTreeItem(roots[0]!) as unknown as TreeItem;
      assert.equal(item.label, 'Error: users/me said Anonymous');
      assert.equal(item.contextValue, 'entraZendesk.error');
      provider.dispose();
    });

    it('maps specs to tree items with ids, icons and collapsible state, and pages with loadMore', () => {
      const { session, changed } = fakeSession('ready', snapshot);
      const provider = new SnapshotTreeProvider('entraZendesk.zendeskUsers', session as never, (s, limits) => zendeskUserNodes(s, limits));
      let fired = 0;
      provider.onDidChangeTreeData(() => fired++);
      const roots = provider.getChildren();
      const item = provider.getTreeItem(roots[0]!) as unknown as TreeItem;
      assert.equal(item.id, roots[0]!.spec.id);
      assert.equal(item.collapsibleState, TreeItemCollapsibleState.Collapsed);
      const child = provider.getChildren(roots[0]!)[0]!;
      assert.equal(provider.getParent(child), roots[0]);
      changed.fire();
      assert.equal(fired, 1, 'session changes refresh the tree');
      provider.loadMore('x', 10);
      assert.equal(fired, 2);
      provider.dispose();
    });
  });
});
