import assert from 'node:assert/strict';
import { DEFAULT_ACCESS, ROLE, link, planFor, stateWith, tenant, testConfig, userEntry } from './fakes';

/** A user scoping filter that lets only `department EQUALS "Sales"` through. */
function salesOnlyConfig(): ReturnType<typeof testConfig> {
  const base = testConfig();
  return testConfig({
    userMapping: {
      ...base.userMapping,
      scopingFilters: [{ name: 'Sales only', clauses: [{ sourceOperandName: 'department', operatorName: 'EQUALS', targetOperand: { values: ['Sales'] } }] }],
    },
  });
}

describe('engine scope', () => {
  it('user with Default Access only is not in scope (NotEffectivelyEntitled)', async () => {
    const t = tenant();
    t.entra.addUser('u1').assign('u1', DEFAULT_ACCESS);
    const entry = userEntry(await planFor(t), 'u1');
    assert.equal(entry.scope.inScope, false);
    assert.equal(entry.skipReason, 'NotEffectivelyEntitled');
    assert.equal(entry.scope.details['IsEffectivelyEntitledForProvisioning'], 'False');
    assert.match(entry.scope.reasons.join('\n'), /only assignment is Default Access/);
  });

  it('msiam_access counts as Default Access', async () => {
    const t = tenant();
    t.entra.addUser('u1').assign('u1', ROLE.msiam);
    assert.equal(userEntry(await planFor(t), 'u1').skipReason, 'NotEffectivelyEntitled');
  });

  it('Default Access counts as an assignment when excludeDefaultAccess is off', async () => {
    const t = tenant();
    t.entra.addUser('u1').assign('u1', DEFAULT_ACCESS);
    const entry = userEntry(await planFor(t, testConfig({ excludeDefaultAccess: false })), 'u1');
    assert.equal(entry.scope.inScope, true);
    assert.equal(entry.action, 'create');
    // Default Access carries no Zendesk role: the role mapping's default applies.
    assert.equal(entry.payload?.['role'], 'end-user');
  });

  it('Default Access next to a real role: in scope with that role', async () => {
    const t = tenant();
    t.entra.addUser('u1').assign('u1', DEFAULT_ACCESS).assign('u1', ROLE.agent);
    const entry = userEntry(await planFor(t), 'u1');
    assert.equal(entry.action, 'create');
    assert.equal(entry.payload?.['role'], 'agent');
  });

  it('an unassigned user is skipped with the service summary', async () => {
    const t = tenant();
    t.entra.addUser('u1');
    const plan = await planFor(t, testConfig({ scope: 'allUsersAndGroups' }));
    assert.equal(userEntry(plan, 'u1').scope.inScope, true, 'Sync all puts every user in scope');
    const t2 = tenant();
    t2.entra.addUser('u1').assign('u1', ROLE.agent).unassign('u1');
    // An unassigned, never-linked user isn't even imported: only assigned or linked users are read.
    assert.equal((await planFor(t2)).users.length, 0);
  });

  it('a linked user who was unassigned is out of scope: Skip reason = NotEffectivelyEntitled, Active = True, Assigned = False, Passed scope filter: True', async () => {
    const t = tenant();
    t.entra.addUser('u1');
    t.zendesk.addUser(7, { email: 'u1@contoso.com' });
    const entry = userEntry(await planFor(t, testConfig(), stateWith([link('u1', 7)])), 'u1');
    assert.equal(entry.scope.summary, 'Skip reason = NotEffectivelyEntitled, Active = True, Assigned = False, Passed scope filter: True');
    assert.equal(entry.scope.isSoftDeleted, true);
    assert.equal(entry.scope.disableReason, 'unassigned');
  });

  it('user failing a scoping filter is out of scope with IsSoftDeleted and the clause explained', async () => {
    const t = tenant();
    t.entra.addUser('u1', { department: 'sales' }).assign('u1', ROLE.agent);
    const entry = userEntry(await planFor(t, salesOnlyConfig()), 'u1');
    assert.equal(entry.skipReason, 'NotInProvisioningScope');
    assert.equal(entry.scope.isSoftDeleted, true);
    assert.equal(entry.scope.passedScopeFilter, false);
    assert.match(entry.scope.reasons.join('\n'), /User did not pass scoping filter "Sales only"/);
    assert.match(entry.scope.reasons.join('\n'), /department EQUALS "Sales": value "sales" → false/);
  });

  it('passing the scoping filter is reported as "Passed scope filter"', async () => {
    const t = tenant();
    t.entra.addUser('u1', { department: 'Sales' }).assign('u1', ROLE.agent);
    const entry = userEntry(await planFor(t, salesOnlyConfig()), 'u1');
    assert.equal(entry.scope.inScope, true);
    assert.match(entry.scope.reasons.join('\n'), /Passed scope filter "Sales only"/);
  });

  it('accountEnabled=false is IsSoftDeleted: a disabled user is never provisioned for the first time', async () => {
    const t = tenant();
    t.entra.addUser('u1', { accountEnabled: false }).assign('u1', ROLE.agent);
    const entry = userEntry(await planFor(t), 'u1');
    assert.equal(entry.action, 'skip');
    assert.equal(entry.skipReason, 'InactiveInSource');
    assert.equal(entry.scope.details['IsActive'], 'False');
    assert.equal(t.zendesk.calls.some((c) => c.method === 'searchUsers'), false);
  });

  it('Sync all puts unassigned users in scope', async () => {
    const t = tenant();
    t.entra.addUser('u1');
    const entry = userEntry(await planFor(t, testConfig({ scope: 'allUsersAndGroups' })), 'u1');
    assert.equal(entry.action, 'create');
    assert.match(entry.scope.reasons.join('\n'), /Sync all users and groups/);
  });

  it('a member of an assigned group is in scope through the group', async () => {
    const t = tenant();
    t.entra.addUser('u1').addGroup('g1', ['u1']).assign('g1', ROLE.agent, 'Group');
    const entry = userEntry(await planFor(t), 'u1');
    assert.equal(entry.scope.inScope, true);
    assert.match(entry.scope.reasons.join('\n'), /Assigned through group "Group g1" with role "Agent"/);
  });
  it('users in scope by one assignment share a verdict per role and path, each worded for its own path', async () => {
    const t = tenant();
    t.entra.addUser('u1').addUser('u2').addUser('u3').addUser('u4').addUser('u5', { accountEnabled: false });
    t.entra.assign('u1', ROLE.agent).assign('u2', ROLE.agent).assign('u5', ROLE.agent).assign('u4', ROLE.endUser);
    t.entra.addGroup('g1', ['u3']).assign('g1', ROLE.agent, 'Group');
    const plan = await planFor(t);
    const [u1, u2, u3, u4, u5] = ['u1', 'u2', 'u3', 'u4', 'u5'].map((id) => userEntry(plan, id));
    assert.equal(u1!.scope, u2!.scope, 'same role, same path: one shared verdict');
    assert.ok(Object.isFrozen(u1!.scope) && Object.isFrozen(u1!.scope.roles));
    assert.notEqual(u1!.scope, u3!.scope);
    assert.notEqual(u1!.scope, u4!.scope);
    assert.match(u1!.scope.reasons[0]!, /^Assigned directly with role "Agent"$/);
    assert.match(u3!.scope.reasons.join('\n'), /Assigned through group "Group g1" with role "Agent"/);
    assert.match(u4!.scope.reasons.join('\n'), /Assigned directly with role "End-user"/);
    assert.deepEqual(u4!.scope.roles.map((r) => r.value), ['end-user']);
    assert.equal(u4!.payload?.['role'], 'end-user');
    assert.equal(u1!.payload?.['role'], 'agent');
    // A disabled user with the same single assignment gets its own, out-of-scope verdict.
    assert.equal(u5!.scope.inScope, false);
    assert.equal(u5!.scope.skipReason, 'InactiveInSource');
    assert.equal(u1!.scope.inScope, true);
  });
});
