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

async function incrementalCycle(t: Tenant, state: EngineState) {
  t.zendesk.calls = [];
  const imported = await importIncremental(t, compiled, state, NOW);
  const plan = buildPlan(compiled, imported.model, state, { now: NOW });
  const applied = await applyPlan(plan, t.zendesk, state, { now: () => NOW });
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

  it('without a watermark an incremental cycle asks for a full one', async () => {
    await assert.rejects(importIncremental(tenant(), compiled, emptyEngineState(), NOW), WatermarkMissingError);
  });
});
