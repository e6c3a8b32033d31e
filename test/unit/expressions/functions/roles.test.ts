import assert from 'node:assert/strict';
import { assertFails, evaluate, result } from './evaluate-helper';

const agent = { id: '00000000-0000-0000-0000-00000000000a', displayName: 'Agent', value: 'agent' };
const admin = { id: '00000000-0000-0000-0000-00000000000b', displayName: 'Admin' };

describe('expressions: app role functions', () => {
  describe('SingleAppRoleAssignment', () => {
    it('returns the one role name, from names or assignment objects', () => {
      assert.equal(evaluate('SingleAppRoleAssignment([appRoleAssignments])', { appRoleAssignments: ['User'] }), 'User');
      assert.equal(evaluate('SingleAppRoleAssignment([appRoleAssignments])', { appRoleAssignments: [agent] }), 'Agent');
      assert.equal(evaluate('SingleAppRoleAssignment([appRoleAssignments])', { appRoleAssignments: 'Admin' }), 'Admin');
    });
    it('gives null with no assignment', () => {
      assert.deepEqual(result('SingleAppRoleAssignment([appRoleAssignments])', { appRoleAssignments: [] }), { flow: false, reason: 'null', redacted: false });
      assert.deepEqual(result('SingleAppRoleAssignment([appRoleAssignments])', {}), { flow: false, reason: 'null', redacted: false });
    });
    it("fails with the service's exact message for two or more assignments (typos included)", () => {
      const error = assertFails('SingleAppRoleAssignment([appRoleAssignments])', 'SingleAppRoleAssignment', /./, { appRoleAssignments: [agent, admin] });
      assert.equal(
        error.message,
        "An error occured while evaluating this function: 'SingleAppRoleAssignment.' No more than one app role assignment was expected, but this many where found: 2",
      );
      assert.deepEqual(error.span, { start: 0, end: 45 });
      assertFails('SingleAppRoleAssignment([r])', 'SingleAppRoleAssignment', /this many where found: 3$/, { r: ['a', 'b', 'c'] });
    });
  });

  describe('AppRoleAssignmentsComplex / AssertiveAppRoleAssignmentsComplex', () => {
    for (const name of ['AppRoleAssignmentsComplex', 'AssertiveAppRoleAssignmentsComplex']) {
      it(`${name}: every role as a complex value with primary=false`, () => {
        assert.deepEqual(evaluate(`${name}([appRoleAssignments])`, { appRoleAssignments: [agent, admin] }), [
          { id: agent.id, value: 'agent', displayName: 'Agent', primary: false },
          { id: admin.id, value: null, displayName: 'Admin', primary: false },
        ]);
        assert.deepEqual(evaluate(`${name}([appRoleAssignments])`, { appRoleAssignments: ['Agent'] }), [
          { id: null, value: 'Agent', displayName: 'Agent', primary: false },
        ]);
      });
      it(`${name}: no assignments → an empty list (so a replace can remove every role)`, () => {
        assert.deepEqual(result(`${name}([appRoleAssignments])`, {}), { flow: true, value: [], redacted: false });
      });
    }
  });

  describe('legacy AppRoleAssignments', () => {
    it('is unsupported', () => {
      assertFails('AppRoleAssignments([appRoleAssignments])', 'AppRoleAssignments', /^AppRoleAssignments: this legacy function is unsupported: use SingleAppRoleAssignment/, { appRoleAssignments: ['a'] });
    });
  });
});
