import assert from 'node:assert/strict';
import {
  type EngineState,
  WatermarkMissingError,
  applyPlan,
  buildPlan,
  captureWatermark,
  compileConfig,
  emptyEngineState,
  importIncremental,
  importModel,
} from '../../../src/core/engine';
import { NOW, ROLE, type Tenant, tenant, testConfig } from './fakes';

const compiled = compileConfig(testConfig());

/** A full cycle preceded by captureWatermark, as the orchestration runs it. */
async function fullCycle(t: Tenant): Promise<EngineState> {
  const watermark = await captureWatermark(t.entra, compiled, NOW);
  const state = emptyEngineState();
  const model = await importModel(t, compiled, state);
  const applied = await applyPlan(buildPlan(compiled, model, state, { now: NOW }), t.zendesk, state, { now: () => NOW });
  return { ...applied.state, watermark };
}

async function incrementalCycle(t: Tenant, state: EngineState, now: Date = NOW) {
  t.zendesk.calls = [];
  const imported = await importIncremental(t, compiled, state, now);
  const plan = buildPlan(compiled, imported.model, state, { now });
  const applied = await applyPlan(plan, t.zendesk, state, { now: () => now });
  return { imported, plan, state: { ...applied.state, watermark: imported.watermark } };
}

function seeded(): Tenant {
  const t = tenant();
  t.entra.addUser('u1').assign('u1', ROLE.agent).addUser('u2').assign('u2', ROLE.agent);
  t.entra.addGroup('g1', ['u1']).assign('g1', ROLE.agent, 'Group');
  return t;
}

describe('engine incremental cycles', () => {
  it('an unchanged tenant reads nothing from Zendesk and writes nothing', async () => {
    const t = seeded();
    const state = await fullCycle(t);
    const { imported, plan } = await incrementalCycle(t, state);
    assert.deepEqual(imported.changedUsers, []);
    assert.equal(plan.summary.writes, 0);
    assert.deepEqual(t.zendesk.calls, []);
  });

  it('a changed attribute updates only that user', async () => {
    const t = seeded();
    const state = await fullCycle(t);
    t.entra.updateUser('u2', { displayName: 'Renamed' });
    const { imported, plan } = await incrementalCycle(t, state);
    assert.deepEqual(imported.changedUsers, ['u2']);
    assert.deepEqual(plan.users.map((u) => [u.sourceId, u.action, u.payload]), [['u2', 'update', { name: 'Renamed' }]]);
    assert.deepEqual(t.zendesk.calls.map((c) => c.method), ['showUsers', 'updateUsers']);
  });

  it('an unassignment (not in delta) is found by comparing assignments and suspends the user', async () => {
    const t = seeded();
    const state = await fullCycle(t);
    t.entra.unassign('u2');
    const { plan, state: next } = await incrementalCycle(t, state);
    assert.deepEqual(plan.users.map((u) => [u.sourceId, u.action]), [['u2', 'suspend']]);
    assert.equal(next.userLinks['u2']?.disabledReason, 'unassigned');
  });

  it('a user added to an assigned group is created and added to the group; other memberships stay', async () => {
    const t = seeded();
    const state = await fullCycle(t);
    t.entra.addUser('u3').addMember('g1', 'u3');
    const { plan } = await incrementalCycle(t, state);
    assert.deepEqual(plan.users.map((u) => [u.sourceId, u.action]), [['u3', 'create']]);
    assert.deepEqual(plan.memberships.map((m) => [m.userSourceId, m.action]), [['u3', 'create']]);
  });

  it('soft-deleted in Entra → suspend; hard-deleted → delete', async () => {
    const t = seeded();
    const state = await fullCycle(t);
    t.entra.softDelete('u2');
    const soft = await incrementalCycle(t, state);
    assert.deepEqual(soft.plan.users.map((u) => [u.sourceId, u.action]), [['u2', 'suspend']]);
    t.entra.hardDelete('u2');
    const hard = await incrementalCycle(t, soft.state);
    assert.deepEqual(hard.plan.users.map((u) => [u.sourceId, u.action]), [['u2', 'delete']]);
  });

  describe('escrow retries (reference §1.9: +6 h, +12 h, +24 h, then daily)', () => {
    const HOUR = 3_600_000;
    const at = (hours: number): Date => new Date(NOW.getTime() + hours * HOUR);

    it('an escrow due is retried although the delta does not mention the object, and cleared on success; one not due stays held', async () => {
      const t = seeded();
      // u2's create fails in the full cycle (Zendesk refuses the item), so u2 is escrowed until NOW + 6 h.
      t.zendesk.failEmails.set('u2@contoso.com', 'MaxAgentExceeded');
      const full = await fullCycle(t);
      assert.deepEqual(full.escrows.map((e) => [e.sourceId, e.attempts, e.nextAttempt]), [['u2', 1, at(6).toISOString()]]);
      t.zendesk.failEmails.clear();

      // +5 h, nothing changed in Entra: u2 is not due, so the cycle reads nothing from Zendesk and keeps the escrow.
      const early = await incrementalCycle(t, full, at(5));
      assert.deepEqual(early.imported.dueEscrows, []);
      assert.deepEqual(early.imported.changedUsers, []);
      assert.deepEqual(t.zendesk.calls, []);
      assert.deepEqual(early.state.escrows, full.escrows);

      // +6 h, still nothing changed in Entra: u2 is due, evaluated, created, and its escrow cleared.
      const due = await incrementalCycle(t, early.state, at(6));
      assert.deepEqual(due.imported.dueEscrows.map((e) => e.sourceId), ['u2']);
      assert.deepEqual(due.imported.changedUsers, ['u2']);
      assert.deepEqual(due.plan.users.map((u) => [u.sourceId, u.action]), [['u2', 'create']]);
      assert.deepEqual(due.state.escrows, []);
      assert.ok(due.state.userLinks['u2'] !== undefined, 'u2 is linked once created');
      assert.ok([...t.zendesk.users.values()].some((u) => u.email === 'u2@contoso.com'));
    });

    it('a retry that fails again moves the escrow to the next back-off step (+12 h from the first failure)', async () => {
      const t = seeded();
      t.zendesk.failEmails.set('u2@contoso.com', 'MaxAgentExceeded');
      const full = await fullCycle(t);
      const retried = await incrementalCycle(t, full, at(7));
      assert.deepEqual(retried.plan.users.map((u) => [u.sourceId, u.action]), [['u2', 'create']]);
      assert.deepEqual(retried.state.escrows.map((e) => [e.sourceId, e.attempts, e.nextAttempt]), [['u2', 2, at(12).toISOString()]]);
      // Between the steps the escrow is held again.
      const held = await incrementalCycle(t, retried.state, at(11));
      assert.deepEqual(held.imported.dueEscrows, []);
      assert.deepEqual(t.zendesk.calls, []);
    });

    it('a due membership escrow re-evaluates its group and user, so the membership is created', async () => {
      const t = seeded();
      const full = await fullCycle(t);
      // The membership u1 → g1 is missing in Zendesk and escrowed (as if its create had failed), due now.
      const u1 = full.userLinks['u1']!.targetId;
      t.zendesk.memberships = t.zendesk.memberships.filter((m) => m.user_id !== u1);
      const escrow = {
        objectType: 'Membership' as const,
        sourceId: 'g1/u1',
        errorCode: 'InternalServerError',
        reason: 'HTTP 500',
        firstFailure: at(-7).toISOString(),
        lastFailure: at(-7).toISOString(),
        attempts: 1,
        nextAttempt: at(-1).toISOString(),
      };
      const { imported, plan, state } = await incrementalCycle(t, { ...full, escrows: [escrow] });
      assert.deepEqual(imported.changedGroups, ['g1']);
      assert.deepEqual(imported.changedUsers, ['u1']);
      assert.deepEqual(plan.memberships.map((m) => [m.groupSourceId, m.userSourceId, m.action]), [['g1', 'u1', 'create']]);
      assert.deepEqual(state.escrows, []);
      assert.ok(t.zendesk.memberships.some((m) => m.user_id === u1));
    });
  });

  it('without a watermark an incremental cycle asks for a full one', async () => {
    await assert.rejects(importIncremental(tenant(), compiled, emptyEngineState(), NOW), WatermarkMissingError);
  });
});
