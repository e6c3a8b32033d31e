import assert from 'node:assert/strict';
import { type LogContext, membershipsToRecord, objectError, planEntryToRecord } from '../../../src/core/engine';
import type { AttributeMapping } from '../../../src/core/config';
import { NOW, ROLE, groupEntry, link, planFor, stateWith, tenant, testConfig, userEntry } from './fakes';

function context(): LogContext {
  let n = 0;
  return {
    tenantId: 'tenant-1',
    jobId: 'zendesk.tenant1.job',
    cycleId: 'cycle-1',
    servicePrincipal: { id: 'sp-zendesk', displayName: 'Zendesk' },
    activityDateTime: NOW,
    newId: () => `id-${++n}`,
  };
}

describe('engine provisioning log', () => {
  it('an applied create is a provisioningObjectSummary with steps, identities and modified properties', async () => {
    const t = tenant();
    t.entra.addUser('u1', { displayName: 'Adele Vance' }).assign('u1', ROLE.agent);
    const record = planEntryToRecord(userEntry(await planFor(t), 'u1'), context(), { status: 'success', targetId: 6164039664282 });
    assert.equal(record.provisioningAction, 'create');
    assert.deepEqual(record.provisioningStatusInfo, { status: 'success', errorInformation: null });
    assert.equal(record.id, 'id-1');
    assert.equal(record.changeId, 'id-2');
    assert.equal(record.cycleId, 'cycle-1');
    assert.equal(record.activityDateTime, '2026-03-02T10:15:00.000Z');
    assert.deepEqual(record.initiatedBy, { id: '', displayName: 'Azure AD Provisioning Service', initiatorType: 'system' });
    assert.deepEqual(record.sourceIdentity, { id: 'u1', displayName: 'u1@contoso.com', identityType: 'User', details: {} });
    assert.equal(record.targetIdentity.id, '6164039664282');
    assert.deepEqual(record.provisioningSteps.map((s) => [s.name, s.provisioningStepType, s.status]), [
      ['EntryImport', 'import', 'success'],
      ['EntrySynchronizationScoping', 'scoping', 'success'],
      ['EntryImportAdd', 'matching', 'success'],
      ['EntryExportAdd', 'export', 'success'],
    ]);
    assert.equal(record.provisioningSteps[3]!.description, "User 'u1@contoso.com' was created in Zendesk");
    assert.deepEqual(record.modifiedProperties.find((m) => m.displayName === 'suspended'), { displayName: 'suspended', oldValue: null, newValue: 'False' });
  });

  it('a plan-only action is skipped and says nothing was sent', async () => {
    const t = tenant();
    t.entra.addUser('u1').assign('u1', ROLE.agent);
    const record = planEntryToRecord(userEntry(await planFor(t), 'u1'), context());
    assert.equal(record.provisioningStatusInfo.status, 'skipped');
    assert.match(record.provisioningSteps.at(-1)!.description, /would be created in Zendesk \(plan only: nothing was sent\)/);
  });

  it('an out-of-scope skip carries NotEffectivelyEntitled in the scoping details and the export step', async () => {
    const t = tenant();
    t.entra.addUser('u1').assign('u1', '00000000-0000-0000-0000-000000000000');
    const record = planEntryToRecord(userEntry(await planFor(t), 'u1'), context());
    assert.equal(record.provisioningAction, 'other');
    assert.equal(record.provisioningStatusInfo.status, 'skipped');
    assert.equal(record.provisioningSteps[1]!.details['IsEffectivelyEntitledForProvisioning'], 'False');
    assert.deepEqual(record.provisioningSteps.at(-1)!.details, { SkipReason: 'NotEffectivelyEntitled' });
  });

  it('an error carries the code, reason, category and recommended action', async () => {
    const t = tenant();
    t.entra.addUser('u1').assign('u1', ROLE.agent);
    t.zendesk.addUser(7, { email: 'u1@contoso.com' }).addUser(8, { email: 'u1@contoso.com' });
    const record = planEntryToRecord(userEntry(await planFor(t), 'u1'), context());
    assert.equal(record.provisioningStatusInfo.status, 'failure');
    const info = record.provisioningStatusInfo.errorInformation!;
    assert.equal(info.errorCode, 'DuplicateTargetEntries');
    assert.equal(info.errorCategory, 'nonServiceFailure');
    assert.match(info.recommendedAction!, /unique in Zendesk/);
    assert.equal(record.provisioningSteps[2]!.status, 'failure');
  });

  it('a failed apply is a failure with the apply error', async () => {
    const t = tenant();
    t.entra.addUser('u1').assign('u1', ROLE.agent);
    const entry = userEntry(await planFor(t), 'u1');
    const record = planEntryToRecord(entry, context(), { status: 'failure', error: objectError('EntryConflict', 'Email: u1@contoso.com is already being used by another user') });
    assert.equal(record.provisioningStatusInfo.status, 'failure');
    assert.equal(record.provisioningStatusInfo.errorInformation?.errorCode, 'EntryConflict');
    assert.match(record.provisioningSteps.at(-1)!.description, /could not be created in Zendesk: Email/);
  });

  it('a staged suspend is logged as stagedDelete', async () => {
    const t = tenant();
    t.entra.addUser('u1');
    t.zendesk.addUser(7, { email: 'u1@contoso.com', external_id: 'u1', name: 'User u1', role: 'agent' });
    const plan = await planFor(t, testConfig({ accidentalDeletion: { enabled: true, threshold: 0 } }), stateWith([link('u1', 7)]));
    const record = planEntryToRecord(userEntry(plan, 'u1'), context());
    assert.equal(record.provisioningAction, 'stagedDelete');
    assert.equal(record.provisioningStatusInfo.status, 'skipped');
  });

  it('an applied suspend is a disable', async () => {
    const t = tenant();
    t.entra.addUser('u1');
    t.zendesk.addUser(7, { email: 'u1@contoso.com', external_id: 'u1', name: 'User u1', role: 'agent' });
    const plan = await planFor(t, testConfig(), stateWith([link('u1', 7)]));
    const record = planEntryToRecord(userEntry(plan, 'u1'), context(), { status: 'success' });
    assert.equal(record.provisioningAction, 'disable');
    assert.deepEqual(record.modifiedProperties, [{ displayName: 'suspended', oldValue: 'False', newValue: 'True' }]);
  });

  it('Redact() values appear as [Redact] in modified properties, never in clear', async () => {
    const base = testConfig();
    const mappings: AttributeMapping[] = [...base.userMapping.attributeMappings, { type: 'Expression', source: 'Redact([employeeId])', target: 'notes', apply: 'Always' }];
    const t = tenant();
    t.entra.addUser('u1', { employeeId: 'CANARY-S3CRET' }).assign('u1', ROLE.agent);
    const plan = await planFor(t, { ...base, userMapping: { ...base.userMapping, attributeMappings: mappings } });
    const record = planEntryToRecord(userEntry(plan, 'u1'), context(), { status: 'success' });
    assert.deepEqual(record.modifiedProperties.find((m) => m.displayName === 'notes'), { displayName: 'notes', oldValue: '[Redact]', newValue: '[Redact]' });
    assert.equal(JSON.stringify(record).includes('CANARY-S3CRET'), false);
  });

  it('membership changes are one update record per group with a members property per change', async () => {
    const t = tenant();
    t.entra.addUser('u1').addGroup('g1', ['u1']).assign('g1', ROLE.agent, 'Group');
    const plan = await planFor(t);
    const record = membershipsToRecord(groupEntry(plan, 'g1'), plan.memberships, context(), { status: 'success' })!;
    assert.equal(record.provisioningAction, 'update');
    assert.equal(record.sourceIdentity.identityType, 'Group');
    assert.deepEqual(record.modifiedProperties, [{ displayName: 'members', oldValue: null, newValue: 'u1' }]);
  });
});
