import assert from 'node:assert/strict';
import { ZendeskApiError, ZendeskClient, type ZendeskClientOptions, type ZendeskCredentials } from '../../../src/clients/zendesk';
import type { ZendeskSandbox } from '../../../src/sandbox/zendesk';
import { useSandbox } from './helpers';

const TIME_SCALE = 60;

describe('Zendesk client against the sandbox', () => {
  const ctx = useSandbox({ seed: 'demo', timeScale: TIME_SCALE });
  const clients: ZendeskClient[] = [];
  afterEach(() => {
    for (const client of clients.splice(0)) client.close();
    ctx.sandbox.setFaults({ rate429: 0, rate500: 0, rate503: 0, rateReset: 0, latencyMs: 0 });
  });

  function tokenCredentials(sandbox: ZendeskSandbox): ZendeskCredentials {
    return { kind: 'apiToken', email: sandbox.adminEmail, token: sandbox.apiToken };
  }
  function client(extra: Partial<ZendeskClientOptions> = {}): ZendeskClient {
    const created = new ZendeskClient({
      url: ctx.sandbox.url,
      credentials: tokenCredentials(ctx.sandbox),
      timeScale: TIME_SCALE,
      retry: { baseDelayMs: 5, maxDelayMs: 20 },
      ...extra,
    });
    clients.push(created);
    return created;
  }

  describe('credentials', () => {
    it('verifyCredentials: a valid admin token', async () => {
      const check = await client().verifyCredentials();
      assert.equal(check.valid, true);
      assert.equal(check.isAdmin, true);
      assert.equal(check.user?.email, ctx.sandbox.adminEmail);
    });

    it('verifyCredentials: a wrong token is invalid with an actionable problem, and never echoes the token', async () => {
      const check = await client({ credentials: { kind: 'apiToken', email: ctx.sandbox.adminEmail, token: 'wrong-secret-123' } }).verifyCredentials();
      assert.equal(check.valid, false);
      assert.match(check.problem ?? '', /401.*API token/);
      assert.doesNotMatch(check.problem ?? '', /wrong-secret-123/);
    });

    it('verifyCredentials: anonymous (token access off) is invalid', async () => {
      ctx.sandbox.setAccount({ api_token_access: false });
      const check = await client().verifyCredentials();
      assert.equal(check.valid, false);
      assert.match(check.problem ?? '', /anonymous/);
    });

    it('verifyCredentials: an agent is valid but not an admin', async () => {
      const agent = ctx.sandbox.state.liveUsers().find((u) => u.role === 'agent' && !u.suspended)!;
      const check = await client({ credentials: { kind: 'apiToken', email: agent.email!, token: ctx.sandbox.apiToken } }).verifyCredentials();
      assert.deepEqual([check.valid, check.isAdmin], [true, false]);
      assert.match(check.problem ?? '', /not an admin/);
    });

    it('OAuth: one token request serves many calls; an expired token is refreshed once and the call retried', async () => {
      const zendesk = client({ credentials: { kind: 'oauth', clientId: ctx.sandbox.oauthClientId, clientSecret: ctx.sandbox.oauthClientSecret } });
      await Promise.all([zendesk.me(), zendesk.me(), zendesk.getUser(ctx.sandbox.state.ownerId)]);
      assert.equal(ctx.sandbox.requestCounts()['oauth.tokens'], 1);
      await fetch(`${ctx.sandbox.url}/__sandbox/oauth/expire`, { method: 'POST' });
      const me = await zendesk.me();
      assert.equal(me.role, 'admin');
      assert.equal(ctx.sandbox.requestCounts()['oauth.tokens'], 2);
    });

    it('OAuth: a wrong client secret fails with ZendeskApiError 401 invalid_client', async () => {
      const zendesk = client({ credentials: { kind: 'oauth', clientId: ctx.sandbox.oauthClientId, clientSecret: 'nope' } });
      await assert.rejects(zendesk.me(), (error: ZendeskApiError) => error.status === 401 && error.code === 'invalid_client');
    });
  });

  describe('paging', () => {
    it('listUsers iterates every user with cursor paging and never fetches the quirky empty page', async () => {
      const zendesk = client();
      const ids: number[] = [];
      for await (const user of zendesk.listUsers({ pageSize: 10 })) ids.push(user.id);
      const expected = ctx.sandbox.state.liveUsers().map((u) => u.id);
      assert.deepEqual(ids, expected);
      assert.equal(ctx.sandbox.requestCounts()['users.list'], Math.ceil(expected.length / 10));
    });

    it('listUsers filters by roles (role[] for several)', async () => {
      const roles: string[] = [];
      for await (const user of client().listUsers({ roles: ['admin', 'agent'] })) roles.push(user.role);
      assert.ok(roles.length > 0 && roles.every((role) => role === 'admin' || role === 'agent'));
    });

    it('an iterator stops early without fetching more pages', async () => {
      const zendesk = client();
      for await (const user of zendesk.listUsers({ pageSize: 5 })) {
        assert.ok(user.id);
        break;
      }
      assert.equal(ctx.sandbox.requestCounts()['users.list'], 1);
    });

    it('searchUsers follows next_page; findUserByEmail / findUserByExternalId', async () => {
      const zendesk = client();
      let count = 0;
      for await (const user of zendesk.searchUsers('role:end-user')) count += user.role === 'end-user' ? 1 : 0;
      assert.equal(count, ctx.sandbox.state.liveUsers().filter((u) => u.role === 'end-user').length);
      const agent = ctx.sandbox.state.liveUsers().find((u) => u.role === 'agent' && u.external_id)!;
      assert.equal((await zendesk.findUserByEmail(agent.email!))?.id, agent.id);
      assert.equal((await zendesk.findUserByExternalId(agent.external_id!.toUpperCase()))?.id, agent.id);
      assert.equal(await zendesk.findUserByEmail('nobody@nowhere.example'), undefined);
    });

    it('exportUsers yields pages until end_of_stream with a resumable cursor', async () => {
      const pages = [];
      for await (const page of client().exportUsers({ startTime: 0 })) pages.push(page);
      assert.equal(pages.length, 1);
      assert.equal(pages[0]!.endOfStream, true);
      assert.equal(pages[0]!.users.length, ctx.sandbox.state.users.size);
      assert.ok(pages[0]!.afterCursor);
    });
  });

  describe('errors', () => {
    it('422 becomes ZendeskApiError with status, code, details, request id, call — and a message an admin can act on', async () => {
      const agent = ctx.sandbox.state.liveUsers().find((u) => u.role === 'agent')!;
      await assert.rejects(client().createUser({ name: 'Dup', email: agent.email! }), (error: unknown) => {
        assert.ok(error instanceof ZendeskApiError);
        assert.equal(error.status, 422);
        assert.equal(error.code, 'RecordInvalid');
        assert.equal(error.details?.email?.[0]?.error, 'DuplicateValue');
        assert.equal(error.call, 'POST /users');
        assert.ok(error.requestId);
        assert.match(error.message, /Zendesk 422 RecordInvalid on POST \/users: Email: .* is already being used by another user\. Fix the values/);
        assert.doesNotMatch(error.message, new RegExp(ctx.sandbox.apiToken));
        return true;
      });
    });

    it('404 RecordNotFound, 403 plan feature (custom roles below Enterprise → null)', async () => {
      const zendesk = client();
      await assert.rejects(zendesk.getUser(1), (error: ZendeskApiError) => error.status === 404 && error.code === 'RecordNotFound' && error.call === 'GET /users/1');
      assert.ok((await zendesk.listCustomRoles())!.length > 0);
      ctx.sandbox.setAccount({ plan: 'professional' });
      assert.equal(await zendesk.listCustomRoles(), null);
    });

    it('an unreachable server is a network ZendeskApiError', async () => {
      const zendesk = client({ url: 'http://127.0.0.1:9', retry: { maxRetries: 1, baseDelayMs: 1, maxDelayMs: 2 } });
      await assert.rejects(zendesk.me(), (error: ZendeskApiError) => error.status === undefined && /did not answer GET \/users\/me/.test(error.message));
    });

    it('rejects a URL with credentials in it', () => {
      assert.throws(() => new ZendeskClient({ url: 'https://a:b@acme.zendesk.com', credentials: tokenCredentials(ctx.sandbox) }), /must not contain credentials/);
    });
  });

  describe('429 and faults', () => {
    it('honours Retry-After on injected 429s and succeeds', async () => {
      ctx.sandbox.setFaults({ seed: 7, rate429: 0.5, retryAfterSeconds: 3 });
      const zendesk = client();
      const ids: number[] = [];
      for await (const user of zendesk.listUsers({ pageSize: 20 })) ids.push(user.id);
      assert.equal(ids.length, ctx.sandbox.state.liveUsers().length);
      assert.ok(zendesk.stats.rateLimited > 0, 'saw 429s');
    });

    it('stays under the plan limit by pacing on x-rate-limit-remaining (Essential: 10/min)', async () => {
      ctx.sandbox.setAccount({ plan: 'essential' });
      const zendesk = client({ rateLimitReserve: 2 });
      const started = Date.now();
      for (let i = 0; i < 25; i += 1) await zendesk.me();
      assert.ok(Date.now() - started >= 1000, 'spanned at least two compressed minutes');
      assert.equal(zendesk.stats.requests - zendesk.stats.rateLimited, 25);
    });

    it('retries 5xx and resets for GETs', async () => {
      ctx.sandbox.setFaults({ seed: 3, rate500: 0.3, rateReset: 0.2 });
      const zendesk = client();
      let count = 0;
      for await (const user of zendesk.listUsers({ pageSize: 10 })) count += user.id ? 1 : 0;
      assert.equal(count, ctx.sandbox.state.liveUsers().length);
      assert.ok(zendesk.stats.retries > 0);
    });

    it('does not replay a POST after a 500 (not safe), but does for create_or_update (safe)', async () => {
      ctx.sandbox.setFaults({ seed: 1, rate500: 1 });
      const zendesk = client();
      await assert.rejects(zendesk.createUser({ name: 'Once' }), (error: ZendeskApiError) => error.status === 500 && error.attempts === 1);
      assert.equal(ctx.sandbox.requestCounts()['fault.500'], 1);
      ctx.sandbox.setFaults({ seed: 5, rate500: 0.5 });
      const { user } = await zendesk.createOrUpdateUser({ name: 'Safe', email: 'safe@contoso.example' });
      assert.equal(user.email, 'safe@contoso.example');
    });

    it('paces single-user updates to 5 per minute per user (no 429 from Zendesk)', async () => {
      const zendesk = client();
      const user = ctx.sandbox.state.liveUsers().find((u) => u.role === 'end-user')!;
      const started = Date.now();
      for (let i = 0; i < 6; i += 1) await zendesk.updateUser(user.id, { notes: `note ${i}` });
      assert.ok(Date.now() - started >= 900, 'the 6th update waited for the next (compressed) minute');
      assert.equal(zendesk.stats.rateLimited, 0);
      assert.equal(ctx.sandbox.state.users.get(user.id)!.user.notes, 'note 5');
    });
  });

  describe('bulk', () => {
    it('createManyUsers: chunks of 100, per-item results in input order, failures mapped to the right item', async () => {
      const zendesk = client();
      const taken = ctx.sandbox.state.liveUsers().find((u) => u.role === 'agent')!.email!;
      const users = Array.from({ length: 250 }, (_, i) => ({ name: `Bulk ${i}`, email: i === 137 ? taken : `bulk${i}@contoso.example` }));
      const progress: number[] = [];
      const results = await zendesk.createManyUsers(users, { onProgress: ({ done }) => progress.push(done) });
      assert.equal(results.length, 250);
      assert.equal(ctx.sandbox.requestCounts()['users.create_many'], 3);
      assert.deepEqual(results.map((r) => r.index), users.map((_, i) => i));
      assert.equal(results.filter((r) => r.ok).length, 249);
      assert.deepEqual({ ok: results[137]!.ok, error: results[137]!.error, input: results[137]!.input.email }, { ok: false, error: 'DuplicateValue', input: taken });
      assert.equal(ctx.sandbox.state.users.get(results[0]!.id!)!.user.email, 'bulk0@contoso.example');
      assert.deepEqual(progress.sort((a, b) => a - b).at(-1), 250);
      assert.ok((ctx.sandbox.requestCounts()['job_statuses.show_many'] ?? 0) >= 1, 'polls with show_many');
    });

    it('keeps at most maxJobsInFlight jobs queued or running', async () => {
      let maxSeen = 0;
      const zendesk = client({
        onRequest: (event) => {
          if (event.path === '/users/create_many') maxSeen = Math.max(maxSeen, ctx.sandbox.jobs.inFlight().length);
        },
      });
      const users = Array.from({ length: 600 }, (_, i) => ({ name: `J ${i}`, email: `j${i}@contoso.example` }));
      const results = await zendesk.createManyUsers(users, { maxJobsInFlight: 2 });
      assert.ok(results.every((r) => r.ok));
      assert.ok(maxSeen <= 2, `max in flight ${maxSeen}`);
    });

    it('concurrent bulk calls share the account’s 30 job slots: never a TooManyJobs 429, every item done', async () => {
      let maxSeen = 0;
      const zendesk = client({
        onRequest: (event) => {
          if (event.path === '/users/create_many') maxSeen = Math.max(maxSeen, ctx.sandbox.jobs.inFlight().length);
        },
      });
      const users = (tag: string) => Array.from({ length: 1_800 }, (_, i) => ({ name: `${tag} ${i}`, email: `${tag}${i}@contoso.example` }));
      // 2 × 18 jobs that run long enough to overlap: with a limit per call only, 36 would be in flight and Zendesk would
      // answer 429 TooManyJobs.
      const timing = ctx.sandbox.jobs.timing;
      ctx.sandbox.jobs.timing = { queuedMs: 100, workingMs: 300 };
      let first, second;
      try {
        [first, second] = await Promise.all([zendesk.createManyUsers(users('slot-a')), zendesk.createManyUsers(users('slot-b'))]);
      } finally {
        ctx.sandbox.jobs.timing = timing;
      }
      assert.equal([...first, ...second].filter((r) => r.ok).length, 3_600);
      assert.ok(maxSeen <= 30, `max in flight ${maxSeen}`);
      assert.equal(zendesk.stats.rateLimited, 0, 'no 429: the client kept within the account’s job slots');
      assert.equal(ctx.sandbox.requestCounts()['users.create_many'], 36);
    });

    it('bulk import disabled: the bulk call rejects with the 403 and its advice', async () => {
      ctx.sandbox.setAccount({ bulk_import_enabled: false });
      await assert.rejects(client().createManyUsers([{ name: 'X' }]), (error: ZendeskApiError) => error.status === 403 && /bulk user imports/.test(error.message));
    });

    it('updateManyUsers, destroyManyUsers, group memberships in bulk', async () => {
      const zendesk = client();
      const endUsers = ctx.sandbox.state.liveUsers().filter((u) => u.role === 'end-user').slice(0, 3);
      const updated = await zendesk.updateManyUsers(endUsers.map((u) => ({ id: u.id, notes: 'bulk note' })));
      assert.ok(updated.every((r) => r.ok && r.status === 'Updated'));
      assert.ok(endUsers.every((u) => ctx.sandbox.state.users.get(u.id)!.user.notes === 'bulk note'));
      const destroyed = await zendesk.destroyManyUsers([endUsers[0]!.id, 1]);
      assert.deepEqual(destroyed.map((r) => [r.ok, r.error]), [[true, undefined], [false, 'RecordNotFound']]);
      const group = await zendesk.createGroup({ name: 'Bulk members' });
      const agents = ctx.sandbox.state.liveUsers().filter((u) => u.role === 'agent').slice(0, 2);
      const memberships = await zendesk.createManyGroupMemberships([...agents.map((a) => ({ user_id: a.id, group_id: group.id })), { user_id: endUsers[1]!.id, group_id: group.id }]);
      assert.deepEqual(memberships.map((r) => r.ok), [true, true, false]);
      assert.equal(memberships[2]!.details, 'User: is not an agent');
      const listed = [];
      for await (const membership of zendesk.listGroupMemberships({ groupId: group.id })) listed.push(membership);
      assert.equal(listed.length, 2);
      const removed = await zendesk.destroyManyGroupMemberships(listed.map((m) => m.id));
      assert.ok(removed.every((r) => r.ok));
    });

    it('AbortSignal cancels a bulk run and a listing', async () => {
      const zendesk = client();
      const controller = new AbortController();
      const run = zendesk.createManyUsers(Array.from({ length: 300 }, (_, i) => ({ name: `A ${i}` })), { signal: controller.signal });
      setTimeout(() => controller.abort(), 5);
      await assert.rejects(run, { name: 'AbortError' });
      await assert.rejects(async () => {
        for await (const user of zendesk.listUsers({ signal: AbortSignal.abort() })) assert.ok(user);
      }, { name: 'AbortError' });
    });
  });

  describe('groups, memberships, users CRUD, plan', () => {
    it('covers the single-record calls', async () => {
      const zendesk = client();
      const group = await zendesk.createGroup({ name: 'CRUD' });
      assert.equal((await zendesk.updateGroup(group.id, { description: 'd' })).description, 'd');
      assert.equal((await zendesk.getGroup(group.id)).name, 'CRUD');
      const { user: agent, created } = await zendesk.createOrUpdateUser({ name: 'Agent Smith', email: 'smith@contoso.example', role: 'agent' });
      assert.equal(created, true);
      const membership = await zendesk.createGroupMembership(agent.id, group.id);
      assert.equal(membership.default, true);
      const other = await zendesk.createGroup({ name: 'CRUD 2' });
      const second = await zendesk.createGroupMembership(agent.id, other.id);
      const all = await zendesk.makeDefaultGroupMembership(agent.id, second.id);
      assert.equal(all.find((m) => m.default)?.id, second.id);
      await zendesk.deleteGroupMembership(membership.id);
      await zendesk.deleteGroup(group.id);
      let groups = 0;
      for await (const g of zendesk.listGroups({ excludeDeleted: true })) groups += g.id === group.id ? 1 : 0;
      assert.equal(groups, 0);
      const deleted = await zendesk.deleteUser(agent.id);
      assert.equal(deleted.active, false);
      const deletedList = [];
      for await (const d of zendesk.listDeletedUsers()) deletedList.push(d.id);
      assert.ok(deletedList.includes(agent.id));
      assert.equal((await zendesk.permanentlyDeleteUser(agent.id)).name, 'Permanently Deleted User');
      const identities = [];
      for await (const identity of zendesk.listIdentities(ctx.sandbox.state.ownerId)) identities.push(identity);
      assert.equal(identities[0]!.primary, true);
      assert.equal((await zendesk.showManyUsers({ ids: [ctx.sandbox.state.ownerId] })).length, 1);
      assert.ok((await zendesk.countUsers({ roles: ['admin'] })) >= 1);
      assert.ok((await zendesk.listUserFields()).length > 0);
      assert.equal(typeof (await zendesk.getAccountSettings()).user, 'object');
      assert.deepEqual(await zendesk.getPlan(), { planName: 'enterprise', rateLimitPerMinute: 700, source: 'subscription' });
    });
  });
});
