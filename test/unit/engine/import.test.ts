import assert from 'node:assert/strict';
import { compileConfig, importModel } from '../../../src/core/engine';
import { EngineConfigurationError } from '../../../src/core/engine';
import { ROLE, link, stateWith, tenant, testConfig } from './fakes';

describe('engine import', () => {
  it('$select is exactly the attributes the default mappings use, plus id and accountEnabled', async () => {
    const t = tenant();
    t.entra.addUser('u1').assign('u1', ROLE.agent);
    const compiled = compileConfig(testConfig());
    await importModel(t, compiled, stateWith());
    const call = t.entra.calls.find((c) => c.method === 'getUsers')!;
    // objectId → id, telephoneNumber → businessPhones; IsSoftDeleted and appRoleAssignments are computed, not read.
    assert.deepEqual(call.args[1], ['accountEnabled', 'businessPhones', 'displayName', 'id', 'preferredLanguage', 'userPrincipalName']);
  });

  it('a scoping filter attribute and an expression attribute are added to $select', async () => {
    const base = testConfig();
    const config = testConfig({
      userMapping: {
        ...base.userMapping,
        scopingFilters: [{ name: 'Sales', clauses: [{ sourceOperandName: 'department', operatorName: 'EQUALS', targetOperand: { values: ['Sales'] } }] }],
        attributeMappings: [...base.userMapping.attributeMappings, { type: 'Expression', source: 'Join(" ", [givenName], [extensionAttribute3])', target: 'alias', apply: 'Always' }],
      },
    });
    const compiled = compileConfig(config);
    assert.deepEqual(compiled.userSelect, [
      'accountEnabled', 'businessPhones', 'department', 'displayName', 'givenName', 'id', 'onPremisesExtensionAttributes', 'preferredLanguage', 'userPrincipalName',
    ]);
  });

  it('direct members of an assigned group are assigned; members of nested groups are not', async () => {
    const t = tenant();
    t.entra.addUser('u1').addUser('u2');
    t.entra.addGroup('group-inner', ['u2']);
    t.entra.addGroup('group-outer', ['u1', 'group-inner']).assign('group-outer', ROLE.agent, 'Group');
    const model = await importModel(t, compileConfig(testConfig()), stateWith());
    assert.equal(model.entra.users.get('u1')?.assignments[0]?.via.kind, 'group');
    assert.equal(model.entra.users.has('u2'), false);
    assert.match(model.entra.warnings.join('\n'), /nested group group-inner/);
  });

  it('linked users Graph no longer returns are classified soft- or hard-deleted', async () => {
    const t = tenant();
    t.entra.addUser('soft').addUser('hard').softDelete('soft').hardDelete('hard');
    const model = await importModel(t, compileConfig(testConfig()), stateWith([link('soft', 1), link('hard', 2)]));
    assert.equal(model.entra.users.get('soft')?.presence, 'softDeleted');
    assert.equal(model.entra.users.get('hard')?.presence, 'hardDeleted');
  });

  it('Zendesk import reads users, custom roles, groups and memberships; deleted users are left out', async () => {
    const t = tenant();
    t.zendesk.addUser(1).addUser(2, { active: false }).addGroup(10, 'Support').addMembership(100, 1, 10);
    const model = await importModel(t, compileConfig(testConfig()), stateWith());
    assert.deepEqual([...model.zendesk.users.keys()], [1]);
    assert.deepEqual(model.zendesk.customRoles?.map((r) => r.name), ['Staff']);
    assert.deepEqual(model.zendesk.membershipsByGroup.get(10)?.map((m) => m.id), [100]);
    assert.equal(model.zendesk.complete, true);
  });

  it('a user mapping without a matching attribute is a configuration error naming the path', () => {
    const base = testConfig();
    const config = testConfig({ userMapping: { ...base.userMapping, attributeMappings: base.userMapping.attributeMappings.map(({ matchingPrecedence: _m, ...rest }) => rest) } });
    assert.throws(() => compileConfig(config), (e: unknown) => e instanceof EngineConfigurationError && e.path === '/userMapping/attributeMappings');
  });

  it('an invalid expression is a configuration error naming the mapping source', () => {
    const base = testConfig();
    const config = testConfig({
      userMapping: { ...base.userMapping, attributeMappings: [...base.userMapping.attributeMappings, { type: 'Expression', source: 'Join(', target: 'alias', apply: 'Always' }] },
    });
    assert.throws(() => compileConfig(config), (e: unknown) => e instanceof EngineConfigurationError && e.path === '/userMapping/attributeMappings/7/source');
  });
  it('users come out in id order whatever order Graph answers in, each with its own Graph object and assignments', async () => {
    const t = tenant();
    t.entra.addUser('u3').addUser('u1').addUser('u2').addUser('u4').addUser('linked-gone');
    t.entra.assign('u3', ROLE.agent).assign('u1', ROLE.endUser).assign('u2', ROLE.admin).assign('u4', ROLE.agent).hardDelete('linked-gone');
    // A port answering in the reverse of the order asked, the hard-deleted user missing.
    const getUsers = t.entra.getUsers.bind(t.entra);
    t.entra.getUsers = async (ids, select) => [...(await getUsers(ids, select))].reverse();
    const model = await importModel(t, compileConfig(testConfig()), stateWith([link('u2', 12), link('linked-gone', 99)]));
    assert.deepEqual([...model.entra.users.keys()], ['linked-gone', 'u1', 'u2', 'u3', 'u4']);
    assert.deepEqual([...model.entra.users.values()].map((u) => u.id), ['linked-gone', 'u1', 'u2', 'u3', 'u4']);
    assert.deepEqual([...model.entra.users].map(([id, u]) => [id, u.graph?.id ?? null, u.presence, u.assignments.map((a) => a.appRoleId)]), [
      ['linked-gone', null, 'hardDeleted', []],
      ['u1', 'u1', 'present', [ROLE.endUser]],
      ['u2', 'u2', 'present', [ROLE.admin]],
      ['u3', 'u3', 'present', [ROLE.agent]],
      ['u4', 'u4', 'present', [ROLE.agent]],
    ]);
    assert.equal(model.entra.users.size, 5);
    assert.equal(model.entra.users.get('u3')?.graph?.id, 'u3');
    assert.equal(model.entra.users.has('nobody'), false);
    const visited: string[] = [];
    model.entra.users.forEach((record, id, map) => visited.push(`${id}=${record.id}:${map === model.entra.users}`));
    assert.deepEqual(visited, ['linked-gone=linked-gone:true', 'u1=u1:true', 'u2=u2:true', 'u3=u3:true', 'u4=u4:true']);
  });
  it('a user assigned directly and through a group holds both, direct first, without changing what others hold', async () => {
    const t = tenant();
    t.entra.addUser('both').addUser('direct-only').addUser('member-only').addUser('two-groups');
    t.entra.assign('direct-only', ROLE.agent).assign('both', ROLE.agent);
    t.entra.addGroup('g1', ['both', 'member-only', 'two-groups']).assign('g1', ROLE.agent, 'Group');
    t.entra.addGroup('g2', ['two-groups']).assign('g2', ROLE.admin, 'Group');
    const users = (await importModel(t, compileConfig(testConfig()), stateWith())).entra.users;
    const paths = (id: string) => users.get(id)!.assignments.map((a) => `${a.via.kind === 'direct' ? 'direct' : a.via.groupId}:${a.roleName}`);
    assert.deepEqual(paths('both'), ['direct:Agent', 'g1:Agent']);
    assert.deepEqual(paths('direct-only'), ['direct:Agent']);
    assert.deepEqual(paths('member-only'), ['g1:Agent']);
    assert.deepEqual(paths('two-groups'), ['g1:Agent', 'g2:Administrator']);
  });
});
