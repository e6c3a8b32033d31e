import assert from 'node:assert/strict';
import type { EffectiveAssignment, GraphUser, ImportedModel, SourceUserRecord } from '../../../src/core/engine';
import { snapshotPreviewUsers } from '../../../src/extension/editor/preview-users';

const AGENT: EffectiveAssignment = { assignmentId: 'a1', appRoleId: 'role-agent', roleName: 'Agent', roleValue: 'agent', defaultAccess: false, via: { kind: 'direct' } };
const DEFAULT_ACCESS: EffectiveAssignment = { assignmentId: 'a2', appRoleId: '00000000-0000-0000-0000-000000000000', roleName: 'Default Access', roleValue: null, defaultAccess: true, via: { kind: 'direct' } };

function record(id: string, graph: GraphUser, assignments: EffectiveAssignment[], presence: SourceUserRecord['presence'] = 'present'): SourceUserRecord {
  return { id, graph, presence, assignments };
}

const records = [
  record('u1', { id: 'u1', displayName: 'Jane Doe', userPrincipalName: 'jane@contoso.com' }, [AGENT, AGENT]),
  record('u2', { id: 'u2', displayName: 'Dan Default', userPrincipalName: 'dan@contoso.com' }, [DEFAULT_ACCESS]),
  record('u3', { id: 'u3', displayName: 'Gone', userPrincipalName: 'gone@contoso.com' }, [AGENT], 'softDeleted'),
];
const model = { entra: { users: new Map(records.map((r) => [r.id, r])) } } as unknown as ImportedModel;

describe('editor preview users (snapshot + Graph on demand)', () => {
  it('searches present users by name or UPN and marks Default Access as not assigned', async () => {
    const source = snapshotPreviewUsers({ model: () => model, fetchUsers: async () => [] });
    assert.deepEqual(await source.searchUsers('DAN', 10), [{ id: 'u2', displayName: 'Dan Default', userPrincipalName: 'dan@contoso.com', assigned: false }]);
    assert.deepEqual((await source.searchUsers('', 10)).map((u) => u.id), ['u1', 'u2'], 'soft-deleted users are not offered');
    assert.deepEqual(await source.searchUsers('jane', 10).then((u) => u.map((x) => x.assigned)), [true]);
  });

  it('fetches attributes with a broad $select and gives them sync-engine names, roles de-duplicated', async () => {
    const calls: Array<{ ids: ReadonlyArray<string>; select: ReadonlyArray<string> }> = [];
    const source = snapshotPreviewUsers({
      model: () => model,
      fetchUsers: async (ids, select) => {
        calls.push({ ids, select });
        return [{ id: 'u1', displayName: 'Jane Doe', userPrincipalName: 'jane@contoso.com', department: 'Sales', businessPhones: ['+1 425 555 0101'] }];
      },
    });
    const user = await source.getUser('u1');
    assert.ok(user);
    assert.deepEqual(calls[0]?.ids, ['u1']);
    assert.ok(calls[0]?.select.includes('department') && calls[0].select.includes('businessPhones'), calls[0]?.select.join(','));
    assert.ok(!calls[0]?.select.includes('manager'), 'navigation properties are not selected');
    assert.equal(user.attributes['department'], 'Sales');
    assert.equal(user.attributes['telephoneNumber'], '+1 425 555 0101');
    assert.equal(user.attributes['objectId'], 'u1');
    assert.deepEqual(user.attributes['appRoleAssignments'], [{ id: 'role-agent', displayName: 'Agent', value: 'agent' }]);
  });

  it('has no users before the first import, and unknown ids give undefined', async () => {
    const source = snapshotPreviewUsers({ model: () => undefined, fetchUsers: async () => assert.fail('no fetch without a snapshot') });
    assert.deepEqual(await source.searchUsers('', 10), []);
    assert.equal(await source.getUser('u1'), undefined);
    assert.deepEqual(await source.listScopeCandidates(10), []);
  });
});
