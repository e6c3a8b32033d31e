/**
 * The connector-limitation lint, one finding at a time: each test builds the smallest configuration or model that
 * shows the problem and asserts the finding (and that a clean setup does not raise it).
 */
import * as assert from 'node:assert/strict';
import { defaultConfig, DEFAULT_USER_ATTRIBUTE_MAPPINGS, type AttributeMapping, type EntraZendeskConfig } from '../../../src/core/config';
import { collidesWithBuiltIn, diagnose, type Finding, type FindingCode } from '../../../src/core/diagnostics';
import {
  DEFAULT_ACCESS_ROLE_ID,
  type EffectiveAssignment,
  type GraphAppRole,
  type ImportedModel,
  type SourceGroupRecord,
  type SourceUserRecord,
  type ZendeskCustomRole,
  type ZendeskUser,
} from '../../../src/core/engine';

const BEFORE_CREATION_END = new Date('2026-09-01T00:00:00Z');
const AFTER_RETIREMENT = new Date('2027-05-01T00:00:00Z');

function config(overrides: Partial<EntraZendeskConfig> = {}): EntraZendeskConfig {
  return { ...defaultConfig({ tenantId: 'contoso.example', servicePrincipalId: 'sp-1', subdomain: 'contoso', adminEmail: 'admin@contoso.example' }), ...overrides };
}

function withUserMappings(base: EntraZendeskConfig, mappings: ReadonlyArray<AttributeMapping>): EntraZendeskConfig {
  return { ...base, userMapping: { ...base.userMapping, attributeMappings: mappings } };
}

const role = (id: string, displayName: string, value: string | null): GraphAppRole => ({ id, displayName, value, isEnabled: true, allowedMemberTypes: ['User'] });
const END_USER = role('r-end', 'End-user', 'end-user');
const AGENT = role('r-agent', 'Agent', 'agent');
const TEAM_LEAD = role('r-lead', 'Team lead', 'custom_role:7');
const ROLES = [END_USER, AGENT, TEAM_LEAD];

function assignment(appRole: GraphAppRole | 'default', via: EffectiveAssignment['via'] = { kind: 'direct' }): EffectiveAssignment {
  if (appRole === 'default') return { assignmentId: 'a-default', appRoleId: DEFAULT_ACCESS_ROLE_ID, roleName: 'Default Access', roleValue: null, defaultAccess: true, via };
  return { assignmentId: `a-${appRole.id}`, appRoleId: appRole.id, roleName: appRole.displayName!, roleValue: appRole.value, defaultAccess: false, via };
}

function user(id: string, upn: string | null, assignments: EffectiveAssignment[]): SourceUserRecord {
  return { id, graph: { id, userPrincipalName: upn, displayName: id, accountEnabled: true }, presence: 'present', assignments };
}

function zendeskUser(id: number, email: string, role: ZendeskUser['role'], customRoleId: number | null = null): ZendeskUser {
  return { id, name: email.split('@')[0]!, email, external_id: null, role, custom_role_id: customRoleId, suspended: false, active: true };
}

interface Tenant {
  appRoles?: GraphAppRole[];
  users?: SourceUserRecord[];
  groups?: SourceGroupRecord[];
  zendeskUsers?: ZendeskUser[];
  customRoles?: ZendeskCustomRole[] | null;
}

function model(t: Tenant = {}): ImportedModel {
  const appRoles = t.appRoles ?? ROLES;
  return {
    entra: {
      servicePrincipal: { id: 'sp-1', appId: 'app-1', displayName: 'Zendesk', appRoles },
      appRoles: new Map(appRoles.map((r) => [r.id, r])),
      syncAll: false,
      users: new Map((t.users ?? []).map((u) => [u.id, u])),
      groups: new Map((t.groups ?? []).map((g) => [g.id, g])),
      select: { users: [], groups: [] },
      warnings: [],
    },
    zendesk: {
      users: new Map((t.zendeskUsers ?? []).map((u) => [u.id, u])),
      groups: new Map(),
      membershipsByGroup: new Map(),
      customRoles: t.customRoles === undefined ? [{ id: 7, name: 'Team lead' }] : t.customRoles,
      complete: true,
    },
  };
}

function codes(findings: ReadonlyArray<Finding>): FindingCode[] {
  return findings.map((f) => f.code);
}

function only(findings: ReadonlyArray<Finding>, code: FindingCode): Finding {
  const matching = findings.filter((f) => f.code === code);
  assert.equal(matching.length, 1, `expected one ${code}, got: ${codes(findings).join(', ')}`);
  return matching[0]!;
}

describe('diagnose', () => {
  describe('configuration only', () => {
    it('a default OAuth configuration has no errors or warnings, only the gallery connector note', () => {
      const findings = diagnose(config(), undefined, undefined, { now: BEFORE_CREATION_END });
      assert.deepEqual(codes(findings), ['gallery-connector-api-token', 'role-mapping-overwrites-zendesk']);
      assert.ok(findings.every((f) => f.severity === 'info'));
      assert.match(only(findings, 'gallery-connector-api-token').detail, /no API token can be created from 2026-10-27.*stops working on 2027-04-30/);
    });

    it('api-token-retirement: a warning before 2027-04-30, an error after, located in the text', () => {
      const apiToken = config({ zendesk: { subdomain: 'contoso', adminEmail: 'a@contoso.example', auth: { mode: 'apiToken' } } });
      const text = '{\n  "zendesk": {\n    "subdomain": "contoso",\n    "auth": { "mode": "apiToken" }\n  }\n}\n';
      const before = only(diagnose(apiToken, text, undefined, { now: BEFORE_CREATION_END }), 'api-token-retirement');
      assert.equal(before.severity, 'warning');
      assert.equal(before.path, '/zendesk/auth/mode');
      assert.deepEqual([before.line, before.column], [4, 15]);
      assert.match(before.fix, /"oauth"/);
      const creationOver = only(diagnose(apiToken, undefined, undefined, { now: new Date('2026-11-27T00:00:00Z') }), 'api-token-retirement');
      assert.match(creationOver.detail, /cannot be created since 2026-10-27/);
      const after = only(diagnose(apiToken, undefined, undefined, { now: AFTER_RETIREMENT }), 'api-token-retirement');
      assert.equal(after.severity, 'error');
      assert.match(after.detail, /stopped working on 2027-04-30/);
      assert.ok(!codes(diagnose(apiToken, undefined, undefined, { now: AFTER_RETIREMENT })).includes('gallery-connector-api-token'));
    });

    it('locates a default setting at its nearest written ancestor, and not at all when nothing of it is written', () => {
      const text = '{\n  "userMapping": { "name": "users" }\n}\n';
      const roleFinding = only(diagnose(config(), text), 'role-mapping-overwrites-zendesk');
      assert.deepEqual([roleFinding.line, roleFinding.column], [2, 3], 'at the "userMapping" key');
      const bare = only(diagnose(config(), '{}'), 'role-mapping-overwrites-zendesk');
      assert.equal(bare.line, undefined);
      assert.ok(bare.path !== undefined);
    });

    it('switch-mapping-on-update: Switch applied always is flagged, on create only it is not', () => {
      const locale: AttributeMapping = { type: 'Expression', source: 'Switch([usageLocation], "en-US", "DE", "de")', target: 'locale', apply: 'Always' };
      const always = withUserMappings(config(), [...DEFAULT_USER_ATTRIBUTE_MAPPINGS, locale]);
      const finding = only(diagnose(always), 'switch-mapping-on-update');
      assert.equal(finding.severity, 'warning');
      assert.equal(finding.path, `/userMapping/attributeMappings/${DEFAULT_USER_ATTRIBUTE_MAPPINGS.length}/source`);
      assert.match(finding.fix, /IIF/);
      // Nested inside another function counts too.
      const nested = withUserMappings(config(), [...DEFAULT_USER_ATTRIBUTE_MAPPINGS, { ...locale, source: `ToLower(${locale.source!})` }]);
      only(diagnose(nested), 'switch-mapping-on-update');
      const onCreate = withUserMappings(config(), [...DEFAULT_USER_ATTRIBUTE_MAPPINGS, { ...locale, apply: 'OnCreateOnly' }]);
      assert.ok(!codes(diagnose(onCreate)).includes('switch-mapping-on-update'));
    });

    it('role-mapping-missing: no mapping targets role', () => {
      const noRole = withUserMappings(config(), DEFAULT_USER_ATTRIBUTE_MAPPINGS.filter((m) => m.target !== 'role'));
      const finding = only(diagnose(noRole), 'role-mapping-missing');
      assert.equal(finding.path, '/userMapping/attributeMappings');
      assert.ok(!codes(diagnose(noRole)).includes('role-mapping-overwrites-zendesk'));
    });

    it('role-mapping-overwrites-zendesk: only while the role mapping applies always', () => {
      const roleIndex = DEFAULT_USER_ATTRIBUTE_MAPPINGS.findIndex((m) => m.target === 'role');
      assert.equal(only(diagnose(config()), 'role-mapping-overwrites-zendesk').path, `/userMapping/attributeMappings/${roleIndex}/apply`);
      const createOnly = withUserMappings(config(), DEFAULT_USER_ATTRIBUTE_MAPPINGS.map((m) => (m.target === 'role' ? { ...m, apply: 'OnCreateOnly' as const } : m)));
      assert.ok(!codes(diagnose(createOnly)).includes('role-mapping-overwrites-zendesk'));
    });

    it('app-role-assignments-mapped-directly is an error', () => {
      const direct = withUserMappings(config(), DEFAULT_USER_ATTRIBUTE_MAPPINGS.map((m) => (m.target === 'role' ? { ...m, type: 'Direct' as const, source: 'appRoleAssignments' } : m)));
      assert.equal(only(diagnose(direct), 'app-role-assignments-mapped-directly').severity, 'error');
    });

    it('sync-all-pushes-groups and complex-roles-with-sync-all with scope "allUsersAndGroups"', () => {
      const findings = diagnose(config({ scope: 'allUsersAndGroups' }));
      assert.equal(only(findings, 'sync-all-pushes-groups').path, '/scope');
      assert.match(only(findings, 'complex-roles-with-sync-all').title, /role functions/);
      const syncAll = model({ groups: [{ id: 'g1', graph: { id: 'g1', displayName: 'All staff' }, presence: 'present', assignments: [], memberUserIds: [], nestedGroupIds: [] }] });
      const counted = only(diagnose(config({ scope: 'allUsersAndGroups' }), undefined, { ...syncAll, entra: { ...syncAll.entra, syncAll: true } }), 'sync-all-pushes-groups');
      assert.match(counted.detail, /every group of the tenant \(1\) is pushed/);
      const noGroups = config({ scope: 'allUsersAndGroups' });
      assert.ok(!codes(diagnose({ ...noGroups, groupMapping: { ...noGroups.groupMapping, enabled: false } })).includes('sync-all-pushes-groups'));
    });

    it('role-name-collides-with-built-in from the role translations', () => {
      const findings = diagnose(config({ roles: [{ appRole: 'Support agent', customRoleId: 9, customRoleName: 'Agents' }] }));
      const finding = only(findings, 'role-name-collides-with-built-in');
      assert.equal(finding.path, '/roles/0/customRoleName');
      assert.equal(finding.severity, 'error');
    });

    it('config-not-compilable: no matching attribute', () => {
      const noMatching = withUserMappings(config(), DEFAULT_USER_ATTRIBUTE_MAPPINGS.map(({ matchingPrecedence: _, ...m }) => m));
      const finding = only(diagnose(noMatching, undefined, model()), 'config-not-compilable');
      assert.equal(finding.path, '/userMapping/attributeMappings');
      assert.equal(finding.severity, 'error');
    });
  });

  describe('collidesWithBuiltIn (decision: case, separators and a plural s ignored)', () => {
    for (const name of ['Agent', 'AGENTS', 'agent ', 'End-user', 'End user', 'end_users', 'Enduser']) {
      it(`"${name}" collides`, () => assert.equal(collidesWithBuiltIn(name), true));
    }
    for (const name of ['Light agent', 'Team lead', 'Admin', 'Agent 2']) {
      it(`"${name}" does not collide`, () => assert.equal(collidesWithBuiltIn(name), false));
    }
  });

  describe('with the tenant model', () => {
    it('a clean tenant raises nothing beyond the configuration notes', () => {
      const m = model({ users: [user('u1', 'ann@contoso.example', [assignment(AGENT)])], zendeskUsers: [zendeskUser(1, 'ann@contoso.example', 'agent')] });
      assert.ok(diagnose(config(), undefined, m).every((f) => f.severity === 'info'), codes(diagnose(config(), undefined, m)).join());
    });

    it('role-name-collides-with-built-in: a Zendesk custom role named "Agent", reported once', () => {
      const custom = role('r-custom-agent', 'Agent', 'custom_role:8');
      const findings = diagnose(config(), undefined, model({ appRoles: [...ROLES, custom], customRoles: [{ id: 7, name: 'Team lead' }, { id: 8, name: 'Agent' }] }));
      const finding = only(findings, 'role-name-collides-with-built-in');
      assert.deepEqual(finding.objects, [{ kind: 'zendeskCustomRole', id: '8', name: 'Agent' }]);
      assert.equal(findings[0]!.severity, 'error', 'errors come first');
    });

    it('duplicate-role-names: two app roles named "Agent"', () => {
      const custom = role('r-custom-agent', 'agent', 'custom_role:8');
      const finding = only(diagnose(config(), undefined, model({ appRoles: [...ROLES, custom] })), 'duplicate-role-names');
      assert.deepEqual(finding.objects!.map((o) => o.id), ['r-agent', 'r-custom-agent']);
    });

    it('roles-not-imported: only msiam_access on the app', () => {
      const findings = diagnose(config(), undefined, model({ appRoles: [role('r-msiam', 'msiam_access', null)] }));
      assert.equal(only(findings, 'roles-not-imported').severity, 'warning');
    });

    it('custom-roles-unavailable: custom app roles but no custom roles in Zendesk (below Enterprise)', () => {
      const finding = only(diagnose(config(), undefined, model({ customRoles: null })), 'custom-roles-unavailable');
      assert.match(finding.detail, /"Team lead"/);
    });

    it('default-access-assignment: a user assigned with Default Access only', () => {
      const m = model({ users: [user('ingrid', 'ingrid@contoso.example', [assignment('default')]), user('ann', 'ann@contoso.example', [assignment('default'), assignment(AGENT)])] });
      const finding = only(diagnose(config(), undefined, m), 'default-access-assignment');
      assert.deepEqual(finding.objects, [{ kind: 'entraUser', id: 'ingrid', name: 'ingrid@contoso.example' }]);
      assert.ok(!codes(diagnose(config({ excludeDefaultAccess: false }), undefined, m)).includes('default-access-assignment'));
    });

    it('multiple-app-roles: an error with SingleAppRoleAssignment, naming the group that adds the second role', () => {
      const group: SourceGroupRecord = { id: 'g1', graph: { id: 'g1', displayName: 'Support' }, presence: 'present', assignments: [assignment(END_USER)], memberUserIds: ['lee'], nestedGroupIds: [] };
      const m = model({ users: [user('lee', 'lee@contoso.example', [assignment(AGENT), assignment(END_USER, { kind: 'group', groupId: 'g1' })])], groups: [group] });
      const finding = only(diagnose(config(), undefined, m), 'multiple-app-roles');
      assert.equal(finding.severity, 'error');
      assert.match(finding.detail, /"lee@contoso\.example": Agent, End-user \(via group "Support"\)/);
      assert.match(finding.detail, /No more than one app role assignment was expected/);
      // The same role twice (directly and through a group) is one role.
      const twice = model({ users: [user('lee', 'lee@contoso.example', [assignment(AGENT), assignment(AGENT, { kind: 'group', groupId: 'g1' })])] });
      assert.ok(!codes(diagnose(config(), undefined, twice)).includes('multiple-app-roles'));
    });

    it('duplicate-matching-value: two in-scope users with the same e-mail (case-insensitive)', () => {
      const m = model({ users: [user('t1', 'tomas@contoso.example', [assignment(END_USER)]), user('t2', 'Tomas@Contoso.example', [assignment(END_USER)]), user('x', 'tomas@contoso.example', [])] });
      const finding = only(diagnose(config(), undefined, m), 'duplicate-matching-value');
      assert.equal(finding.severity, 'error');
      assert.deepEqual(finding.objects!.map((o) => o.id), ['t1', 't2'], 'the unassigned user is out of scope');
      assert.equal(finding.path, '/userMapping/attributeMappings/0');
      assert.match(finding.detail, /DuplicateSourceEntries/);
    });

    it('missing-matching-value: an in-scope user with no matching value at all', () => {
      const noExternalId = withUserMappings(config(), DEFAULT_USER_ATTRIBUTE_MAPPINGS.filter((m) => m.target !== 'external_id'));
      const m = model({ users: [user('nobody', null, [assignment(END_USER)])] });
      const finding = only(diagnose(noExternalId, undefined, m), 'missing-matching-value');
      assert.deepEqual(finding.objects!.map((o) => o.id), ['nobody']);
      assert.match(finding.fix, /userPrincipalName/);
    });

    it('group-member-is-end-user: a provisioned group with a member who would be an end-user', () => {
      const group: SourceGroupRecord = { id: 'g1', graph: { id: 'g1', displayName: 'Tier 1' }, presence: 'present', assignments: [assignment(AGENT)], memberUserIds: ['ann', 'bob'], nestedGroupIds: [] };
      const m = model({ users: [user('ann', 'ann@contoso.example', [assignment(AGENT, { kind: 'group', groupId: 'g1' })]), user('bob', 'bob@contoso.example', [assignment(END_USER)])], groups: [group] });
      const findings = diagnose(config(), undefined, m);
      const finding = only(findings, 'group-member-is-end-user');
      assert.deepEqual(finding.objects!.map((o) => o.id), ['g1', 'bob']);
    });

    it('nested-group: an assigned group containing a group', () => {
      const group: SourceGroupRecord = { id: 'g1', graph: { id: 'g1', displayName: 'Support' }, presence: 'present', assignments: [assignment(AGENT)], memberUserIds: [], nestedGroupIds: ['g2'] };
      const finding = only(diagnose(config(), undefined, model({ groups: [group] })), 'nested-group');
      assert.deepEqual(finding.objects!.map((o) => o.id), ['g1', 'g2']);
      assert.match(finding.detail, /members of "group g2" are left out/);
    });

    it('disabled-before-provisioning: an assigned, disabled user with no Zendesk account', () => {
      const disabled = (id: string): SourceUserRecord => ({ ...user(id, `${id}@contoso.example`, [assignment(END_USER)]), graph: { id, userPrincipalName: `${id}@contoso.example`, accountEnabled: false } });
      const m = model({ users: [disabled('wen'), disabled('old')], zendeskUsers: [zendeskUser(5, 'old@contoso.example', 'end-user')] });
      const finding = only(diagnose(config(), undefined, m), 'disabled-before-provisioning');
      assert.equal(finding.severity, 'info');
      assert.deepEqual(finding.objects!.map((o) => o.id), ['wen'], 'the one already in Zendesk is suspended, not skipped');
    });

    it('zendesk-role-differs: a hand-made Zendesk admin that Entra would make an agent', () => {
      const m = model({
        users: [user('ann', 'ann@contoso.example', [assignment(AGENT)]), user('cy', 'cy@contoso.example', [assignment(TEAM_LEAD)])],
        zendeskUsers: [zendeskUser(1, 'ann@contoso.example', 'admin'), zendeskUser(2, 'cy@contoso.example', 'agent', 7)],
      });
      const finding = only(diagnose(config(), undefined, m), 'zendesk-role-differs');
      assert.match(finding.detail, /"ann@contoso\.example": admin → agent/);
      assert.doesNotMatch(finding.detail, /cy@/, 'the custom role already matches');
      const createOnly = withUserMappings(config(), DEFAULT_USER_ATTRIBUTE_MAPPINGS.map((r) => (r.target === 'role' ? { ...r, apply: 'OnCreateOnly' as const } : r)));
      assert.ok(!codes(diagnose(createOnly, undefined, m)).includes('zendesk-role-differs'));
    });
  });
});
