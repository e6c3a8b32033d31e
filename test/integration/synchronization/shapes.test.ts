/**
 * The synchronization shapes without sockets: restart's resetScope flags, the PUT schema shape check, the provisioning
 * log `$filter`, the on-demand answer the emulator builds from an engine record, and the client's log normalisation
 * (the reference's PascalCase and misspelt samples).
 */
import * as assert from 'node:assert/strict';
import { normaliseLogRecord, parseOnDemandResponse } from '../../../src/clients/graph';
import type { ProvisioningObjectSummary } from '../../../src/core/engine';
import { onDemandResponse, parseLogFilter, parseResetScope, schemaShapeProblem, zendeskTemplateSchema } from '../../../src/sandbox/graph/synchronization';

describe('synchronization shapes', () => {
  it('resetScope: omitted = QuarantineState, Watermark, Escrows; names are case-insensitive; unknown names are refused', () => {
    assert.deepEqual([...parseResetScope(undefined)].sort(), ['Escrows', 'QuarantineState', 'Watermark']);
    assert.deepEqual([...parseResetScope('watermark,  ForceDeletes')].sort(), ['ForceDeletes', 'Watermark']);
    assert.throws(() => parseResetScope('Watermark, Everything'), /unknown flag 'Everything'/);
    assert.throws(() => parseResetScope(4), /comma-separated flags/);
  });

  it('the template schema passes the shape check; broken ones name the path', () => {
    assert.equal(schemaShapeProblem(zendeskTemplateSchema()), undefined);
    assert.match(schemaShapeProblem([]) ?? '', /must be a synchronizationSchema object/);
    const schema = zendeskTemplateSchema();
    const broken = { ...schema, synchronizationRules: [{ ...schema.synchronizationRules[0]!, objectMappings: [{ sourceObjectName: 'User', targetObjectName: 'User', attributeMappings: [{}] }] }] };
    assert.match(schemaShapeProblem(broken) ?? '', /^\/synchronizationRules\/0\/objectMappings\/0\/attributeMappings\/0\/targetAttributeName/);
  });

  it('log $filter: comparisons, contains/tolower, and/or with parentheses, case-sensitive', () => {
    const record = { id: 'r1', activityDateTime: '2026-03-02T10:15:04Z', provisioningAction: 'create', servicePrincipal: { id: 'ABC', displayName: 'Zendesk' } };
    const test = (filter: string): boolean => parseLogFilter(filter)(record);
    assert.equal(test("provisioningAction eq 'create'"), true);
    assert.equal(test("provisioningAction eq 'Create'"), false, 'case-sensitive');
    assert.equal(test("contains(tolower(servicePrincipal/id), 'abc')"), true);
    assert.equal(test("contains(servicePrincipal/id, 'abc')"), false);
    assert.equal(test('activityDateTime gt 2026-03-02 and activityDateTime lt 2026-03-03'), true);
    assert.equal(test("(id eq 'x' or id eq 'r1') and provisioningAction ne 'delete'"), true);
    assert.throws(() => parseLogFilter("provisioningAction eq"), /unexpected end/);
    assert.throws(() => parseLogFilter("id startswith 'r'"), /operator 'startswith' is not supported/);
  });

  it('the on-demand answer round-trips through the client parser with PascalCase enums', () => {
    const record: ProvisioningObjectSummary = {
      id: 'r',
      activityDateTime: '2026-03-02T10:15:04Z',
      tenantId: 't',
      jobId: 'zendesk.x',
      cycleId: 'c',
      changeId: 'ch',
      provisioningAction: 'update',
      durationInMilliseconds: 10,
      initiatedBy: { id: '', displayName: 'Azure AD Provisioning Service', initiatorType: 'system' },
      servicePrincipal: { id: 'sp', displayName: 'Zendesk' },
      sourceSystem: { id: null, displayName: 'Azure Active Directory', details: {} },
      targetSystem: { id: null, displayName: 'Zendesk', details: {} },
      sourceIdentity: { id: 'u', displayName: 'Adele', identityType: 'User', details: {} },
      targetIdentity: { id: '42', displayName: 'Adele', identityType: 'User', details: {} },
      provisioningStatusInfo: { status: 'failure', errorInformation: { errorCode: 'EntryConflict', reason: 'duplicate', additionalDetails: null, errorCategory: 'nonServiceFailure', recommendedAction: null } },
      provisioningSteps: [{ name: 'EntryExportUpdate', provisioningStepType: 'export', status: 'failure', description: 'd', details: {} }],
      modifiedProperties: [{ displayName: 'name', oldValue: 'A', newValue: 'B' }],
    };
    const pair = onDemandResponse(record, 'start', 'end');
    assert.equal(typeof pair.key, 'string');
    const outcome = parseOnDemandResponse(pair);
    assert.equal(outcome.result, 'Failure');
    assert.equal(outcome.errorCode, 'EntryConflict');
    assert.equal(outcome.details?.action, 'Update');
    assert.deepEqual(outcome.details?.steps.map((s) => [s.type, s.status]), [['Export', 'Failure']]);
    assert.equal(outcome.details?.statusInfo?.errorCategory, 'NonServiceFailure');
  });

  it('client log records: PascalCase enums, initiatingType and the old action name are normalised', () => {
    const record = normaliseLogRecord({
      id: 'x',
      action: 'Create',
      initiatedBy: { id: '', displayName: 'Azure AD Provisioning Service', initiatingType: 'System' },
      provisioningStatusInfo: { status: 'Success' },
      provisioningSteps: [{ name: 'EntryImport', provisioningStepType: 'Import', status: 'Success', description: '', details: {} }],
    });
    assert.equal(record.provisioningAction, 'create');
    assert.equal(record.initiatedBy?.initiatorType, 'system');
    assert.equal(record.provisioningStatusInfo.status, 'success');
    assert.equal(record.provisioningStatusInfo.errorInformation, null);
    assert.deepEqual(record.provisioningSteps.map((s) => [s.provisioningStepType, s.status]), [['import', 'success']]);
  });
});
