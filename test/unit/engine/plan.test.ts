import assert from 'node:assert/strict';
import type { AttributeMapping, EntraZendeskConfig } from '../../../src/core/config';
import { singleAppRoleAssignmentMessage } from '../../../src/core/expressions/functions/roles';
import { ROLE, STAFF_CUSTOM_ROLE_ID, groupEntry, link, planFor, stateWith, tenant, testConfig, userEntry } from './fakes';

function withUserMappings(edit: (mappings: AttributeMapping[]) => AttributeMapping[], extra: Partial<EntraZendeskConfig> = {}): EntraZendeskConfig {
  const base = testConfig(extra);
  return { ...base, userMapping: { ...base.userMapping, attributeMappings: edit([...base.userMapping.attributeMappings]) } };
}

function withActions(kind: 'userMapping' | 'groupMapping', actions: Array<'Create' | 'Update' | 'Delete'>, extra: Partial<EntraZendeskConfig> = {}): EntraZendeskConfig {
  const base = testConfig(extra);
  return { ...base, [kind]: { ...base[kind], targetObjectActions: actions } };
}

describe('engine plan: users', () => {
  it('create carries every flowing mapping and the exact request', async () => {
    const t = tenant();
    t.entra.addUser('u1', { displayName: 'Adele Vance', businessPhones: ['+1 425 555 0109'], preferredLanguage: 'en-US' }).assign('u1', ROLE.agent);
    const entry = userEntry(await planFor(t), 'u1');
    const user = { email: 'u1@contoso.com', external_id: 'u1', name: 'Adele Vance', suspended: false, role: 'agent', phone: '+1 425 555 0109', locale: 'en-US' };
    assert.deepEqual(entry.payload, user);
    assert.deepEqual(entry.request, { method: 'POST', path: '/api/v2/users', body: { user } });
    assert.deepEqual(entry.modifiedProperties.find((m) => m.name === 'email'), { name: 'email', oldValue: null, newValue: 'u1@contoso.com', redacted: false });
  });

  it('update sends only changed attributes, with old → new', async () => {
    const t = tenant();
    t.entra.addUser('u1', { displayName: 'New Name' }).assign('u1', ROLE.agent);
    t.zendesk.addUser(7, { email: 'u1@contoso.com', external_id: 'u1', name: 'Old Name', role: 'agent' });
    const entry = userEntry(await planFor(t), 'u1');
    assert.equal(entry.action, 'update');
    assert.deepEqual(entry.payload, { name: 'New Name' });
    assert.deepEqual(entry.request, { method: 'PUT', path: '/api/v2/users/7', body: { user: { name: 'New Name' } } });
    assert.deepEqual(entry.modifiedProperties, [{ name: 'name', oldValue: 'Old Name', newValue: 'New Name', redacted: false }]);
  });

  it('an unchanged user is skipped as RedundantExport', async () => {
    const t = tenant();
    t.entra.addUser('u1').assign('u1', ROLE.agent);
    t.zendesk.addUser(7, { email: 'u1@contoso.com', external_id: 'u1', name: 'User u1', role: 'agent' });
    const entry = userEntry(await planFor(t, testConfig(), stateWith([link('u1', 7)])), 'u1');
    assert.equal(entry.action, 'skip');
    assert.equal(entry.skipReason, 'RedundantExport');
    assert.equal(entry.request, null);
    assert.equal(entry.link, null);
  });

  it('nulls are not provisioned: a null source attribute neither flows on create nor clears on update', async () => {
    const t = tenant();
    t.entra.addUser('u1', { businessPhones: [] }).assign('u1', ROLE.agent).addUser('u2', { businessPhones: [] }).assign('u2', ROLE.agent);
    t.zendesk.addUser(8, { email: 'u2@contoso.com', external_id: 'u2', name: 'User u2', role: 'agent', phone: '+1 555' });
    const plan = await planFor(t);
    assert.equal('phone' in (userEntry(plan, 'u1').payload ?? {}), false);
    assert.equal(userEntry(plan, 'u2').action, 'skip');
  });

  it('default value applies only on create', async () => {
    const config = withUserMappings((m) => [...m, { type: 'Direct', source: 'jobTitle', target: 'details', defaultValue: 'Staff member', apply: 'Always' }]);
    const t = tenant();
    t.entra.addUser('u1').assign('u1', ROLE.agent).addUser('u2').assign('u2', ROLE.agent);
    t.zendesk.addUser(8, { email: 'u2@contoso.com', external_id: 'u2', name: 'User u2', role: 'agent', details: null });
    const plan = await planFor(t, config);
    assert.equal(userEntry(plan, 'u1').payload?.['details'], 'Staff member');
    assert.equal(userEntry(plan, 'u2').action, 'skip', 'no default on update');
  });

  it('the role default end-user applies on create when the user has no role', async () => {
    const t = tenant();
    t.entra.addUser('u1', { accountEnabled: true });
    const entry = userEntry(await planFor(t, testConfig({ scope: 'allUsersAndGroups' })), 'u1');
    assert.equal(entry.payload?.['role'], 'end-user');
  });

  it('a create-only mapping is applied on create and not on update', async () => {
    const config = withUserMappings((m) => [...m, { type: 'Constant', source: 'Provisioned from Entra', target: 'notes', apply: 'OnCreateOnly' }]);
    const t = tenant();
    t.entra.addUser('u1').assign('u1', ROLE.agent).addUser('u2').assign('u2', ROLE.agent);
    t.zendesk.addUser(8, { email: 'u2@contoso.com', external_id: 'u2', name: 'User u2', role: 'agent', notes: 'edited by hand' });
    const plan = await planFor(t, config);
    assert.equal(userEntry(plan, 'u1').payload?.['notes'], 'Provisioned from Entra');
    assert.equal(userEntry(plan, 'u2').action, 'skip');
  });

  it('mapping type None fills an empty target with its default and leaves a filled one alone', async () => {
    const config = withUserMappings((m) => [...m, { type: 'None', target: 'time_zone', defaultValue: 'Copenhagen', apply: 'Always' }]);
    const t = tenant();
    t.entra.addUser('u1').assign('u1', ROLE.agent).addUser('u2').assign('u2', ROLE.agent);
    t.zendesk.addUser(7, { email: 'u1@contoso.com', external_id: 'u1', name: 'User u1', role: 'agent', time_zone: null });
    t.zendesk.addUser(8, { email: 'u2@contoso.com', external_id: 'u2', name: 'User u2', role: 'agent', time_zone: 'Berlin' });
    const plan = await planFor(t, config);
    assert.deepEqual(userEntry(plan, 'u1').payload, { time_zone: 'Copenhagen' });
    assert.equal(userEntry(plan, 'u2').action, 'skip');
  });

  it('app role becomes the Zendesk role', async () => {
    const t = tenant();
    t.entra.addUser('u1').assign('u1', ROLE.admin);
    t.zendesk.addUser(7, { email: 'u1@contoso.com', external_id: 'u1', name: 'User u1', role: 'end-user' });
    const entry = userEntry(await planFor(t), 'u1');
    assert.deepEqual(entry.payload, { role: 'admin' });
    assert.equal(entry.resultingRole, 'admin');
  });

  it('custom role becomes agent + custom_role_id', async () => {
    const t = tenant();
    t.entra.addUser('u1').assign('u1', ROLE.staff);
    const entry = userEntry(await planFor(t), 'u1');
    assert.equal(entry.payload?.['role'], 'agent');
    assert.equal(entry.payload?.['custom_role_id'], STAFF_CUSTOM_ROLE_ID);
  });

  it('a custom role missing from Zendesk is an error naming it', async () => {
    const t = tenant();
    t.zendesk.customRoles = [];
    t.entra.addUser('u1').assign('u1', ROLE.staff);
    const entry = userEntry(await planFor(t), 'u1');
    assert.equal(entry.action, 'error');
    assert.match(entry.error!.reason, /custom role 6, which does not exist/);
  });

  it('several roles → the SingleAppRoleAssignment error, verbatim', async () => {
    const t = tenant();
    t.entra.addUser('u1').assign('u1', ROLE.agent).addGroup('g1', ['u1']).assign('g1', ROLE.admin, 'Group');
    const entry = userEntry(await planFor(t), 'u1');
    assert.equal(entry.action, 'error');
    assert.equal(entry.error?.code, 'ExpressionEvaluationFailed');
    assert.equal(entry.error?.reason, singleAppRoleAssignmentMessage(2));
  });

  it('the same role directly and through a group is one role', async () => {
    const t = tenant();
    t.entra.addUser('u1').assign('u1', ROLE.agent).addGroup('g1', ['u1']).assign('g1', ROLE.agent, 'Group');
    assert.equal(userEntry(await planFor(t), 'u1').payload?.['role'], 'agent');
  });

  it('a built-in role compares role only (Zendesk reports a custom_role_id for admins)', async () => {
    const t = tenant();
    t.entra.addUser('u1').assign('u1', ROLE.admin);
    t.zendesk.addUser(7, { email: 'u1@contoso.com', external_id: 'u1', name: 'User u1', role: 'admin', custom_role_id: 4 });
    assert.equal(userEntry(await planFor(t), 'u1').action, 'skip');
  });

  it('a suspended Zendesk user back in scope is reactivated', async () => {
    const t = tenant();
    t.entra.addUser('u1').assign('u1', ROLE.agent);
    t.zendesk.addUser(7, { email: 'u1@contoso.com', external_id: 'u1', name: 'User u1', role: 'agent', suspended: true });
    const entry = userEntry(await planFor(t, testConfig(), stateWith([link('u1', 7, { disabledReason: 'unassigned' })])), 'u1');
    assert.equal(entry.action, 'reactivate');
    assert.deepEqual(entry.payload, { suspended: false });
    assert.deepEqual(entry.link, { kind: 'set', targetId: 7, disabledReason: null });
  });

  it('an email change warns that Zendesk adds a secondary identity', async () => {
    const t = tenant();
    t.entra.addUser('u1', { userPrincipalName: 'new@contoso.com' }).assign('u1', ROLE.agent);
    t.zendesk.addUser(7, { email: 'u1@contoso.com', external_id: 'u1', name: 'User u1', role: 'agent' });
    const entry = userEntry(await planFor(t, testConfig(), stateWith([link('u1', 7)])), 'u1');
    assert.deepEqual(entry.payload, { email: 'new@contoso.com' });
    assert.match(entry.warnings.join(), /secondary identity/);
  });

  it('Booleans become JSON Booleans; a multi-valued source to a single-valued target → SchemaPropertyCanOnlyAcceptValue', async () => {
    const config = withUserMappings((m) => [...m, { type: 'Direct', source: 'otherMails', target: 'alias', apply: 'Always' }]);
    const t = tenant();
    t.entra.addUser('u1', { otherMails: ['a@x.com', 'b@x.com'] }).assign('u1', ROLE.agent);
    t.entra.addUser('u2', { otherMails: [] }).assign('u2', ROLE.agent);
    const plan = await planFor(t, config);
    assert.equal(userEntry(plan, 'u1').error?.code, 'SchemaPropertyCanOnlyAcceptValue');
    assert.equal(userEntry(plan, 'u2').payload?.['suspended'], false);
  });

  it('a user without name or email can not be created: MandatoryFieldsMissing', async () => {
    const t = tenant();
    t.entra.addUser('u1', { displayName: null }).assign('u1', ROLE.agent);
    const entry = userEntry(await planFor(t), 'u1');
    assert.equal(entry.error?.code, 'MandatoryFieldsMissing');
    assert.match(entry.error!.reason, /requires name/);
  });

  it('with Create disabled no user is created', async () => {
    const t = tenant();
    t.entra.addUser('u1').assign('u1', ROLE.agent);
    const entry = userEntry(await planFor(t, withActions('userMapping', ['Update', 'Delete'])), 'u1');
    assert.equal(entry.action, 'skip');
    assert.equal(entry.skipReason, 'CreateNotEnabled');
  });

  it('with Update disabled a matched user is linked but not updated', async () => {
    const t = tenant();
    t.entra.addUser('u1', { displayName: 'New' }).assign('u1', ROLE.agent);
    t.zendesk.addUser(7, { email: 'u1@contoso.com' });
    const entry = userEntry(await planFor(t, withActions('userMapping', ['Create', 'Delete'])), 'u1');
    assert.equal(entry.skipReason, 'UpdateNotEnabled');
    assert.deepEqual(entry.link, { kind: 'set', targetId: 7, disabledReason: null });
  });
});

describe('engine plan: deprovisioning', () => {
  function linkedAgent(t: ReturnType<typeof tenant>, id: string, targetId: number, extra: Record<string, unknown> = {}): void {
    t.zendesk.addUser(targetId, { email: `${id}@contoso.com`, external_id: id, name: `User ${id}`, role: 'agent', ...extra });
  }

  it('out of scope → suspend', async () => {
    const t = tenant();
    t.entra.addUser('u1');
    linkedAgent(t, 'u1', 7);
    const entry = userEntry(await planFor(t, testConfig(), stateWith([link('u1', 7)])), 'u1');
    assert.equal(entry.action, 'suspend');
    assert.deepEqual(entry.request, { method: 'PUT', path: '/api/v2/users/7', body: { user: { suspended: true } } });
    assert.deepEqual(entry.link, { kind: 'set', targetId: 7, disabledReason: 'unassigned' });
  });

  it('with skipOutOfScopeDeletions an out-of-scope user is left as is', async () => {
    const t = tenant();
    t.entra.addUser('u1');
    linkedAgent(t, 'u1', 7);
    const config = testConfig({ deprovisioning: { action: 'suspend', skipOutOfScopeDeletions: true } });
    const entry = userEntry(await planFor(t, config, stateWith([link('u1', 7)])), 'u1');
    assert.equal(entry.action, 'skip');
    assert.equal(entry.skipReason, 'SkipOutOfScopeDeletions');
  });

  it('without an IsSoftDeleted mapping an out-of-scope user is left as is', async () => {
    const t = tenant();
    t.entra.addUser('u1');
    linkedAgent(t, 'u1', 7);
    const config = withUserMappings((m) => m.filter((x) => x.source !== 'IsSoftDeleted'));
    assert.equal(userEntry(await planFor(t, config, stateWith([link('u1', 7)])), 'u1').skipReason, 'IsSoftDeletedNotMapped');
  });

  it('hard-deleted in Entra → delete only when the Delete action is enabled', async () => {
    const t = tenant();
    linkedAgent(t, 'u1', 7);
    const state = stateWith([link('u1', 7)]);
    const deleted = userEntry(await planFor(t, testConfig(), state), 'u1');
    assert.equal(deleted.action, 'delete');
    assert.deepEqual(deleted.request, { method: 'DELETE', path: '/api/v2/users/7', body: null });
    const kept = userEntry(await planFor(t, withActions('userMapping', ['Create', 'Update']), state), 'u1');
    assert.equal(kept.action, 'skip');
    assert.equal(kept.skipReason, 'DeleteNotEnabled');
  });

  it('hard delete is not stopped by skipOutOfScopeDeletions', async () => {
    const t = tenant();
    linkedAgent(t, 'u1', 7);
    const config = testConfig({ deprovisioning: { action: 'suspend', skipOutOfScopeDeletions: true } });
    assert.equal(userEntry(await planFor(t, config, stateWith([link('u1', 7)])), 'u1').action, 'delete');
  });

  it('soft-deleted in Entra → suspend, and the user stays managed', async () => {
    const t = tenant();
    t.entra.addUser('u1').assign('u1', ROLE.agent).softDelete('u1');
    linkedAgent(t, 'u1', 7);
    const entry = userEntry(await planFor(t, testConfig(), stateWith([link('u1', 7)])), 'u1');
    assert.equal(entry.action, 'suspend');
    assert.equal(entry.skipReason, null);
    assert.deepEqual(entry.link, { kind: 'set', targetId: 7, disabledReason: 'softDeleted' });
    // 30 days later Entra hard-deletes it: still managed → delete.
    t.entra.hardDelete('u1');
    const later = userEntry(await planFor(t, testConfig(), stateWith([link('u1', 7, { disabledReason: 'softDeleted' })])), 'u1');
    assert.equal(later.action, 'delete');
  });

  it('unassigned then deleted → not managed any more', async () => {
    const t = tenant();
    linkedAgent(t, 'u1', 7, { suspended: true });
    const entry = userEntry(await planFor(t, testConfig(), stateWith([link('u1', 7, { disabledReason: 'unassigned' })])), 'u1');
    assert.equal(entry.action, 'skip');
    assert.equal(entry.skipReason, 'NotManaged');
    assert.deepEqual(entry.link, { kind: 'remove' });
  });

  it('deprovisioning action delete → DELETE when the user leaves scope', async () => {
    const t = tenant();
    t.entra.addUser('u1');
    linkedAgent(t, 'u1', 7);
    const config = testConfig({ deprovisioning: { action: 'delete', skipOutOfScopeDeletions: false } });
    assert.equal(userEntry(await planFor(t, config, stateWith([link('u1', 7)])), 'u1').action, 'delete');
  });

  it('an already suspended out-of-scope user needs no call', async () => {
    const t = tenant();
    t.entra.addUser('u1', { accountEnabled: false }).assign('u1', ROLE.agent);
    linkedAgent(t, 'u1', 7, { suspended: true });
    const entry = userEntry(await planFor(t, testConfig(), stateWith([link('u1', 7)])), 'u1');
    assert.equal(entry.action, 'skip');
    assert.equal(entry.request, null);
    assert.deepEqual(entry.link, { kind: 'set', targetId: 7, disabledReason: 'accountDisabled' });
  });

  it('over the deletion threshold suspends and deletes are staged, not applied', async () => {
    const t = tenant();
    const links = [];
    for (let i = 1; i <= 3; i++) {
      t.entra.addUser(`u${i}`);
      linkedAgent(t, `u${i}`, 100 + i);
      links.push(link(`u${i}`, 100 + i));
    }
    const config = testConfig({ accidentalDeletion: { enabled: true, threshold: 2 } });
    const plan = await planFor(t, config, stateWith(links));
    assert.deepEqual(plan.users.map((u) => [u.action, u.staged]), [['suspend', true], ['suspend', true], ['suspend', true]]);
    assert.deepEqual(plan.quarantine, { reason: 'TooManyDeletes', deletes: 3, threshold: 2 });
    assert.equal(plan.summary.staged, 3);
    assert.equal(plan.summary.writes, 0);
  });

  it('at the threshold (not over it) suspends are applied; allowDeletes lifts the threshold', async () => {
    const t = tenant();
    t.entra.addUser('u1').addUser('u2');
    linkedAgent(t, 'u1', 101);
    linkedAgent(t, 'u2', 102);
    const state = stateWith([link('u1', 101), link('u2', 102)]);
    const atThreshold = await planFor(t, testConfig({ accidentalDeletion: { enabled: true, threshold: 2 } }), state);
    assert.equal(atThreshold.quarantine, null);
    const allowed = await planFor(t, testConfig({ accidentalDeletion: { enabled: true, threshold: 1 } }), state, { allowDeletes: true });
    assert.equal(allowed.quarantine, null);
    assert.deepEqual(allowed.users.map((u) => u.staged), [false, false]);
  });
});

describe('engine plan: groups and memberships', () => {
  it('groups are planned and memberships come after them: new group, new agent → membership with ids resolved at apply', async () => {
    const t = tenant();
    t.entra.addUser('u1').addGroup('g1', ['u1']).assign('g1', ROLE.agent, 'Group');
    const plan = await planFor(t);
    const group = groupEntry(plan, 'g1');
    assert.equal(group.action, 'create');
    assert.deepEqual(group.request, { method: 'POST', path: '/api/v2/groups', body: { group: { name: 'Group g1' } } });
    assert.equal(plan.memberships.length, 1);
    assert.deepEqual(
      { ...plan.memberships[0], request: undefined, message: undefined },
      { objectType: 'Membership', action: 'create', groupSourceId: 'g1', userSourceId: 'u1', groupTargetId: null, userTargetId: null, membershipId: null, request: undefined, message: undefined, warning: null },
    );
  });

  it('memberships only for agents and admins: an end-user member gets a warning and no call', async () => {
    const t = tenant();
    t.entra.addUser('u1').addUser('u2').addGroup('g1', ['u1', 'u2']).assign('g1', ROLE.endUser, 'Group');
    t.entra.assign('u2', ROLE.endUser);
    t.zendesk.addGroup(50, 'Group g1');
    const plan = await planFor(t);
    assert.deepEqual(plan.memberships.map((m) => [m.userSourceId, m.action, m.request]), [['u1', 'skip', null], ['u2', 'skip', null]]);
    assert.match(plan.warnings.join('\n'), /is an end-user in Zendesk: Zendesk groups hold agents only/);
  });

  it('an existing membership needs no call; a managed user no longer a member is removed; manual memberships stay', async () => {
    const t = tenant();
    t.entra.addUser('u1').assign('u1', ROLE.agent).addUser('u2').assign('u2', ROLE.agent);
    t.entra.addGroup('g1', ['u1']).assign('g1', ROLE.agent, 'Group');
    t.zendesk.addUser(7, { email: 'u1@contoso.com', external_id: 'u1', name: 'User u1', role: 'agent' });
    t.zendesk.addUser(8, { email: 'u2@contoso.com', external_id: 'u2', name: 'User u2', role: 'agent' });
    t.zendesk.addUser(9, { email: 'manual@example.com', role: 'agent' });
    t.zendesk.addGroup(50, 'Group g1').addMembership(500, 7, 50).addMembership(501, 8, 50).addMembership(502, 9, 50);
    const plan = await planFor(t, testConfig(), stateWith([link('u1', 7), link('u2', 8)], [link('g1', 50)]));
    assert.deepEqual(plan.memberships.map((m) => [m.action, m.membershipId, m.request?.path]), [['delete', 501, '/api/v2/group_memberships/501']]);
  });

  it('a group is matched by name and updated only when a mapped attribute differs', async () => {
    const t = tenant();
    t.entra.addGroup('g1', [], { displayName: 'Support' }).assign('g1', ROLE.agent, 'Group');
    t.zendesk.addGroup(50, 'support');
    const entry = groupEntry(await planFor(t), 'g1');
    assert.equal(entry.targetId, 50);
    assert.equal(entry.action, 'update', 'name differs in case only, but names are not case-insensitive targets');
    assert.deepEqual(entry.payload, { name: 'Support' });
  });

  it('an out-of-scope managed group is deleted (Zendesk groups can not be disabled)', async () => {
    const t = tenant();
    t.entra.addGroup('g1', []);
    t.zendesk.addGroup(50, 'Group g1');
    const entry = groupEntry(await planFor(t, testConfig(), stateWith([], [link('g1', 50)])), 'g1');
    assert.equal(entry.action, 'delete');
    assert.deepEqual(entry.request, { method: 'DELETE', path: '/api/v2/groups/50', body: null });
  });

  it('with the group mapping disabled no group or membership is planned', async () => {
    const base = testConfig();
    const t = tenant();
    t.entra.addUser('u1').addGroup('g1', ['u1']).assign('g1', ROLE.agent, 'Group');
    const plan = await planFor(t, { ...base, groupMapping: { ...base.groupMapping, enabled: false } });
    assert.equal(plan.groups.length, 0);
    assert.equal(plan.memberships.length, 0);
    assert.equal(userEntry(plan, 'u1').action, 'create', 'the group assignment still brings its members in scope');
  });
});

describe('engine plan: whole plan', () => {
  it('the order is deterministic (by id) and the same input gives the same plan', async () => {
    const t = tenant();
    for (const id of ['u3', 'u1', 'u2']) t.entra.addUser(id).assign(id, ROLE.agent);
    const first = await planFor(t);
    const second = await planFor(t);
    assert.deepEqual(first.users.map((u) => u.sourceId), ['u1', 'u2', 'u3']);
    assert.deepEqual(JSON.parse(JSON.stringify(first)), JSON.parse(JSON.stringify(second)));
  });

  it('the summary counts every action', async () => {
    const t = tenant();
    t.entra.addUser('new').assign('new', ROLE.agent);
    t.entra.addUser('same').assign('same', ROLE.agent);
    t.entra.addUser('gone');
    t.zendesk.addUser(7, { email: 'same@contoso.com', external_id: 'same', name: 'User same', role: 'agent' });
    t.zendesk.addUser(8, { email: 'gone@contoso.com', external_id: 'gone', name: 'User gone', role: 'agent' });
    const plan = await planFor(t, testConfig(), stateWith([link('same', 7), link('gone', 8)]));
    assert.deepEqual(plan.summary.users, { create: 1, update: 0, suspend: 1, reactivate: 0, delete: 0, skip: 1, error: 0 });
    assert.equal(plan.summary.writes, 2);
  });

  it('Redact() marks the modified property as redacted', async () => {
    const config = withUserMappings((m) => [...m, { type: 'Expression', source: 'Redact([employeeId])', target: 'user_fields.badge', apply: 'Always' }]);
    const t = tenant();
    t.entra.addUser('u1', { employeeId: 'S3CRET-42' }).assign('u1', ROLE.agent);
    const entry = userEntry(await planFor(t, config), 'u1');
    assert.deepEqual(entry.payload?.['user_fields'], { badge: 'S3CRET-42' });
    assert.deepEqual(entry.modifiedProperties.find((m) => m.name === 'user_fields.badge'), { name: 'user_fields.badge', oldValue: null, newValue: 'S3CRET-42', redacted: true });
  });
});
