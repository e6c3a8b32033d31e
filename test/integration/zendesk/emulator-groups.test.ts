import assert from 'node:assert/strict';
import { call, firstUserWithRole, ManualClock, useSandbox } from './helpers';

describe('Zendesk sandbox: groups, memberships, custom roles, user fields, account (reference §6–§8, §2.5)', () => {
  const clock = new ManualClock();
  const ctx = useSandbox({ seed: 'demo', now: clock.now });

  it('groups: create 201 + Location with observed defaults; update; delete 204 with an empty body; deleted flag kept', async () => {
    const created = await call(ctx.sandbox, 'POST', '/api/v2/groups.json', { body: { group: { name: 'Tier 3' } } });
    assert.equal(created.status, 201);
    const group = created.body.group;
    assert.deepEqual(Object.keys(group), ['url', 'id', 'is_public', 'name', 'description', 'default', 'deleted', 'created_at', 'updated_at']);
    assert.deepEqual([group.description, group.default, group.deleted, group.is_public], ['', false, false, true]);
    assert.equal(created.headers.get('location'), `${ctx.sandbox.url}/api/v2/groups/${group.id}.json`);
    const updated = await call(ctx.sandbox, 'PUT', `/api/v2/groups/${group.id}.json`, { body: { group: { name: 'Tier III' } } });
    assert.equal(updated.body.group.name, 'Tier III');
    const deleted = await call(ctx.sandbox, 'DELETE', `/api/v2/groups/${group.id}.json`);
    assert.equal(deleted.status, 204);
    assert.equal(deleted.text, '');
    assert.equal((await call(ctx.sandbox, 'GET', `/api/v2/groups/${group.id}.json`)).body.group.deleted, true);
    const all = await call(ctx.sandbox, 'GET', '/api/v2/groups.json?page%5Bsize%5D=100');
    assert.ok(all.body.groups.some((g: { id: number }) => g.id === group.id));
    const live = await call(ctx.sandbox, 'GET', '/api/v2/groups.json?exclude_deleted=true');
    assert.ok(!live.body.groups.some((g: { id: number }) => g.id === group.id));
  });

  it('a group needs a name (422); a private group cannot become public (422)', async () => {
    assert.equal((await call(ctx.sandbox, 'POST', '/api/v2/groups.json', { body: { group: {} } })).status, 422);
    const group = (await call(ctx.sandbox, 'POST', '/api/v2/groups.json', { body: { group: { name: 'P', is_public: false } } })).body.group;
    assert.equal((await call(ctx.sandbox, 'PUT', `/api/v2/groups/${group.id}.json`, { body: { group: { is_public: true } } })).status, 422);
  });

  it('memberships: only agents/admins (end-user → §14 422); first membership is default; delete → 204', async () => {
    const group = (await call(ctx.sandbox, 'POST', '/api/v2/groups.json', { body: { group: { name: 'M' } } })).body.group;
    const endUser = firstUserWithRole(ctx.sandbox, 'end-user');
    const refused = await call(ctx.sandbox, 'POST', '/api/v2/group_memberships.json', { body: { group_membership: { user_id: endUser.id, group_id: group.id } } });
    assert.equal(refused.status, 422);
    assert.deepEqual(refused.body, {
      error: 'RecordInvalid',
      description: 'Record validation errors',
      details: { user_id: [{ description: 'User: is not an agent', error: 'InvalidValue' }] },
    });
    const agent = (await call(ctx.sandbox, 'POST', '/api/v2/users.json', { body: { user: { name: 'New agent', role: 'agent' } } })).body.user;
    const first = await call(ctx.sandbox, 'POST', '/api/v2/group_memberships.json', { body: { group_membership: { user_id: agent.id, group_id: group.id } } });
    assert.equal(first.status, 201);
    assert.equal(first.body.group_membership.default, true);
    assert.equal((await call(ctx.sandbox, 'GET', `/api/v2/users/${agent.id}.json`)).body.user.default_group_id, group.id);
    const other = (await call(ctx.sandbox, 'POST', '/api/v2/groups.json', { body: { group: { name: 'M2' } } })).body.group;
    const second = await call(ctx.sandbox, 'POST', `/api/v2/users/${agent.id}/group_memberships.json`, { body: { group_membership: { group_id: other.id } } });
    assert.equal(second.body.group_membership.default, false);
    const made = await call(ctx.sandbox, 'PUT', `/api/v2/users/${agent.id}/group_memberships/${second.body.group_membership.id}/make_default.json`, { body: {} });
    assert.deepEqual(made.body.group_memberships.map((m: { default: boolean }) => m.default), [false, true]);
    const byGroup = await call(ctx.sandbox, 'GET', `/api/v2/groups/${group.id}/memberships.json`);
    assert.equal(byGroup.body.group_memberships.length, 1);
    const removed = await call(ctx.sandbox, 'DELETE', `/api/v2/group_memberships/${first.body.group_membership.id}.json`);
    assert.equal(removed.status, 204);
    assert.equal(removed.text, '');
  });

  it('membership create_many / destroy_many run as jobs with per-item results', async () => {
    const group = (await call(ctx.sandbox, 'POST', '/api/v2/groups.json', { body: { group: { name: 'Bulk' } } })).body.group;
    const agent = firstUserWithRole(ctx.sandbox, 'agent');
    const endUser = firstUserWithRole(ctx.sandbox, 'end-user');
    const job = (await call(ctx.sandbox, 'POST', '/api/v2/group_memberships/create_many.json', { body: { group_memberships: [{ user_id: agent.id, group_id: group.id }, { user_id: endUser.id, group_id: group.id }] } })).body.job_status;
    clock.advance(5000);
    const results = (await call(ctx.sandbox, 'GET', job.url)).body.job_status.results;
    assert.equal(results[0].status, 'Created');
    assert.deepEqual(results[1], { index: 1, error: 'InvalidValue', details: 'User: is not an agent' });
    const destroy = (await call(ctx.sandbox, 'DELETE', `/api/v2/group_memberships/destroy_many.json?ids=${results[0].id}`)).body.job_status;
    clock.advance(5000);
    assert.deepEqual((await call(ctx.sandbox, 'GET', destroy.url)).body.job_status.results, [{ action: 'delete', id: results[0].id, status: 'Deleted', success: true }]);
  });

  it('custom roles: listed on Enterprise (incl. the one named "Agent"); 403 envelope below Enterprise', async () => {
    const list = await call(ctx.sandbox, 'GET', '/api/v2/custom_roles.json');
    assert.equal(list.status, 200);
    assert.ok(list.body.custom_roles.some((r: { name: string }) => r.name === 'Agent'));
    assert.ok(list.body.custom_roles.every((r: { team_member_count: number }) => typeof r.team_member_count === 'number'));
    ctx.sandbox.setAccount({ plan: 'professional' });
    const refused = await call(ctx.sandbox, 'GET', '/api/v2/custom_roles.json');
    assert.equal(refused.status, 403);
    assert.equal(refused.body.error.title, 'Forbidden');
  });

  it('user_fields list; account settings; account/subscription plan name', async () => {
    const fields = await call(ctx.sandbox, 'GET', '/api/v2/user_fields.json');
    assert.ok(fields.body.user_fields.some((f: { key: string }) => f.key === 'employee_id'));
    assert.equal(fields.body.count, fields.body.user_fields.length);
    const settings = await call(ctx.sandbox, 'GET', '/api/v2/account/settings.json');
    assert.equal(typeof settings.body.settings.user.tagging, 'boolean');
    assert.deepEqual((await call(ctx.sandbox, 'GET', '/api/v2/account/subscription.json')).body, { subscription: { plan_name: 'enterprise' } });
  });

  it('incremental export (cursor): admin only, pages, includes deleted users, end_of_stream, resumable cursor', async () => {
    const agent = firstUserWithRole(ctx.sandbox, 'agent');
    const agentAuth = `Basic ${Buffer.from(`${agent.email}/token:${ctx.sandbox.apiToken}`).toString('base64')}`;
    assert.equal((await call(ctx.sandbox, 'GET', '/api/v2/incremental/users/cursor.json?start_time=0', { auth: agentAuth })).status, 403);
    const seen: Array<{ id: number; active: boolean }> = [];
    let url: string | null = '/api/v2/incremental/users/cursor.json?start_time=0&per_page=20';
    let pages = 0;
    let lastCursor: string | null = null;
    while (url) {
      const response = await call(ctx.sandbox, 'GET', url);
      assert.equal(response.status, 200);
      assert.match(response.headers.get('zendesk-ratelimit-incremental-exports') ?? '', /^total=10; remaining=\d+; resets=\d+$/);
      pages += 1;
      seen.push(...response.body.users);
      lastCursor = response.body.after_cursor;
      url = response.body.end_of_stream ? null : `${response.body.after_url}&per_page=20`;
    }
    assert.equal(seen.length, ctx.sandbox.state.users.size);
    assert.ok(seen.some((u) => u.active === false), 'deleted users are exported');
    assert.ok(pages >= 3);
    assert.match(Buffer.from(lastCursor!, 'base64').toString(), /^\d+\.0\|\|\d+\|$/);
  });

  it('incremental export: 1,000 users per page by default (and at most)', async () => {
    for (let i = 0; i < 1000; i += 1) ctx.sandbox.state.createUser({ name: `Export ${i}` });
    const first = await call(ctx.sandbox, 'GET', '/api/v2/incremental/users/cursor.json?start_time=0&per_page=5000');
    assert.equal(first.body.users.length, 1000);
    assert.equal(first.body.end_of_stream, false);
    const second = await call(ctx.sandbox, 'GET', first.body.after_url);
    assert.equal(second.body.users.length, ctx.sandbox.state.users.size - 1000);
    assert.equal(second.body.end_of_stream, true);
  });

  it('incremental export: start_time must be ≥ 1 minute in the past', async () => {
    const now = Math.floor(clock.now() / 1000);
    const response = await call(ctx.sandbox, 'GET', `/api/v2/incremental/users/cursor.json?start_time=${now}`);
    assert.equal(response.status, 400);
    assert.equal((await call(ctx.sandbox, 'GET', '/api/v2/incremental/users/cursor.json')).body.error, 'ParameterMissing');
  });

  it('incremental export: the 11th call in a minute → 429 APIRateLimitExceeded (JSON) + Retry-After', async () => {
    for (let i = 0; i < 10; i += 1) assert.equal((await call(ctx.sandbox, 'GET', '/api/v2/incremental/users.json?start_time=0')).status, 200);
    const limited = await call(ctx.sandbox, 'GET', '/api/v2/incremental/users.json?start_time=0');
    assert.equal(limited.status, 429);
    assert.deepEqual(limited.body, { error: 'APIRateLimitExceeded', description: 'Number of allowed incremental export API requests per minute exceeded' });
    assert.ok(Number(limited.headers.get('retry-after')) > 0);
    clock.advance(60_000);
    assert.equal((await call(ctx.sandbox, 'GET', '/api/v2/incremental/users.json?start_time=0')).status, 200);
  });
});
