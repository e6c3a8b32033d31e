import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { staticTokenCredential } from '../../../src/auth';
import { GraphClient, type AppRoleAssignment } from '../../../src/clients/graph';
import { DEMO_ZENDESK_SERVICE_PRINCIPAL_ID, startGraphSandbox, type GraphSandbox } from '../../../src/sandbox/graph';

const ZENDESK_SEED = path.join(__dirname, '..', '..', '..', 'src', 'sandbox', 'zendesk', 'seeds', 'demo.json');
const DEFAULT_ACCESS = '00000000-0000-0000-0000-000000000000';

describe('Graph demo seed (matches the Zendesk demo seed)', function () {
  let sandbox: GraphSandbox;
  let client: GraphClient;
  let assignments: AppRoleAssignment[];
  const userByUpn = (upn: string): string => {
    const user = [...sandbox.directory.users.values()].find((u) => u.data.userPrincipalName === upn);
    assert.ok(user, upn);
    return user.id;
  };

  before(async () => {
    sandbox = await startGraphSandbox();
    client = new GraphClient({ baseUrl: sandbox.graphBaseUrl, credential: staticTokenCredential(sandbox.mintToken()), ca: sandbox.ca });
    assignments = await client.getAppRoleAssignments(DEMO_ZENDESK_SERVICE_PRINCIPAL_ID);
  });
  after(async () => {
    client.close();
    await sandbox.close();
  });

  it('has ~80 users and a "Zendesk" app with msiam_access, End-user, Agent, Administrator and the Zendesk custom roles', async () => {
    const [sp, ...others] = await client.findServicePrincipalsByName('Zendesk');
    assert.equal(others.length, 0);
    assert.equal(sp!.id, DEMO_ZENDESK_SERVICE_PRINCIPAL_ID);
    const values = new Map(sp!.appRoles!.map((r) => [r.value, r.displayName]));
    assert.equal(values.get(null), 'msiam_access');
    assert.equal(values.get('end-user'), 'End-user');
    assert.equal(values.get('agent'), 'Agent');
    assert.equal(values.get('admin'), 'Administrator');
    const zendesk = JSON.parse(fs.readFileSync(ZENDESK_SEED, 'utf8')) as { custom_roles: Array<{ id: number; name: string }>; users: Array<{ email: string; external_id: string | null }> };
    for (const role of zendesk.custom_roles) assert.equal(values.get(`custom_role:${role.id}`), role.name);
    assert.ok(sandbox.directory.users.size >= 75 && sandbox.directory.users.size <= 85);
    // Same people: every Zendesk user has an Entra user with that UPN, and external ids are their object ids.
    for (const user of zendesk.users) {
      const id = userByUpn(user.email);
      if (user.external_id) assert.equal(id, user.external_id);
    }
  });

  it('covers the scenarios: nested-only, Default Access, disabled, two roles, shared e-mail, direct and group assignments', () => {
    const direct = (id: string): AppRoleAssignment[] => assignments.filter((a) => a.principalId === id);
    const groupsOf = (id: string): string[] => [...sandbox.directory.groups.values()].filter((g) => g.members.includes(id)).map((g) => g.id);
    const assignedGroups = new Set(assignments.filter((a) => a.principalType === 'Group').map((a) => a.principalId));
    assert.ok(assignedGroups.size >= 2);
    assert.ok(assignments.some((a) => a.principalType === 'User'));

    const paula = userByUpn('paula.nowak@contoso.example');
    assert.equal(direct(paula).length, 0);
    assert.ok(groupsOf(paula).every((g) => !assignedGroups.has(g)), 'Paula is only in a group nested inside an assigned group');
    assert.ok(groupsOf(paula).some((g) => groupsOf(g).some((outer) => assignedGroups.has(outer))));

    const ingrid = userByUpn('ingrid.solberg@contoso.example');
    assert.deepEqual(direct(ingrid).map((a) => a.appRoleId), [DEFAULT_ACCESS]);

    const wen = sandbox.directory.findUser('wen.li@contoso.example')!;
    assert.equal(wen.data.accountEnabled, false);

    const lee = userByUpn('lee.gu@contoso.example');
    const leeRoles = new Set([...direct(lee).map((a) => a.appRoleId), ...assignments.filter((a) => groupsOf(lee).includes(a.principalId)).map((a) => a.appRoleId)]);
    assert.equal(leeRoles.size, 2);

    const sharing = [...sandbox.directory.users.values()].filter((u) => u.data.mail === 'tomas.novak@contoso.example');
    assert.equal(sharing.length, 2);
  });
});
