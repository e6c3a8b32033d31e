import assert from 'node:assert/strict';
import { call, firstUserWithRole, ManualClock, useSandbox } from './helpers';

const CREATED_KEYS = [
  'id', 'url', 'name', 'email', 'created_at', 'updated_at', 'time_zone', 'iana_time_zone', 'phone', 'shared_phone_number', 'photo',
  'locale_id', 'locale', 'organization_id', 'role', 'verified', 'external_id', 'tags', 'alias', 'active', 'shared', 'shared_agent',
  'last_login_at', 'two_factor_auth_enabled', 'signature', 'details', 'notes', 'role_type', 'custom_role_id', 'moderator',
  'ticket_restriction', 'only_private_comments', 'restricted_agent', 'suspended', 'default_group_id', 'report_csv', 'user_fields',
];

describe('Zendesk sandbox: users (reference §4, §9)', () => {
  const clock = new ManualClock();
  const ctx = useSandbox({ seed: 'demo', now: clock.now });

  it('CBP: page[size] gives meta + links; the last page says has_more:false but links to an empty page with nulls (§9.1 quirk)', async () => {
    const total = ctx.sandbox.state.liveUsers().length;
    let url: string | null = `${ctx.sandbox.url}/api/v2/users.json?page%5Bsize%5D=25`;
    const seen: number[] = [];
    let pages = 0;
    let last: unknown;
    while (url) {
      const response = await call(ctx.sandbox, 'GET', url);
      assert.equal(response.status, 200);
      pages += 1;
      seen.push(...response.body.users.map((u: { id: number }) => u.id));
      last = response.body;
      url = response.body.links.next;
    }
    assert.equal(seen.length, total);
    assert.deepEqual(seen, [...seen].sort((a, b) => a - b));
    assert.equal(pages, Math.ceil(total / 25) + 1, 'one extra empty page');
    assert.deepEqual(last, { users: [], meta: { has_more: false, after_cursor: null, before_cursor: null }, links: { prev: null, next: null } });
  });

  it('CBP links are absolute, built from the request host + /api/v2, and keep the filters', async () => {
    const response = await call(ctx.sandbox, 'GET', '/api/v2/users?role=agent&page[size]=2');
    assert.equal(response.body.meta.has_more, true);
    assert.ok(response.body.links.next.startsWith(`${ctx.sandbox.url}/api/v2/users.json?role=agent&page%5Bafter%5D=`));
    assert.ok(response.body.users.every((u: { role: string }) => u.role === 'agent'));
  });

  it('CBP backwards: page[before] returns the items before the cursor', async () => {
    const first = await call(ctx.sandbox, 'GET', '/api/v2/users.json?page[size]=3');
    const second = await call(ctx.sandbox, 'GET', first.body.links.next);
    const back = await call(ctx.sandbox, 'GET', second.body.links.prev);
    assert.deepEqual(back.body.users.map((u: { id: number }) => u.id), first.body.users.map((u: { id: number }) => u.id));
    const invalid = await call(ctx.sandbox, 'GET', '/api/v2/users.json?page[after]=garbage');
    assert.equal(invalid.status, 400);
  });

  it('page[size] above 100 → 400 with the invalid-attribute envelope', async () => {
    const response = await call(ctx.sandbox, 'GET', '/api/v2/users.json?page%5Bsize%5D=101');
    assert.equal(response.status, 400);
    assert.equal(response.body.error.title, 'Invalid attribute');
    assert.match(response.body.error.message, /page\.size must be an integer from api\/v2\/users\/index/);
  });

  it('OBP: page/per_page with count, next_page, previous_page; beyond 10,000 records → 400 InvalidPaginationDepth', async () => {
    const first = await call(ctx.sandbox, 'GET', '/api/v2/users.json?per_page=10');
    assert.equal(first.body.users.length, 10);
    assert.equal(first.body.count, ctx.sandbox.state.liveUsers().length);
    assert.equal(first.body.previous_page, null);
    assert.equal(first.body.next_page, `${ctx.sandbox.url}/api/v2/users.json?page=2&per_page=10`);
    const deep = await call(ctx.sandbox, 'GET', '/api/v2/users.json?page=101&per_page=100');
    assert.equal(deep.status, 400);
    assert.equal(deep.body.errors[0].code, 'InvalidPaginationDepth');
    assert.equal((await call(ctx.sandbox, 'GET', '/api/v2/users.json?page=100&per_page=100')).status, 200);
  });

  it('role filters: role=, repeated role[]=, comma-joined role[] (node-zendesk), with and without .json', async () => {
    const count = (role: string) => ctx.sandbox.state.liveUsers().filter((u) => u.role === role).length;
    assert.equal((await call(ctx.sandbox, 'GET', '/api/v2/users?role=admin')).body.users.length, count('admin'));
    const repeated = await call(ctx.sandbox, 'GET', '/api/v2/users.json?role%5B%5D=admin&role%5B%5D=agent');
    assert.equal(repeated.body.users.length, count('admin') + count('agent'));
    const comma = await call(ctx.sandbox, 'GET', '/api/v2/users.json?role%5B%5D=admin%2Cagent');
    assert.equal(comma.body.users.length, count('admin') + count('agent'));
  });

  it('show_many by ids and external_ids, sorted by id, deleted users only with include_deleted', async () => {
    const users = ctx.sandbox.state.liveUsers();
    const ids = [users[5]!.id, users[1]!.id, users[3]!.id];
    const response = await call(ctx.sandbox, 'GET', `/api/v2/users/show_many.json?ids=${ids.join('%2C')}`);
    assert.deepEqual(response.body.users.map((u: { id: number }) => u.id), [...ids].sort((a, b) => a - b));
    const external = users.find((u) => u.external_id)!;
    const byExternal = await call(ctx.sandbox, 'GET', `/api/v2/users/show_many?external_ids=${external.external_id!.toUpperCase()}`);
    assert.equal(byExternal.body.users[0].id, external.id);
    const deleted = ctx.sandbox.state.deletedUsers()[0]!.user.id;
    assert.equal((await call(ctx.sandbox, 'GET', `/api/v2/users/show_many?ids=${deleted}`)).body.users.length, 0);
    assert.equal((await call(ctx.sandbox, 'GET', `/api/v2/users/show_many?ids=${deleted}&include_deleted=true`)).body.users.length, 1);
  });

  it('search: query= with email:/external_id:/role:, and external_id= — offset-paged only', async () => {
    const agent = firstUserWithRole(ctx.sandbox, 'agent');
    const byEmail = await call(ctx.sandbox, 'GET', `/api/v2/users/search.json?query=${encodeURIComponent(`email:${agent.email}`)}`);
    assert.deepEqual(byEmail.body.users.map((u: { id: number }) => u.id), [agent.id]);
    assert.equal(byEmail.body.count, 1);
    assert.equal(byEmail.body.next_page, null);
    const byExternal = await call(ctx.sandbox, 'GET', `/api/v2/users/search.json?query=external_id:${agent.external_id}`);
    assert.equal(byExternal.body.users[0].id, agent.id);
    const byParam = await call(ctx.sandbox, 'GET', `/api/v2/users/search.json?external_id=${agent.external_id}`);
    assert.equal(byParam.body.users[0].id, agent.id);
    const roles = await call(ctx.sandbox, 'GET', '/api/v2/users/search.json?query=role:admin');
    assert.ok(roles.body.users.length > 0 && roles.body.users.every((u: { role: string }) => u.role === 'admin'));
    const cbp = await call(ctx.sandbox, 'GET', '/api/v2/users/search.json?query=role:admin&page%5Bsize%5D=10');
    assert.equal(cbp.status, 400);
  });

  it('create → 201 + Location, the 37 observed keys in order, end-user defaults', async () => {
    const response = await call(ctx.sandbox, 'POST', '/api/v2/users.json', { body: { user: { name: 'testUser' } } });
    assert.equal(response.status, 201);
    const user = response.body.user;
    assert.deepEqual(Object.keys(user), CREATED_KEYS);
    assert.equal(response.headers.get('location'), `${ctx.sandbox.url}/api/v2/users/${user.id}.json`);
    assert.equal(user.url, `${ctx.sandbox.url}/api/v2/users/${user.id}.json`);
    assert.equal(user.role, 'end-user');
    assert.equal(user.ticket_restriction, 'requested');
    assert.equal(user.restricted_agent, true);
    assert.match(user.created_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.ok(String(user.id).length === 14);
    assert.equal(response.headers.get('content-type'), 'application/json; charset=utf-8');
  });

  it('a blank name is 422 BlankValue', async () => {
    const response = await call(ctx.sandbox, 'POST', '/api/v2/users.json', { body: { user: { name: ' ', email: 'x@y.example' } } });
    assert.equal(response.status, 422);
    assert.deepEqual(response.body.details.name, [{ description: 'Name: cannot be blank', error: 'BlankValue' }]);
  });

  it('a duplicate e-mail is 422 RecordInvalid / DuplicateValue with the exact description', async () => {
    const agent = firstUserWithRole(ctx.sandbox, 'agent');
    const response = await call(ctx.sandbox, 'POST', '/api/v2/users.json', { body: { user: { name: 'Dup', email: agent.email!.toUpperCase() } } });
    assert.equal(response.status, 422);
    assert.deepEqual(response.body, {
      error: 'RecordInvalid',
      description: 'Record validation errors',
      details: { email: [{ description: `Email: ${agent.email!.toUpperCase()} is already being used by another user`, error: 'DuplicateValue' }] },
    });
  });

  it('a malformed e-mail is 422 InvalidFormat', async () => {
    const response = await call(ctx.sandbox, 'POST', '/api/v2/users.json', { body: { user: { name: 'Bad', email: 'not-an-email' } } });
    assert.equal(response.status, 422);
    assert.deepEqual(response.body.details.email, [{ description: 'Email: not-an-email is not properly formatted', error: 'InvalidFormat' }]);
  });

  it('permanent deletions are limited (700 per 10 minutes) with 429 + Retry-After', async () => {
    ctx.sandbox.limits.permanentDeletions.limit = 1;
    try {
      const [a, b] = ctx.sandbox.state.liveUsers().filter((u) => u.role === 'end-user');
      for (const user of [a!, b!]) await call(ctx.sandbox, 'DELETE', `/api/v2/users/${user.id}.json`);
      assert.equal((await call(ctx.sandbox, 'DELETE', `/api/v2/deleted_users/${a!.id}.json`)).status, 200);
      const limited = await call(ctx.sandbox, 'DELETE', `/api/v2/deleted_users/${b!.id}.json`);
      assert.equal(limited.status, 429);
      assert.ok(limited.headers.get('retry-after'));
    } finally {
      ctx.sandbox.limits.permanentDeletions.limit = 700;
    }
  });

  it('external_id is unique case-insensitively', async () => {
    await call(ctx.sandbox, 'POST', '/api/v2/users.json', { body: { user: { name: 'A', external_id: 'ian1' } } });
    const response = await call(ctx.sandbox, 'POST', '/api/v2/users.json', { body: { user: { name: 'B', external_id: 'IAN1' } } });
    assert.equal(response.status, 422);
    assert.equal(response.body.details.external_id[0].error, 'DuplicateValue');
  });

  it('role values are validated; custom_role_id only with agent; end-user + custom_role_id becomes an agent', async () => {
    assert.equal((await call(ctx.sandbox, 'POST', '/api/v2/users.json', { body: { user: { name: 'R', role: 'owner' } } })).body.details.role[0].error, 'InvalidValue');
    const role = [...ctx.sandbox.state.customRoles.values()].find((r) => r.name === 'Staff')!;
    const admin = await call(ctx.sandbox, 'POST', '/api/v2/users.json', { body: { user: { name: 'R', role: 'admin', custom_role_id: role.id } } });
    assert.equal(admin.status, 422);
    assert.equal(admin.body.details.custom_role_id[0].error, 'InvalidValue');
    const promoted = await call(ctx.sandbox, 'POST', '/api/v2/users.json', { body: { user: { name: 'R', email: 'r@contoso.example', role: 'end-user', custom_role_id: role.id } } });
    assert.equal(promoted.status, 201);
    assert.equal(promoted.body.user.role, 'agent');
    assert.equal(promoted.body.user.role_type, 0);
    assert.equal(promoted.body.user.custom_role_id, role.id);
  });

  it('custom_role_id below Enterprise is 422', async () => {
    ctx.sandbox.setAccount({ plan: 'professional' });
    const role = [...ctx.sandbox.state.customRoles.values()][0]!;
    const response = await call(ctx.sandbox, 'POST', '/api/v2/users.json', { body: { user: { name: 'R', role: 'agent', custom_role_id: role.id } } });
    assert.equal(response.status, 422);
  });

  it('no agent seat left → 422 MaxAgentExceeded (§14 body)', async () => {
    const used = ctx.sandbox.state.liveUsers().filter((u) => u.role !== 'end-user' && u.role_type !== 1 && u.role_type !== 3).length;
    ctx.sandbox.setAccount({ agent_seats: used });
    const response = await call(ctx.sandbox, 'POST', '/api/v2/users.json', { body: { user: { name: 'Seat', role: 'agent' } } });
    assert.equal(response.status, 422);
    assert.deepEqual(response.body.details.role, [{ description: 'Role: Subscription limit reached, no agent seats available', error: 'MaxAgentExceeded' }]);
    assert.equal((await call(ctx.sandbox, 'POST', '/api/v2/users.json', { body: { user: { name: 'Customer' } } })).status, 201);
  });

  it('create_or_update: 201 when new, 200 when matched by e-mail or external id (casing rewritten)', async () => {
    const first = await call(ctx.sandbox, 'POST', '/api/v2/users/create_or_update.json', { body: { user: { name: 'Up', email: 'up@contoso.example', external_id: 'ABC' } } });
    assert.equal(first.status, 201);
    assert.ok(first.headers.get('zendesk-ratelimit-create-update-user'));
    clock.advance(1000); // 1 update per second per account
    const byEmail = await call(ctx.sandbox, 'POST', '/api/v2/users/create_or_update.json', { body: { user: { name: 'Up 2', email: 'UP@contoso.example' } } });
    assert.equal(byEmail.status, 200);
    assert.equal(byEmail.body.user.id, first.body.user.id);
    clock.advance(1000);
    const byExternal = await call(ctx.sandbox, 'POST', '/api/v2/users/create_or_update.json', { body: { user: { name: 'Up 3', external_id: 'abc' } } });
    assert.equal(byExternal.status, 200);
    assert.equal(byExternal.body.user.id, first.body.user.id);
    assert.equal(byExternal.body.user.external_id, 'abc');
  });

  it('updating email adds a secondary identity; the primary stays', async () => {
    const user = firstUserWithRole(ctx.sandbox, 'end-user');
    const response = await call(ctx.sandbox, 'PUT', `/api/v2/users/${user.id}.json`, { body: { user: { email: 'second@contoso.example' } } });
    assert.equal(response.status, 200);
    assert.equal(response.body.user.email, user.email);
    const identities = await call(ctx.sandbox, 'GET', `/api/v2/users/${user.id}/identities.json`);
    assert.deepEqual(identities.body.identities.map((i: { value: string; primary: boolean }) => [i.value, i.primary]), [[user.email, true], ['second@contoso.example', false]]);
  });

  it('soft delete: 200 active:false; still readable by id; gone from lists; e-mail reusable; in deleted_users; permanent delete → 404', async () => {
    const user = firstUserWithRole(ctx.sandbox, 'end-user');
    const deleted = await call(ctx.sandbox, 'DELETE', `/api/v2/users/${user.id}.json`);
    assert.equal(deleted.status, 200);
    assert.equal(deleted.body.user.active, false);
    assert.equal((await call(ctx.sandbox, 'GET', `/api/v2/users/${user.id}.json`)).body.user.active, false);
    const list = await call(ctx.sandbox, 'GET', '/api/v2/users.json?per_page=100');
    assert.ok(!list.body.users.some((u: { id: number }) => u.id === user.id));
    const shown = await call(ctx.sandbox, 'GET', `/api/v2/deleted_users/${user.id}.json`);
    assert.equal(shown.body.deleted_user.url, `${ctx.sandbox.url}/api/v2/deleted_users/${user.id}.json`);
    const reuse = await call(ctx.sandbox, 'POST', '/api/v2/users.json', { body: { user: { name: 'New', email: user.email } } });
    assert.equal(reuse.status, 201);
    assert.notEqual(reuse.body.user.id, user.id);
    const permanent = await call(ctx.sandbox, 'DELETE', `/api/v2/deleted_users/${user.id}.json`);
    assert.equal(permanent.status, 200);
    assert.equal(permanent.body.deleted_user.name, 'Permanently Deleted User');
    assert.equal(permanent.body.deleted_user.email, null);
    assert.deepEqual((await call(ctx.sandbox, 'GET', `/api/v2/users/${user.id}.json`)).body, { error: 'RecordNotFound', description: 'Not found' });
  });

  it('permanent deletion needs a soft delete first', async () => {
    const user = firstUserWithRole(ctx.sandbox, 'end-user');
    assert.equal((await call(ctx.sandbox, 'DELETE', `/api/v2/deleted_users/${user.id}.json`)).status, 404);
  });

  it('scenario reserve_deleted_emails: a soft-deleted user\'s e-mail stays taken', async () => {
    ctx.sandbox.setAccount({ reserve_deleted_emails: true });
    const user = firstUserWithRole(ctx.sandbox, 'end-user');
    await call(ctx.sandbox, 'DELETE', `/api/v2/users/${user.id}.json`);
    const reuse = await call(ctx.sandbox, 'POST', '/api/v2/users.json', { body: { user: { name: 'New', email: user.email } } });
    assert.equal(reuse.status, 422);
  });

  it('the account owner cannot be deleted', async () => {
    assert.equal((await call(ctx.sandbox, 'DELETE', `/api/v2/users/${ctx.sandbox.state.ownerId}.json`)).status, 403);
  });

  it('unknown ids → 404 RecordNotFound; unknown paths → 404 InvalidEndpoint', async () => {
    assert.deepEqual((await call(ctx.sandbox, 'GET', '/api/v2/users/1.json')).body, { error: 'RecordNotFound', description: 'Not found' });
    assert.deepEqual((await call(ctx.sandbox, 'GET', '/api/v2/nothing/here.json')).body, { error: 'InvalidEndpoint', description: 'Not found' });
  });

  it('users/count, identities, user groups', async () => {
    const count = await call(ctx.sandbox, 'GET', '/api/v2/users/count.json?role=agent');
    assert.equal(count.body.count.value, ctx.sandbox.state.liveUsers().filter((u) => u.role === 'agent').length);
    const agent = [...ctx.sandbox.state.memberships.values()][0]!.user_id;
    const groups = await call(ctx.sandbox, 'GET', `/api/v2/users/${agent}/groups.json`);
    assert.ok(groups.body.groups.length >= 1);
  });
});
