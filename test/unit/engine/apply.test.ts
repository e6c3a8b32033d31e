import assert from 'node:assert/strict';
import {
  APPLY_CHUNK_SIZE,
  type ApplyProgress,
  type EngineState,
  applyPlan,
  buildPlan,
  compileConfig,
  emptyEngineState,
  escrowNextAttempt,
  importModel,
} from '../../../src/core/engine';
import type { EntraZendeskConfig } from '../../../src/core/config';
import { NOW, ROLE, type Tenant, groupEntry, link, planFor, stateWith, tenant, testConfig, userEntry } from './fakes';

const HOUR = 3_600_000;

function agents(t: Tenant, count: number): void {
  for (let i = 0; i < count; i++) {
    const id = `u${String(i).padStart(4, '0')}`;
    t.entra.addUser(id).assign(id, ROLE.agent);
  }
}

/** One full cycle: import, plan, apply; returns the new state and the apply result. */
async function cycle(t: Tenant, state: EngineState, options: { now?: Date; config?: EntraZendeskConfig; signal?: AbortSignal; onProgress?: (p: ApplyProgress) => void; chunkSize?: number } = {}) {
  const compiled = compileConfig(options.config ?? testConfig());
  const model = await importModel(t, compiled, state);
  const now = options.now ?? NOW;
  const plan = buildPlan(compiled, model, state, { now });
  const result = await applyPlan(plan, t.zendesk, state, {
    now: () => now,
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }),
    ...(options.chunkSize === undefined ? {} : { chunkSize: options.chunkSize }),
  });
  return { plan, result };
}

describe('engine apply', () => {
  it('creates go through create_or_update_many in waves of 30 jobs × 100 (the port splits them into jobs) and each created id is linked', async () => {
    const t = tenant();
    agents(t, 250);
    const { result } = await cycle(t, emptyEngineState());
    const calls = t.zendesk.calls.filter((c) => c.method === 'createOrUpdateUsers').map((c) => (c.args[0] as unknown[]).length);
    assert.deepEqual(calls, [250], 'one port call: all 3 jobs of the wave are in flight together');
    assert.equal(APPLY_CHUNK_SIZE, 3000);
    assert.equal(Object.keys(result.state.userLinks).length, 250);
    const linked = result.state.userLinks['u0000']!;
    assert.equal(t.zendesk.users.get(linked.targetId)?.email, 'u0000@contoso.com');
    assert.deepEqual(result.counts, { succeeded: 250, failed: 0, notSent: 0 });
  });

  it('updates, suspends and reactivations go through update_many with the id; deletes through destroy_many', async () => {
    const t = tenant();
    t.entra.addUser('upd', { displayName: 'New' }).assign('upd', ROLE.agent).addUser('out');
    t.zendesk.addUser(1, { email: 'upd@contoso.com', external_id: 'upd', name: 'Old', role: 'agent' });
    t.zendesk.addUser(2, { email: 'out@contoso.com', external_id: 'out', name: 'User out', role: 'agent' });
    t.zendesk.addUser(3, { email: 'gone@contoso.com' });
    const state = stateWith([link('upd', 1), link('out', 2), link('gone', 3)]);
    const { result } = await cycle(t, state);
    const update = t.zendesk.calls.find((c) => c.method === 'updateUsers')!;
    assert.deepEqual(update.args[0], [{ suspended: true, id: 2 }, { name: 'New', id: 1 }], 'plan order: by Entra id');
    assert.deepEqual(t.zendesk.calls.find((c) => c.method === 'destroyUsers')?.args[0], [3]);
    assert.equal(t.zendesk.users.get(2)?.suspended, true);
    assert.equal(result.state.userLinks['out']?.disabledReason, 'unassigned');
    assert.equal(result.state.userLinks['gone'], undefined);
  });

  it('a failed item maps back to its entry with the log error code and is escrowed (+6 h)', async () => {
    const t = tenant();
    agents(t, 3);
    t.zendesk.failEmails.set('u0001@contoso.com', 'DuplicateValue');
    const { plan, result } = await cycle(t, emptyEngineState());
    const outcome = result.outcomes.get(userEntry(plan, 'u0001'));
    assert.equal(outcome?.status, 'failure');
    assert.equal(outcome?.status === 'failure' && outcome.error.code, 'EntryConflict');
    assert.equal(result.outcomes.get(userEntry(plan, 'u0002'))?.status, 'success');
    assert.deepEqual(
      result.state.escrows.map((e) => [e.objectType, e.sourceId, e.errorCode, e.attempts, e.nextAttempt]),
      [['User', 'u0001', 'EntryConflict', 1, new Date(NOW.getTime() + 6 * HOUR).toISOString()]],
    );
  });

  it('escrow back-off is +6 h, +12 h, +24 h after the first failure, then every 24 h', () => {
    const first = new Date('2026-01-01T00:00:00Z');
    const offsets = [1, 2, 3, 4, 5].map((n) => (escrowNextAttempt(first, n).getTime() - first.getTime()) / HOUR);
    assert.deepEqual(offsets, [6, 12, 24, 48, 72]);
  });

  it('an escrowed object is not sent before its next attempt, is retried after it, and success clears the escrow', async () => {
    const t = tenant();
    agents(t, 1);
    t.zendesk.failEmails.set('u0000@contoso.com', 'DuplicateValue');
    const first = await cycle(t, emptyEngineState());
    t.zendesk.failEmails.clear();
    const early = await cycle(t, first.result.state, { now: new Date(NOW.getTime() + 1 * HOUR) });
    assert.equal(early.result.outcomes.get(userEntry(early.plan, 'u0000'))?.status, 'notSent');
    assert.equal(t.zendesk.users.size, 0);
    const due = await cycle(t, early.result.state, { now: new Date(NOW.getTime() + 7 * HOUR) });
    assert.equal(due.result.outcomes.get(userEntry(due.plan, 'u0000'))?.status, 'success');
    assert.deepEqual(due.result.state.escrows, []);
  });

  it('escrows older than 28 days are dropped', async () => {
    const t = tenant();
    agents(t, 1);
    t.zendesk.failEmails.set('u0000@contoso.com', 'DuplicateValue');
    const old = new Date(NOW.getTime() - 29 * 24 * HOUR).toISOString();
    const state: EngineState = {
      ...emptyEngineState(),
      escrows: [{ objectType: 'User', sourceId: 'u0000', errorCode: 'EntryConflict', reason: 'x', firstFailure: old, lastFailure: old, attempts: 20, nextAttempt: old }],
    };
    const { result } = await cycle(t, state);
    assert.deepEqual(result.state.escrows, []);
    assert.equal(result.expiredEscrows.length, 1);
  });

  it('an escrow whose object the plan finds with nothing to send is cleared; one the plan did not examine is kept', async () => {
    const t = tenant();
    agents(t, 1);
    // u0000 already exists in Zendesk as wanted (a killed run's job completed after all): nothing to send.
    const first = await cycle(t, emptyEngineState());
    const recent = new Date(NOW.getTime() - HOUR).toISOString();
    const escrow = (sourceId: string) => ({ objectType: 'User' as const, sourceId, errorCode: 'EntryConflict', reason: 'x', firstFailure: recent, lastFailure: recent, attempts: 1, nextAttempt: recent });
    const state: EngineState = { ...first.result.state, escrows: [escrow('u0000'), escrow('not-in-this-plan')] };
    const { plan, result } = await cycle(t, state);
    assert.equal(userEntry(plan, 'u0000').action, 'skip');
    assert.deepEqual(result.state.escrows.map((e) => e.sourceId), ['not-in-this-plan']);
  });

  it('plan-time errors are escrowed like failed calls', async () => {
    const t = tenant();
    t.entra.addUser('u1').assign('u1', ROLE.agent).assign('u1', ROLE.admin);
    const { result } = await cycle(t, emptyEngineState());
    assert.deepEqual(result.state.escrows.map((e) => e.errorCode), ['ExpressionEvaluationFailed']);
  });

  it('rejected credentials (401) stop the run: EncounteredQuarantineException, the rest not sent', async () => {
    const t = tenant();
    agents(t, 150);
    t.zendesk.throwNext = Object.assign(new Error("Couldn't authenticate you"), { status: 401 });
    const { result } = await cycle(t, emptyEngineState());
    assert.equal(result.stopped?.reason, 'EncounteredQuarantineException');
    assert.equal(result.counts.succeeded, 0);
    assert.equal(result.counts.notSent, 150);
    assert.equal(t.zendesk.users.size, 0);
  });

  it('failures over the proportion threshold stop the run', async () => {
    const t = tenant();
    agents(t, 30);
    for (let i = 0; i < 30; i++) t.zendesk.failEmails.set(`u${String(i).padStart(4, '0')}@contoso.com`, 'InvalidValue');
    const compiled = compileConfig(testConfig());
    const model = await importModel(t, compiled, emptyEngineState());
    const plan = buildPlan(compiled, model, emptyEngineState(), { now: NOW });
    const result = await applyPlan(plan, t.zendesk, emptyEngineState(), {
      now: () => NOW,
      chunkSize: 10,
      thresholds: { evaluateFrom: 5, proportion: 0.4, base: 1000, total: 2000 },
    });
    assert.equal(result.stopped?.reason, 'EncounteredEscrowProportionThreshold');
    assert.deepEqual(result.counts, { succeeded: 0, failed: 10, notSent: 20 });
  });

  it('staged suspends are not sent', async () => {
    const t = tenant();
    t.entra.addUser('u1');
    t.zendesk.addUser(7, { email: 'u1@contoso.com', external_id: 'u1', name: 'User u1', role: 'agent' });
    const config = testConfig({ accidentalDeletion: { enabled: true, threshold: 0 } });
    const { result } = await cycle(t, stateWith([link('u1', 7)]), { config });
    assert.equal(t.zendesk.calls.some((c) => c.method === 'updateUsers'), false);
    assert.equal(result.state.userLinks['u1']?.disabledReason, undefined);
  });

  it('groups are created before memberships, which use the new ids', async () => {
    const t = tenant();
    t.entra.addUser('u1').addGroup('g1', ['u1']).assign('g1', ROLE.agent, 'Group');
    const { plan, result } = await cycle(t, emptyEngineState());
    const order = t.zendesk.calls.map((c) => c.method).filter((m) => /^create/.test(m));
    assert.deepEqual(order, ['createOrUpdateUsers', 'createGroup', 'createMemberships']);
    const groupId = result.state.groupLinks['g1']!.targetId;
    const userId = result.state.userLinks['u1']!.targetId;
    assert.deepEqual(t.zendesk.memberships.map((m) => [m.user_id, m.group_id]), [[userId, groupId]]);
    assert.equal(result.outcomes.get(groupEntry(plan, 'g1'))?.status, 'success');
  });

  it('the next wave is handed to the port while the current one runs; results still settle in order', async () => {
    const t = tenant();
    agents(t, 250);
    const compiled = compileConfig(testConfig());
    const model = await importModel(t, compiled, emptyEngineState());
    const plan = buildPlan(compiled, model, emptyEngineState(), { now: NOW });
    // A port whose bulk calls take a while, like the real one (jobs are queued, run and polled).
    const log: string[] = [];
    const slow = Object.create(t.zendesk) as typeof t.zendesk;
    slow.createOrUpdateUsers = async (users) => {
      const wave = `${users.length}@${log.filter((l) => l.startsWith('start')).length}`;
      log.push(`start ${wave}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
      log.push(`end ${wave}`);
      return t.zendesk.createOrUpdateUsers(users);
    };
    const events: number[] = [];
    const result = await applyPlan(plan, slow, emptyEngineState(), { now: () => NOW, chunkSize: 100, onProgress: (p) => events.push(p.done) });
    assert.ok(log.indexOf('start 100@1') < log.indexOf('end 100@0'), `wave 2 starts before wave 1 ends: ${log.join(', ')}`);
    assert.deepEqual(events, [100, 200, 250]);
    assert.deepEqual(result.counts, { succeeded: 250, failed: 0, notSent: 0 });
    assert.equal(t.zendesk.users.size, 250);
  });

  it('progress events count up to the total', async () => {
    const t = tenant();
    agents(t, 120);
    const events: ApplyProgress[] = [];
    await cycle(t, emptyEngineState(), { chunkSize: 100, onProgress: (p) => events.push(p) });
    assert.deepEqual(events.map((e) => [e.phase, e.done, e.total]), [['users', 100, 120], ['users', 120, 120]]);
  });

  it('a cancelled run stops between chunks, and a rerun converges with no duplicates', async () => {
    const t = tenant();
    agents(t, 250);
    const controller = new AbortController();
    const first = await cycle(t, emptyEngineState(), { chunkSize: 100, signal: controller.signal, onProgress: () => controller.abort() });
    assert.equal(first.result.stopped?.reason, 'Cancelled');
    assert.equal(t.zendesk.users.size, 100);
    // Simulate a killed run too: the state of the cancelled run is lost, only Zendesk remembers.
    const rerun = await cycle(t, emptyEngineState());
    assert.equal(rerun.result.stopped, null);
    assert.equal(t.zendesk.users.size, 250);
    assert.equal(Object.keys(rerun.result.state.userLinks).length, 250);
    const third = await cycle(t, rerun.result.state);
    assert.equal(third.plan.summary.writes, 0, 'converged: nothing left to do');
  });

  it('deleting a user Zendesk already deleted counts as done', async () => {
    const t = tenant();
    t.zendesk.addUser(3, { email: 'gone@contoso.com' });
    const compiled = compileConfig(testConfig());
    const state = stateWith([link('gone', 3)]);
    const model = await importModel(t, compiled, state);
    const plan = buildPlan(compiled, model, state, { now: NOW });
    t.zendesk.users.delete(3);
    const result = await applyPlan(plan, t.zendesk, state, { now: () => NOW });
    assert.equal(result.outcomes.get(userEntry(plan, 'gone'))?.status, 'success');
    assert.equal(result.state.userLinks['gone'], undefined);
  });

  it('a full plan then apply leaves an unchanged tenant with nothing to write', async () => {
    const t = tenant();
    agents(t, 5);
    const first = await cycle(t, emptyEngineState());
    const again = await planFor(t, testConfig(), first.result.state);
    assert.equal(again.summary.writes, 0);
  });
});

describe('engine apply: escrows of plan-time errors', () => {
  it('a plan-time error is not re-counted as a retry before its escrow is due', async () => {
    const t = tenant();
    t.entra.addUser('u1').assign('u1', ROLE.agent).assign('u1', ROLE.admin);
    const first = await cycle(t, emptyEngineState());
    const second = await cycle(t, first.result.state, { now: new Date(NOW.getTime() + HOUR) });
    assert.equal(second.result.state.escrows[0]?.attempts, 1);
    const third = await cycle(t, second.result.state, { now: new Date(NOW.getTime() + 7 * HOUR) });
    assert.equal(third.result.state.escrows[0]?.attempts, 2);
  });
});
