/**
 * Issue 5, item 2 — import, scope and matching rules, one test per rule, on the sandboxes: the real engine through the
 * real clients against both emulators, each test starting from its own small tenant (reference §1.1, §1.4, §1.5).
 */
import * as assert from 'node:assert/strict';
import type { EnginePorts, GraphUser } from '../../../src/core/engine';
import { ROLE, groupId, graphTenant, guid, recordOf, useRulesRig, upn, userPlan, zendeskAccount } from './rules-rig';

describe('engine rules on the sandboxes: import, scope, matching', function () {
  this.timeout(20_000);
  const rig = useRulesRig();

  describe('import', () => {
    it('import: assignments = direct ones + direct members of assigned groups only (nested groups are not expanded)', async () => {
      rig.reset({
        graph: graphTenant(
          [{ n: 1, name: 'Direct', role: ROLE.agent }, { n: 2, name: 'Member' }, { n: 3, name: 'Nested' }, { n: 4, name: 'Outsider' }],
          [
            { n: 1, name: 'Support', members: [2], nested: [2], role: ROLE.agent },
            { n: 2, name: 'Contractors', members: [3] },
          ],
        ),
      });
      const result = await rig.sync({ mode: 'full' });
      assert.ok(rig.userByEmail(upn('Direct')), 'the directly assigned user is provisioned');
      assert.ok(rig.userByEmail(upn('Member')), 'the direct member of the assigned group is provisioned');
      assert.equal(rig.userByEmail(upn('Nested')), undefined, 'a member of a nested group is not');
      assert.equal(rig.userByEmail(upn('Outsider')), undefined);
      assert.deepEqual(userPlan(result, guid(2)).scope.roles.map((r) => r.displayName), ['Agent']);
      assert.ok(result.plan.warnings.some((w) => w.includes('Support') && w.includes(groupId(2)) && /nested/i.test(w)), result.plan.warnings.join('\n'));
    });

    it('import: users are read with $select of exactly the attributes the mappings use', async () => {
      rig.reset({ graph: graphTenant([{ n: 1, name: 'Ann', role: ROLE.agent, jobTitle: 'Engineer', department: 'Support', businessPhones: ['+1 425 555 0101'] }]) });
      const read: GraphUser[] = [];
      const spy = (ports: EnginePorts): EnginePorts => ({
        zendesk: ports.zendesk,
        entra: Object.assign(Object.create(ports.entra) as EnginePorts['entra'], {
          getUsers: async (...args: Parameters<EnginePorts['entra']['getUsers']>) => {
            const users = await ports.entra.getUsers(...args);
            read.push(...users);
            return users;
          },
        }),
      });
      await rig.sync({ mode: 'full' }, { ports: spy });
      assert.equal(read.length, 1);
      // What the Graph sandbox answered: the default mappings' sources (userPrincipalName, objectId = id, displayName,
      // accountEnabled for IsSoftDeleted, businessPhones for telephoneNumber, preferredLanguage) — not jobTitle or department.
      assert.deepEqual(Object.keys(read[0]!).filter((k) => !k.startsWith('@')).sort(), ['accountEnabled', 'businessPhones', 'displayName', 'id', 'preferredLanguage', 'userPrincipalName']);
    });

    it('import: Zendesk users, custom roles, groups and memberships are read', async () => {
      rig.reset({
        // Ann holds "Staff" directly and through the group: one role, reached twice.
        graph: graphTenant([{ n: 1, name: 'Ann', role: ROLE.staff }], [{ n: 1, name: 'Support', members: [1], role: ROLE.staff }]),
        zendesk: zendeskAccount({
          users: [{ id: 501, name: 'Ann Old', email: upn('Ann'), role: 'agent' }],
          groups: [{ id: 601, name: 'Support' }],
          group_memberships: [{ id: 701, user_id: 501, group_id: 601 }],
        }),
      });
      const result = await rig.sync({ mode: 'full' });
      const counts = rig.zendesk.requestCounts();
      for (const endpoint of ['users.list', 'custom_roles.list', 'groups.list', 'group_memberships.list']) {
        assert.ok((counts[endpoint] ?? 0) > 0, `${endpoint} was not read: ${JSON.stringify(counts)}`);
      }
      // Read and used: the existing user and group are matched, the custom role resolved, the membership already there.
      assert.equal(userPlan(result, guid(1)).targetId, 501);
      assert.equal(rig.userByEmail(upn('Ann'))!.custom_role_id, 19000000000000);
      assert.equal(result.plan.groups[0]!.targetId, 601);
      assert.equal(result.plan.summary.memberships.create, 0);
    });
  });

  describe('scope', () => {
    it('scope: assigned → in scope; unassigned → NotEffectivelyEntitled, with the service\'s reasons', async () => {
      rig.reset({ graph: graphTenant([{ n: 1, name: 'Assigned', role: ROLE.agent }, { n: 2, name: 'Unassigned' }]) });
      await rig.sync({ mode: 'full' });
      assert.equal(rig.userByEmail(upn('Assigned'))?.role, 'agent');
      assert.equal(rig.userByEmail(upn('Unassigned')), undefined, 'the unassigned user is not provisioned');
      // The verdict, as provision on demand shows it for the unassigned user.
      const { trial } = await rig.trial(guid(2), { dryRun: true });
      assert.equal(trial.entry.skipReason, 'NotEffectivelyEntitled');
      assert.equal(trial.entry.scope.summary, 'Skip reason = NotEffectivelyEntitled, Active = True, Assigned = False, Passed scope filter: True');
      assert.ok(trial.entry.scope.reasons.includes('User is not assigned to the application'), trial.entry.scope.reasons.join('\n'));
      assert.equal(trial.record.provisioningStatusInfo.status, 'skipped');
      const scoping = trial.record.provisioningSteps.find((s) => s.provisioningStepType === 'scoping')!;
      assert.equal(scoping.status, 'skipped');
      assert.equal(scoping.details['SkipReason'], 'NotEffectivelyEntitled');
    });

    it('scope: Default Access (and msiam_access) only → not in scope', async () => {
      rig.reset({ graph: graphTenant([{ n: 1, name: 'Default', role: ROLE.defaultAccess }, { n: 2, name: 'Msiam', role: ROLE.msiamAccess }]) });
      const result = await rig.sync({ mode: 'full' });
      assert.equal(rig.userByEmail(upn('Default')), undefined);
      assert.equal(rig.userByEmail(upn('Msiam')), undefined);
      for (const n of [1, 2]) {
        const entry = userPlan(result, guid(n));
        assert.equal(entry.skipReason, 'NotEffectivelyEntitled');
        assert.equal(entry.scope.assigned, true);
        assert.ok(entry.scope.reasons.some((r) => r.includes('Default Access')), entry.scope.reasons.join('\n'));
      }
    });

    it('scope: a scoping filter that fails → NotInProvisioningScope, not provisioned', async () => {
      rig.reset(
        { graph: graphTenant([{ n: 1, name: 'Sales', role: ROLE.agent, department: 'Sales' }, { n: 2, name: 'Hr', role: ROLE.agent, department: 'HR' }]) },
        (config) => {
          config['userMapping'] = { scopingFilters: [{ name: 'Sales only', clauses: [{ sourceOperandName: 'department', operatorName: 'EQUALS', targetOperand: { values: ['Sales'] } }] }] };
        },
      );
      const result = await rig.sync({ mode: 'full' });
      assert.ok(rig.userByEmail(upn('Sales')));
      assert.equal(rig.userByEmail(upn('Hr')), undefined);
      const entry = userPlan(result, guid(2));
      assert.equal(entry.skipReason, 'NotInProvisioningScope');
      assert.equal(entry.scope.passedScopeFilter, false);
    });

    it('scope: accountEnabled = false → IsSoftDeleted: the Zendesk user is suspended', async () => {
      rig.reset({ graph: graphTenant([{ n: 1, name: 'Ann', role: ROLE.agent }]) });
      await rig.sync({ mode: 'full' });
      assert.equal(rig.userByEmail(upn('Ann'))?.suspended, false);
      rig.graph.directory.disableUser(guid(1));
      const result = await rig.sync({ mode: 'full' });
      const entry = userPlan(result, guid(1));
      assert.equal(entry.action, 'suspend');
      assert.equal(entry.scope.isSoftDeleted, true);
      assert.equal(entry.scope.skipReason, 'InactiveInSource');
      assert.deepEqual(entry.payload, { suspended: true });
      assert.equal(rig.userByEmail(upn('Ann'))?.suspended, true);
      assert.equal(recordOf(result, guid(1)).provisioningAction, 'disable');
    });

    it('scope: soft-deleted in Entra → IsSoftDeleted: the Zendesk user is suspended', async () => {
      rig.reset({ graph: graphTenant([{ n: 1, name: 'Ann', role: ROLE.agent }]) });
      await rig.sync({ mode: 'full' });
      rig.graph.directory.softDeleteUser(guid(1));
      const result = await rig.sync({ mode: 'full' });
      const entry = userPlan(result, guid(1));
      assert.equal(entry.action, 'suspend');
      assert.equal(entry.scope.skipReason, 'SoftDeletedInSource');
      assert.equal(rig.userByEmail(upn('Ann'))?.suspended, true);
    });

    it('scope: "Sync all users and groups" → unassigned users are in scope', async () => {
      rig.reset({ graph: graphTenant([{ n: 1, name: 'Unassigned' }]) }, (config) => {
        config['scope'] = 'allUsersAndGroups';
      });
      const result = await rig.sync({ mode: 'full' });
      assert.equal(userPlan(result, guid(1)).action, 'create');
      assert.equal(rig.userByEmail(upn('Unassigned'))?.role, 'end-user');
    });
  });

  describe('matching', () => {
    /** Match on the Zendesk name only (a non-unique attribute, so duplicates can exist on both sides). */
    const matchOnName = (config: Record<string, unknown>): void => {
      config['userMapping'] = {
        attributeMappings: [
          { type: 'Direct', source: 'displayName', target: 'name', matchingPrecedence: 1 },
          { type: 'Direct', source: 'userPrincipalName', target: 'email' },
          { type: 'Expression', source: 'SingleAppRoleAssignment([appRoleAssignments])', target: 'role', defaultValue: 'end-user' },
        ],
      };
    };

    it('matching: attributes are tried in precedence order and the first with a hit decides', async () => {
      rig.reset({
        graph: graphTenant([{ n: 1, name: 'ByEmail', role: ROLE.agent }, { n: 2, name: 'ByExternalId', role: ROLE.agent }]),
        zendesk: zendeskAccount({
          users: [
            { id: 501, name: 'Old 1', email: upn('ByEmail'), role: 'agent' },
            // No e-mail match for user 2 (precedence 1), so external_id (precedence 2) is tried and hits.
            { id: 502, name: 'Old 2', email: 'someone.else@contoso.example', external_id: guid(2), role: 'agent' },
          ],
        }),
      });
      const result = await rig.sync({ mode: 'full' });
      const byEmail = userPlan(result, guid(1));
      const byExternalId = userPlan(result, guid(2));
      assert.deepEqual([byEmail.match?.kind, byEmail.targetId], ['matched', 501]);
      assert.equal(byEmail.match?.kind === 'matched' ? byEmail.match.attribute : null, 'email');
      assert.equal(byEmail.match?.attempts.length, 1, 'external_id is not tried after email hit');
      assert.equal(byExternalId.match?.kind === 'matched' ? byExternalId.match.attribute : null, 'external_id');
      assert.deepEqual(byExternalId.match?.attempts.map((a) => [a.targetAttribute, a.matchedIds]), [['email', []], ['external_id', [502]]]);
      // No one was created: both were matched and updated in place.
      assert.equal(rig.zendesk.requestCounts()['users.create_or_update_many'] ?? 0, 0);
      assert.equal(rig.zendesk.state.liveUsers().find((u) => u.id === 502)?.name, 'ByExternalId Test');
    });

    it('matching: no Zendesk match → create', async () => {
      rig.reset({ graph: graphTenant([{ n: 1, name: 'New', role: ROLE.agent }]) });
      const before = rig.zendesk.state.liveUsers().length;
      const result = await rig.sync({ mode: 'full' });
      assert.equal(userPlan(result, guid(1)).match?.kind, 'notFound');
      assert.equal(userPlan(result, guid(1)).action, 'create');
      assert.equal(rig.zendesk.state.liveUsers().length, before + 1);
      const created = rig.userByEmail(upn('New'))!;
      assert.deepEqual([created.name, created.external_id, created.role], ['New Test', guid(1), 'agent']);
      assert.equal(recordOf(result, guid(1)).provisioningAction, 'create');
    });

    it('matching: exactly one Zendesk match → update', async () => {
      rig.reset({
        graph: graphTenant([{ n: 1, name: 'Ann', role: ROLE.agent }]),
        zendesk: zendeskAccount({ users: [{ id: 501, name: 'Ann Old', email: upn('Ann'), role: 'end-user' }] }),
      });
      const before = rig.zendesk.state.liveUsers().length;
      const result = await rig.sync({ mode: 'full' });
      const entry = userPlan(result, guid(1));
      assert.deepEqual([entry.action, entry.targetId], ['update', 501]);
      assert.equal(rig.zendesk.state.liveUsers().length, before, 'nothing created');
      const user = rig.userByEmail(upn('Ann'))!;
      assert.deepEqual([user.id, user.name, user.role, user.external_id], [501, 'Ann Test', 'agent', guid(1)]);
      assert.equal(recordOf(result, guid(1)).provisioningAction, 'update');
    });

    it('matching: more than one Zendesk match → DuplicateTargetEntries', async () => {
      rig.reset(
        {
          graph: graphTenant([{ n: 1, name: 'Ann', role: ROLE.agent }]),
          zendesk: zendeskAccount({
            users: [
              { id: 501, name: 'Ann Test', email: 'ann.one@contoso.example', role: 'agent' },
              { id: 502, name: 'Ann Test', email: 'ann.two@contoso.example', role: 'agent' },
            ],
          }),
        },
        matchOnName,
      );
      const before = JSON.stringify(rig.zendesk.state.liveUsers());
      const result = await rig.sync({ mode: 'full' });
      const entry = userPlan(result, guid(1));
      assert.equal(entry.action, 'error');
      assert.equal(entry.error?.code, 'DuplicateTargetEntries');
      assert.equal(JSON.stringify(rig.zendesk.state.liveUsers()), before, 'Zendesk is left alone');
      const record = recordOf(result, guid(1));
      assert.equal(record.provisioningStatusInfo.status, 'failure');
      assert.equal(record.provisioningStatusInfo.errorInformation?.errorCode, 'DuplicateTargetEntries');
      assert.match(record.provisioningStatusInfo.errorInformation?.reason ?? '', /2 Zendesk users match name = "Ann Test" \(ids 501, 502\)/);
      assert.deepEqual(rig.state().escrows.map((e) => [e.sourceId, e.errorCode]), [[guid(1), 'DuplicateTargetEntries']]);
    });

    it('matching: duplicate source values → DuplicateSourceEntries', async () => {
      rig.reset({ graph: graphTenant([{ n: 1, name: 'Ann', role: ROLE.agent, displayName: 'Same Name' }, { n: 2, name: 'Bob', role: ROLE.agent, displayName: 'Same Name' }]) }, matchOnName);
      const result = await rig.sync({ mode: 'full' });
      for (const n of [1, 2]) {
        const entry = userPlan(result, guid(n));
        assert.equal(entry.error?.code, 'DuplicateSourceEntries');
        assert.equal(recordOf(result, guid(n)).provisioningStatusInfo.errorInformation?.errorCode, 'DuplicateSourceEntries');
      }
      assert.equal(rig.userByEmail(upn('Ann')), undefined);
      assert.equal(rig.userByEmail(upn('Bob')), undefined);
    });

    it('matching: missing matching value → ImportSkipped', async () => {
      rig.reset({ graph: graphTenant([{ n: 1, name: 'Nameless', role: ROLE.agent, displayName: null }]) }, matchOnName);
      const result = await rig.sync({ mode: 'full' });
      const entry = userPlan(result, guid(1));
      assert.equal(entry.skipReason, 'ImportSkipped');
      assert.equal(entry.error?.code, 'ImportSkipped');
      assert.equal(rig.userByEmail(upn('Nameless')), undefined);
      const record = recordOf(result, guid(1));
      assert.equal(record.provisioningStatusInfo.status, 'skipped');
      assert.equal(record.provisioningStatusInfo.errorInformation?.errorCode, 'ImportSkipped');
    });

    it('matching: links (Entra id ↔ Zendesk id) are cached after create/match and used by later cycles', async () => {
      rig.reset({
        graph: graphTenant([{ n: 1, name: 'Created', role: ROLE.agent }, { n: 2, name: 'Matched', role: ROLE.agent }]),
        zendesk: zendeskAccount({ users: [{ id: 502, name: 'Old', email: upn('Matched'), role: 'agent' }] }),
      });
      await rig.sync({ mode: 'full' });
      const created = rig.userByEmail(upn('Created'))!;
      const links = rig.state().userLinks;
      assert.equal(links[guid(1)]?.targetId, created.id);
      assert.equal(links[guid(2)]?.targetId, 502);
      // Neither matching attribute finds the matched user any more (new UPN in Entra, external_id cleared in Zendesk):
      // a later cycle still reaches it by its link, and updates it instead of creating another user.
      rig.graph.directory.updateUser(guid(2), { userPrincipalName: 'matched.renamed@contoso.example' });
      rig.zendesk.state.updateUser(502, { external_id: null });
      const later = await rig.sync({ mode: 'full' });
      const entry = userPlan(later, guid(2));
      assert.equal(entry.match?.kind, 'linked');
      assert.deepEqual([entry.action, entry.targetId], ['update', 502]);
      assert.equal(userPlan(later, guid(1)).match?.kind, 'linked');
      assert.equal(rig.zendesk.requestCounts()['users.create_or_update_many'] ?? 0, 1, 'only the first cycle created a user');
      assert.equal(rig.zendesk.state.liveUsers().find((u) => u.id === 502)?.external_id, guid(2));
    });
  });
});
