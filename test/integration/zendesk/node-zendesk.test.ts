/**
 * The real client `node-zendesk` 6.0.1 pointed at the sandbox (`endpointUri`): proves the emulator speaks the API the
 * way a real client expects (`.json` paths, percent-encoded CBP params, absolute `links.next` under the given base,
 * JSON content type, job statuses, 204s, and Retry-After only on 429).
 */
import assert from 'node:assert/strict';
import { createClient } from 'node-zendesk';
import { useSandbox } from './helpers';

interface Result<T> {
  result: T;
}

describe('node-zendesk 6.0.1 against the Zendesk sandbox', () => {
  const ctx = useSandbox({ seed: 'demo', timeScale: 60 });

  function client() {
    return createClient({ username: ctx.sandbox.adminEmail, token: ctx.sandbox.apiToken, endpointUri: `${ctx.sandbox.url}/api/v2` });
  }

  it('runs the provisioning scenario: list with paging, create, search, update, bulk create + job polling, groups and memberships', async () => {
    const zendesk = client();

    // users/me
    const me = (await zendesk.users.me()) as unknown as Result<{ id: number; role: string }>;
    assert.equal(me.result.role, 'admin');

    // List with automatic cursor paging (page[size]=100, follows links.next until null).
    for (let i = 0; i < 150; i += 1) ctx.sandbox.state.createUser({ name: `Paged ${i}`, email: `paged${i}@contoso.example` });
    const listed = (await zendesk.users.list()) as unknown as Array<{ id: number }>;
    assert.equal(listed.length, ctx.sandbox.state.liveUsers().length);
    assert.equal(new Set(listed.map((u) => u.id)).size, listed.length);
    assert.ok((ctx.sandbox.requestCounts()['users.list'] ?? 0) >= 2, 'followed links.next');

    // Filtered list.
    const agents = (await zendesk.users.listWithFilter('role', 'agent')) as unknown as Array<{ role: string }>;
    assert.ok(agents.length > 0 && agents.every((u) => u.role === 'agent'));

    // Create.
    const created = (await zendesk.users.create({ user: { name: 'Node Zendesk', email: 'node.zendesk@contoso.example', role: 'end-user' } })) as unknown as Result<{ id: number; email: string }>;
    assert.equal(created.result.email, 'node.zendesk@contoso.example');

    // Search (offset pagination, follows next_page).
    const found = (await zendesk.users.search({ query: 'email:node.zendesk@contoso.example' })) as unknown as Array<{ id: number }>;
    assert.deepEqual(found.map((u) => u.id), [created.result.id]);

    // Update and suspend.
    const updated = (await zendesk.users.update(created.result.id, { user: { notes: 'updated by node-zendesk' } })) as unknown as Result<{ notes: string }>;
    assert.equal(updated.result.notes, 'updated by node-zendesk');
    await new Promise((resolve) => setTimeout(resolve, 40)); // 1 update per (compressed) second per account
    const suspended = (await zendesk.users.suspend(created.result.id)) as unknown as Result<{ suspended: boolean }>;
    assert.equal(suspended.result.suspended, true);

    // Bulk create + job status polling with watch().
    const bulk = (await zendesk.users.createMany(
      // node-zendesk posts its argument as the body (its JSDoc says object[]); the caller supplies the {users} wrapper.
      { users: [{ name: 'Bulk A', email: 'bulk.a@contoso.example' }, { name: 'Bulk B', email: 'bulk.b@contoso.example' }] } as unknown as object[],
    )) as unknown as Result<{ job_status: { id: string; status: string } }>;
    assert.equal(bulk.result.job_status.status, 'queued');
    const finished = (await zendesk.jobstatuses.watch(bulk.result.job_status.id, 20, 5)) as unknown as { status: string; results: Array<{ id: number; status: string }> };
    assert.equal(finished.status, 'completed');
    assert.deepEqual(finished.results.map((r) => r.status), ['Created', 'Created']);
    const shown = (await zendesk.users.showMany(finished.results.map((r) => r.id))) as unknown as Result<Array<{ email: string }>>;
    assert.deepEqual(shown.result.map((u) => u.email).sort(), ['bulk.a@contoso.example', 'bulk.b@contoso.example']);

    // Groups and memberships.
    const group = (await zendesk.groups.create({ group: { name: 'Node group' } })) as unknown as Result<{ id: number; name: string }>;
    assert.equal(group.result.name, 'Node group');
    const groups = (await zendesk.groups.list()) as unknown as Array<{ id: number }>;
    assert.ok(groups.some((g) => g.id === group.result.id));
    const agent = ctx.sandbox.state.liveUsers().find((u) => u.role === 'agent')!;
    const membership = (await zendesk.groupmemberships.create({ group_membership: { user_id: agent.id, group_id: group.result.id } })) as unknown as Result<{ id: number; user_id: number }>;
    assert.equal(membership.result.user_id, agent.id);
    const byGroup = (await zendesk.groupmemberships.listByGroup(group.result.id)) as unknown as Array<{ id: number }>;
    assert.deepEqual(byGroup.map((m) => m.id), [membership.result.id]);
    const byUser = (await zendesk.groupmemberships.listByUser(agent.id)) as unknown as Array<{ group_id: number }>;
    assert.ok(byUser.some((m) => m.group_id === group.result.id));
    const bulkMembers = (await zendesk.groupmemberships.bulkCreate([{ user_id: ctx.sandbox.state.ownerId, group_id: group.result.id }])) as unknown as Result<{ job_status: { id: string } }>;
    const membersJob = (await zendesk.jobstatuses.watch(bulkMembers.result.job_status.id, 20, 5)) as unknown as { status: string };
    assert.equal(membersJob.status, 'completed');
    const removed = (await zendesk.groupmemberships.delete(membership.result.id)) as unknown as Result<Error>;
    assert.equal((removed.result as Error & { statusCode?: number }).statusCode, 204, 'node-zendesk reports a 204 as "No Content"');
    const roles = (await zendesk.customagentroles.list()) as unknown as Array<{ name: string }>;
    assert.ok(roles.some((role) => role.name === 'Agent'));

    // Errors surface the way node-zendesk expects: thrown with the status text.
    await assert.rejects(zendesk.users.show(1), /Zendesk Error \(404\)/);
    await assert.rejects(zendesk.users.create({ user: { name: 'Dup', email: 'bulk.a@contoso.example' } }), /Zendesk Error \(422\)/);
  });

  it('a 429 reaches node-zendesk as its rate-limit result (Retry-After only on the 429)', async () => {
    const zendesk = client();
    ctx.sandbox.setAccount({ plan: 'essential' }); // 10 requests per (compressed) minute
    const outcomes: Array<{ statusCode?: number } | { id: number }> = [];
    for (let i = 0; i < 12; i += 1) outcomes.push(((await zendesk.users.show(ctx.sandbox.state.ownerId)) as unknown as Result<{ statusCode?: number } | { id: number }>).result);
    const limited = outcomes.filter((o) => o instanceof Error);
    assert.equal(limited.length, 2);
    assert.equal((limited[0] as { statusCode?: number }).statusCode, 429);
    assert.ok(outcomes.slice(0, 10).every((o) => 'id' in o && o.id === ctx.sandbox.state.ownerId), 'the 10 allowed calls were normal results, not rate-limit errors');
  });
});
