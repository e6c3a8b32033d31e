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
});
