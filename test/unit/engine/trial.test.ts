import assert from 'node:assert/strict';
import { TrialSubjectNotFoundError, compileConfig, emptyEngineState, provisionOnDemand } from '../../../src/core/engine';
import { NOW, ROLE, link, stateWith, tenant, testConfig } from './fakes';

const log = { tenantId: 't', jobId: 'zendesk.t.job', cycleId: 'trial-1', servicePrincipal: { id: 'sp-zendesk', displayName: 'Zendesk' }, newId: () => 'id' };

describe('engine trial provisioning', () => {
  it('a dry run shows the exact request and writes nothing, within 6 requests', async () => {
    const t = tenant();
    t.entra.addUser('u1').assign('u1', ROLE.agent);
    const result = await provisionOnDemand(t, compileConfig(testConfig()), emptyEngineState(), 'u1', { now: NOW, dryRun: true, log });
    assert.equal(result.entry.action, 'create');
    assert.deepEqual(result.requests.map((r) => [r.method, r.path]), [['POST', '/api/v2/users']]);
    assert.equal(result.outcome, null);
    assert.equal(t.zendesk.users.size, 0);
    assert.ok(result.calls.entra + result.calls.zendesk <= 6, `${JSON.stringify(result.calls)}`);
    assert.deepEqual(result.record.provisioningSteps.map((s) => s.provisioningStepType), ['import', 'scoping', 'matching', 'export']);
  });

  it('a real trial creates the user and links it', async () => {
    const t = tenant();
    t.entra.addUser('u1').assign('u1', ROLE.agent);
    const result = await provisionOnDemand(t, compileConfig(testConfig()), emptyEngineState(), 'u1', { now: NOW, dryRun: false, log });
    assert.equal(result.outcome?.status, 'success');
    const id = result.state.userLinks['u1']?.targetId;
    assert.equal(t.zendesk.users.get(id!)?.role, 'agent');
    assert.equal(result.record.provisioningAction, 'create');
  });

  it('matching searches Zendesk attribute by attribute and stops at the first hit', async () => {
    const t = tenant();
    t.entra.addUser('u1').assign('u1', ROLE.agent);
    t.zendesk.addUser(7, { email: 'u1@contoso.com', external_id: 'u1', name: 'User u1', role: 'agent' });
    const result = await provisionOnDemand(t, compileConfig(testConfig()), emptyEngineState(), 'u1', { now: NOW, dryRun: true, log });
    assert.deepEqual(t.zendesk.calls.filter((c) => c.method === 'searchUsers').map((c) => c.args[0]), [{ attribute: 'email', value: 'u1@contoso.com' }]);
    assert.equal(result.entry.skipReason, 'RedundantExport');
  });

  it('a linked user is read by id, not searched', async () => {
    const t = tenant();
    t.entra.addUser('u1', { displayName: 'Renamed' }).assign('u1', ROLE.agent);
    t.zendesk.addUser(7, { email: 'u1@contoso.com', external_id: 'u1', name: 'User u1', role: 'agent' });
    const result = await provisionOnDemand(t, compileConfig(testConfig()), stateWith([link('u1', 7)]), 'u1', { now: NOW, dryRun: true, log });
    assert.equal(t.zendesk.calls.some((c) => c.method === 'searchUsers'), false);
    assert.deepEqual(result.requests, [{ method: 'PUT', path: '/api/v2/users/7', body: { user: { name: 'Renamed' } } }]);
  });

  it('a member of an assigned group is in scope through the group', async () => {
    const t = tenant();
    t.entra.addUser('u1').addGroup('g1', ['u1']).assign('g1', ROLE.admin, 'Group');
    const result = await provisionOnDemand(t, compileConfig(testConfig()), emptyEngineState(), 'u1', { now: NOW, dryRun: true, log });
    assert.equal(result.entry.payload?.['role'], 'admin');
  });

  it('an unknown user is a clear error', async () => {
    const t = tenant();
    await assert.rejects(
      provisionOnDemand(t, compileConfig(testConfig()), emptyEngineState(), 'nobody', { now: NOW, dryRun: true, log }),
      (e: unknown) => e instanceof TrialSubjectNotFoundError && /User nobody was not found in Entra ID/.test(e.message),
    );
  });
});
