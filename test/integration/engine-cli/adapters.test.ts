/**
 * The engine's ports on the real clients, against both emulators started in process: the Graph adapter (enterprise
 * app, assignments, users and groups by id, members, deleted users, delta rounds) and the Zendesk adapter (lists,
 * lookups, bulk writes, the single-call fallback when bulk imports are off), plus the wiring's secret handling.
 */
import * as assert from 'node:assert/strict';
import { loadConfig } from '../../../src/core/config';
import type { GraphUserDelta } from '../../../src/core/engine';
import { EnterpriseAppNotFoundError } from '../../../src/clients/graph/engine-adapter';
import { InputError } from '../../../src/app/input-error';
import { startLocalSandbox, type LocalSandbox } from '../../../src/app/local-sandbox';
import { connect, redactSecrets, type Connections } from '../../../src/app/wiring';

const ALEX = 'd520ee9d-40f0-4d6e-a0e4-91e491307d58';
const CARLOS = '6f360d7a-c563-4ded-a287-38def49814a8';
const MISSING_USER = 'ffffffff-ffff-4fff-bfff-ffffffffffff';

describe('engine ports on the clients (both sandboxes)', function () {
  this.timeout(60_000);
  let sandbox: LocalSandbox;
  let connections: Connections;

  const configFor = (text: string) => loadConfig(text, 'sandbox.json').config;
  const envOf = (s: LocalSandbox): NodeJS.ProcessEnv => ({ ...s.env });

  before(async () => {
    sandbox = await startLocalSandbox({ zendeskTimeScale: 10 });
    connections = connect(configFor(sandbox.configText()), { env: envOf(sandbox), ca: sandbox.graph.ca, zendeskTimeScale: 10 });
  });
  after(async () => {
    connections?.close();
    await sandbox?.close();
  });

  describe('Graph adapter', () => {
    it('finds the enterprise app named by the configuration, with its app roles', async () => {
      const sp = await connections.entraPort.getServicePrincipal();
      assert.equal(sp.displayName, 'Zendesk');
      assert.ok(sp.appRoles.some((role) => role.value === 'agent'));
    });

    it('says how to fix a configuration naming an app Graph does not have', async () => {
      const text = sandbox.configText().replace(/"servicePrincipalId": "[^"]+"/, '"displayName": "No Such App"');
      const other = connect(configFor(text), { env: envOf(sandbox), ca: sandbox.graph.ca, zendeskTimeScale: 10 });
      try {
        await assert.rejects(other.entraPort.getServicePrincipal(), (error: unknown) => {
          assert.ok(error instanceof EnterpriseAppNotFoundError);
          assert.match(error.message, /entra\.displayName: no enterprise application is named "No Such App".*Fix:/);
          return true;
        });
      } finally {
        other.close();
      }
    });

    it("reads a trial's subject (app, assignments, user, direct groups) in one $batch, whichever way the app is named", async () => {
      const sp = await connections.entraPort.getServicePrincipal();
      const full = await connections.entraPort.listAppRoleAssignedTo(sp.id);
      const texts: Record<string, string> = {
        servicePrincipalId: sandbox.configText(),
        appId: sandbox.configText().replace(/"servicePrincipalId": "[^"]+"/, `"appId": "${sp.appId}"`),
        displayName: sandbox.configText().replace(/"servicePrincipalId": "[^"]+"/, '"displayName": "Zendesk"'),
      };
      for (const [by, text] of Object.entries(texts)) {
        const requests: string[] = [];
        const other = connect(configFor(text), { env: envOf(sandbox), ca: sandbox.graph.ca, onRequest: (_side, e) => { if (!/token/.test(e.path)) requests.push(`${e.method} ${e.path.split('?')[0]}`); } });
        try {
          const subject = await other.entraPort.getTrialSubject(ALEX, ['displayName', 'mail']);
          assert.equal(subject.servicePrincipal.id, sp.id, by);
          assert.deepEqual(subject.assignments.map((a) => a.id).sort(), full.map((a) => a.id).sort(), by);
          assert.equal(subject.user?.id, ALEX);
          assert.ok(subject.user && 'mail' in subject.user && !('jobTitle' in subject.user), 'exactly the selected attributes');
          assert.ok(subject.memberOf.every((m) => m['@odata.type'] === '#microsoft.graph.group'));
          const expected = by === 'displayName' ? ['GET /servicePrincipals', 'POST /$batch'] : ['POST /$batch'];
          assert.deepEqual(requests, expected, by);
          const missing = await other.entraPort.getTrialSubject(MISSING_USER, ['mail']);
          assert.equal(missing.user, null);
          assert.deepEqual(missing.memberOf, []);
        } finally {
          other.close();
        }
      }
      const wrong = connect(configFor(sandbox.configText().replace(/"servicePrincipalId": "[^"]+"/, '"appId": "00000000-0000-4000-8000-00000000abcd"')), { env: envOf(sandbox), ca: sandbox.graph.ca });
      try {
        await assert.rejects(wrong.entraPort.getTrialSubject(ALEX, ['mail']), (error: unknown) => error instanceof EnterpriseAppNotFoundError && /entra\.appId: .*Fix:/.test(error.message));
      } finally {
        wrong.close();
      }
    });

    it('lists the assignments to the service principal', async () => {
      const sp = await connections.entraPort.getServicePrincipal();
      const assignments = await connections.entraPort.listAppRoleAssignedTo(sp.id);
      assert.ok(assignments.some((a) => a.principalId === ALEX && a.principalType === 'User'));
      assert.ok(assignments.some((a) => a.principalType === 'Group'));
    });

    it('reads users by id with exactly the selected attributes and leaves out ids that do not exist', async () => {
      const users = await connections.entraPort.getUsers([ALEX, MISSING_USER, CARLOS], ['userPrincipalName', 'accountEnabled']);
      assert.deepEqual(users.map((u) => u.id).sort(), [ALEX, CARLOS].sort());
      const alex = users.find((u) => u.id === ALEX)!;
      assert.equal(alex.userPrincipalName, 'alex.wilber@contoso.example');
      assert.equal(alex.displayName, undefined, 'displayName was not selected');
    });

    it('lists all users and groups, reads groups by id and their direct members with @odata.type', async () => {
      const users = await connections.entraPort.listUsers(['userPrincipalName']);
      assert.ok(users.length >= 70);
      const groups = await connections.entraPort.listGroups(['displayName']);
      const agents = groups.find((g) => g.displayName === 'Zendesk Agents')!;
      assert.ok(agents);
      const byId = await connections.entraPort.getGroups([agents.id, MISSING_USER], ['displayName']);
      assert.deepEqual(byId.map((g) => g.displayName), ['Zendesk Agents']);
      const members = await connections.entraPort.listGroupMembers(agents.id);
      assert.ok(members.length > 0);
      assert.ok(members.every((m) => m['@odata.type'].startsWith('#microsoft.graph.')));
      const memberUser = members.find((m) => m['@odata.type'] === '#microsoft.graph.user')!;
      const memberOf = await connections.entraPort.listUserMemberOf(memberUser.id);
      assert.ok(memberOf.some((g) => g.id === agents.id && g['@odata.type'] === '#microsoft.graph.group'));
    });

    it('runs a full delta round, then an incremental one that holds only the change, with @removed markers', async () => {
      const full = await connections.entraPort.usersDelta({ select: ['userPrincipalName', 'jobTitle'], deltaLink: null });
      assert.ok(full.value.length >= 70);
      assert.match(full.deltaLink, /deltatoken/i);
      sandbox.graph.directory.updateUser(CARLOS, { jobTitle: 'Team lead' });
      const round = await connections.entraPort.usersDelta({ select: ['userPrincipalName', 'jobTitle'], deltaLink: full.deltaLink });
      const changed = round.value.find((u: GraphUserDelta) => u.id === CARLOS);
      assert.equal(changed?.jobTitle, 'Team lead');
      assert.ok(round.value.length < 5, `only the change, got ${round.value.length}`);
      sandbox.graph.directory.softDeleteUser(CARLOS);
      const removed = await connections.entraPort.usersDelta({ select: ['userPrincipalName', 'jobTitle'], deltaLink: round.deltaLink });
      assert.deepEqual(removed.value.find((u: GraphUserDelta) => u.id === CARLOS)?.['@removed'], { reason: 'changed' });
      // A soft-deleted user is not returned by id any more and is reported by getDeletedUsers.
      assert.deepEqual(await connections.entraPort.getUsers([CARLOS], ['id']), []);
      const deleted = await connections.entraPort.getDeletedUsers([CARLOS]);
      assert.deepEqual(deleted.map((d) => d.id), [CARLOS]);
      sandbox.graph.directory.restoreUser(CARLOS);
    });
    it('runs group delta rounds with members@delta, and finds the app by appId too', async () => {
      const full = await connections.entraPort.groupsDelta({ select: ['displayName', 'members'], deltaLink: null });
      const agents = full.value.find((g) => g.displayName === 'Zendesk Agents')!;
      assert.ok(agents);
      sandbox.graph.directory.addMember(agents.id, ALEX);
      const round = await connections.entraPort.groupsDelta({ select: ['displayName', 'members'], deltaLink: full.deltaLink });
      const changed = round.value.find((g) => g.id === agents.id)!;
      assert.ok(changed['members@delta']?.some((m) => m.id === ALEX && m['@removed'] === undefined));
      sandbox.graph.directory.removeMember(agents.id, ALEX);
      const byAppId = connect(configFor(sandbox.configText().replace(/"servicePrincipalId": "[^"]+"/, '"appId": "a1f4c7e2-3b5d-4e6f-9a8b-7c6d5e4f3a2b"')), { env: envOf(sandbox), ca: sandbox.graph.ca, zendeskTimeScale: 10 });
      try {
        assert.equal((await byAppId.entraPort.getServicePrincipal()).id, '8e881353-1735-45af-af21-ee1344582a4d');
      } finally {
        byAppId.close();
      }
    });
  });

  describe('Zendesk adapter', () => {
    beforeEach(() => sandbox.zendesk.reset());

    it('lists users, custom roles (Enterprise), groups and memberships', async () => {
      const users = await connections.zendeskPort.listUsers();
      assert.ok(users.some((u) => u.email === 'alex.wilber@contoso.example'));
      const roles = await connections.zendeskPort.listCustomRoles();
      assert.ok(roles !== null && roles.length > 0);
      assert.ok((await connections.zendeskPort.listGroups()).some((g) => g.name === 'Support'));
      assert.ok((await connections.zendeskPort.listGroupMemberships()).length > 0);
    });

    it('finds users by e-mail (search syntax) and by the exact external_id parameter, case-insensitively', async () => {
      const byEmail = await connections.zendeskPort.searchUsers({ attribute: 'email', value: 'ALEX.WILBER@contoso.example' });
      assert.deepEqual(byEmail.map((u) => u.external_id), [ALEX]);
      const byExternalId = await connections.zendeskPort.searchUsers({ attribute: 'external_id', value: ALEX.toUpperCase() });
      assert.deepEqual(byExternalId.map((u) => u.email), ['alex.wilber@contoso.example']);
      assert.deepEqual(await connections.zendeskPort.searchUsers({ attribute: 'email', value: 'nobody@contoso.example' }), []);
    });

    it('creates and updates users in bulk with per-item results in input order, and shows them by id', async () => {
      const results = await connections.zendeskPort.createOrUpdateUsers([
        { name: 'New One', email: 'new.one@contoso.example', external_id: 'ext-1', role: 'end-user' },
        { name: 'Bad', email: 'not-an-email' },
      ]);
      assert.equal(results.length, 2);
      assert.equal(results[0]!.index, 0);
      assert.equal(results[0]!.ok, true);
      assert.equal(results[0]!.status, 'Created');
      assert.equal(results[1]!.ok, false);
      assert.ok(results[1]!.error);
      const id = results[0]!.id!;
      const updated = await connections.zendeskPort.updateUsers([{ id, name: 'New One Renamed' }]);
      assert.equal(updated[0]!.ok, true);
      const [shown] = await connections.zendeskPort.showUsers([id]);
      assert.equal(shown!.name, 'New One Renamed');
      const destroyed = await connections.zendeskPort.destroyUsers([id]);
      assert.equal(destroyed[0]!.ok, true);
      assert.deepEqual(await connections.zendeskPort.showUsers([id]), [], 'deleted users are left out');
    });

    it('falls back to single calls when bulk imports are disabled (403), and says so', async () => {
      sandbox.zendesk.setAccount({ bulk_import_enabled: false });
      const fresh = connect(configFor(sandbox.configText()), { env: envOf(sandbox), ca: sandbox.graph.ca, zendeskTimeScale: 10 });
      try {
        const results = await fresh.zendeskPort.createOrUpdateUsers([
          { name: 'Single A', email: 'single.a@contoso.example', role: 'end-user' },
          { name: 'Single B', email: 'single.b@contoso.example', role: 'end-user' },
        ]);
        assert.deepEqual(results.map((r) => [r.index, r.ok, r.status]), [[0, true, 'Created'], [1, true, 'Created']]);
        assert.equal(fresh.zendeskPort.bulkFallback?.items, 2);
        assert.match(fresh.zendeskPort.bulkFallback!.reason, /bulk imports are off/);
        assert.equal(sandbox.zendesk.requestCounts()['users.create_or_update'], 2);
      } finally {
        fresh.close();
      }
    });

    it('creates groups and memberships', async () => {
      const group = await connections.zendeskPort.createGroup({ name: 'Entra Group' });
      assert.equal(group.name, 'Entra Group');
      const agent = (await connections.zendeskPort.listUsers()).find((u) => u.role === 'agent' && u.active && !u.suspended)!;
      const [membership] = await connections.zendeskPort.createMemberships([{ user_id: agent.id, group_id: group.id }]);
      assert.equal(membership!.ok, true);
      const renamed = await connections.zendeskPort.updateGroup(group.id, { name: 'Entra Group 2' });
      assert.equal(renamed.name, 'Entra Group 2');
      await connections.zendeskPort.deleteGroup(group.id);
    });
  });

  describe('wiring', () => {
    const CANARY = 'canary-secret-7f3a9c1e';

    it('names the missing environment variable and never prints a secret', () => {
      const config = configFor(sandbox.configText());
      assert.throws(
        () => connect(config, { env: { ...envOf(sandbox), ZENDESK_OAUTH_CLIENT_SECRET: '' } }),
        (error: unknown) => error instanceof InputError && /ZENDESK_OAUTH_CLIENT_SECRET is not set/.test(error.message),
      );
      assert.throws(
        () => connect(config, { env: { ...envOf(sandbox), AZURE_CLIENT_SECRET: undefined, ZENDESK_OAUTH_CLIENT_SECRET: CANARY } }),
        (error: unknown) => error instanceof InputError && /AZURE_CLIENT_SECRET is not set/.test(error.message) && !error.message.includes(CANARY),
      );
    });

    it('uses the legacy API token with the admin e-mail when zendesk.auth.mode is apiToken', async () => {
      const text = sandbox.configText().replace(/"mode": "oauth"[^}]*/, '"mode": "apiToken"');
      const legacy = connect(configFor(text), { env: envOf(sandbox), ca: sandbox.graph.ca, zendeskTimeScale: 10 });
      try {
        assert.match(legacy.describeAuth.zendesk, /API token/);
        assert.ok((await legacy.zendeskPort.listGroups()).length > 0);
      } finally {
        legacy.close();
      }
    });

    it('redacts secrets from text', () => {
      assert.equal(redactSecrets(`token ${CANARY} here`, [CANARY]), 'token *** here');
    });
  });
});
