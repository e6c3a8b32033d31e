import * as assert from 'node:assert/strict';
import { GraphClient, memberChanges, MemoryDeltaLinkStore, type DeltaPage, type GraphGroup, type GraphUser } from '../../../src/clients/graph';
import { staticTokenCredential } from '../../../src/auth';
import { startGraphSandbox, type GraphSandbox } from '../../../src/sandbox/graph';
import { groupId, raw, ROLE_AGENT, smallSeed, SP_ID, userId } from './helpers';

async function collect<T>(pages: AsyncGenerator<DeltaPage<T>>): Promise<{ items: T[]; removed: Array<{ id: string; reason: string }>; pages: number; round?: string; resynced: boolean }> {
  const items: T[] = [];
  const removed: Array<{ id: string; reason: string }> = [];
  let count = 0;
  let round: string | undefined;
  let resynced = false;
  for await (const page of pages) {
    count += 1;
    round ??= page.round;
    resynced ||= page.resynced;
    items.push(...page.items);
    removed.push(...page.removed);
  }
  return { items, removed, pages: count, round, resynced };
}

describe('Graph sandbox: delta rounds after each admin action', function () {
  let sandbox: GraphSandbox;
  let client: GraphClient;
  let store: MemoryDeltaLinkStore;
  const select = ['displayName', 'mail', 'accountEnabled', 'department'];
  const usersRound = (minimal = false): ReturnType<typeof collect<GraphUser>> => collect(client.usersDelta({ select, store, minimal }));
  const groupsRound = (): ReturnType<typeof collect<GraphGroup>> => collect(client.groupsDelta({ select: ['displayName', 'members'], store }));

  before(async () => {
    sandbox = await startGraphSandbox({ seed: smallSeed(150), deltaPageSize: 40 });
    client = new GraphClient({ baseUrl: sandbox.graphBaseUrl, credential: staticTokenCredential(sandbox.mintToken()), ca: sandbox.ca });
    store = new MemoryDeltaLinkStore();
  });
  after(async () => {
    client.close();
    await sandbox.close();
  });

  it('the initial round pages (nextLink → deltaLink) and returns every user with exactly id + the selection', async () => {
    const round = await usersRound();
    assert.equal(round.round, 'full');
    assert.equal(round.pages, 4);
    assert.equal(round.items.length, 150);
    assert.deepEqual(Object.keys(round.items[0]!).sort(), ['accountEnabled', 'department', 'displayName', 'id', 'mail']);
    const groups = await groupsRound();
    assert.equal(groups.items.length, 3);
    assert.deepEqual(memberChanges(groups.items.find((g) => g.id === groupId(2))!), [{ id: userId(6), type: '#microsoft.graph.user', removed: false }]);
    assert.equal(store.entries().length, 2);
  });

  it('no change → an empty incremental round in one request', async () => {
    sandbox.resetRequestCounts();
    const round = await usersRound();
    assert.equal(round.round, 'incremental');
    assert.deepEqual(round.items, []);
    assert.equal(sandbox.requestCounts().total, 1);
  });

  it('change an attribute → the user comes back (all selected properties, or only the change with return=minimal)', async () => {
    sandbox.directory.updateUser(userId(10), { department: 'Finance' });
    const full = await usersRound();
    assert.equal(full.items.length, 1);
    assert.deepEqual(full.items[0], { id: userId(10), displayName: 'User 010', mail: 'user10@contoso.example', accountEnabled: true, department: 'Finance' });
    sandbox.directory.updateUser(userId(11), { department: 'Legal' });
    const minimal = await usersRound(true);
    assert.deepEqual(minimal.items, [{ id: userId(11), department: 'Legal' }]);
  });

  it('a change to an unselected property does not appear', async () => {
    sandbox.directory.updateUser(userId(12), { jobTitle: 'Lead' });
    assert.deepEqual((await usersRound()).items, []);
  });

  it('disable → accountEnabled false', async () => {
    sandbox.directory.disableUser(userId(13));
    const round = await usersRound(true);
    assert.deepEqual(round.items, [{ id: userId(13), accountEnabled: false }]);
  });

  it('soft delete → @removed changed; restore → the full object again', async () => {
    sandbox.directory.softDeleteUser(userId(14));
    assert.deepEqual((await usersRound()).removed, [{ id: userId(14), reason: 'changed' }]);
    sandbox.directory.restoreUser(userId(14));
    const restored = await usersRound(true);
    assert.equal(restored.items.length, 1);
    assert.equal(restored.items[0]!.displayName, 'User 014');
  });

  it('hard delete → @removed deleted, and the groups round reports the membership removal', async () => {
    sandbox.directory.hardDeleteUser(userId(1));
    assert.deepEqual((await usersRound()).removed, [{ id: userId(1), reason: 'deleted' }]);
    const groups = await groupsRound();
    assert.equal(groups.items.length, 1);
    assert.deepEqual(memberChanges(groups.items[0]!), [{ id: userId(1), type: '#microsoft.graph.user', removed: true }]);
  });

  it('create a user → it appears in full', async () => {
    sandbox.directory.createUser({ id: userId(900), displayName: 'New Hire', userPrincipalName: 'new.hire@contoso.example', mail: 'new.hire@contoso.example' });
    const round = await usersRound(true);
    assert.deepEqual(round.items, [{ id: userId(900), displayName: 'New Hire', mail: 'new.hire@contoso.example', accountEnabled: true, department: null }]);
  });

  it('add and remove group members → members@delta entries (removal with @removed)', async () => {
    sandbox.directory.addMember(groupId(2), userId(20));
    sandbox.directory.removeMember(groupId(1), userId(2));
    const round = await groupsRound();
    const nested = round.items.find((g) => g.id === groupId(2))!;
    assert.deepEqual(memberChanges(nested), [{ id: userId(20), type: '#microsoft.graph.user', removed: false }]);
    const agents = round.items.find((g) => g.id === groupId(1))!;
    assert.deepEqual(memberChanges(agents), [{ id: userId(2), type: '#microsoft.graph.user', removed: true }]);
  });

  it('assign / unassign change appRoleAssignedTo but not users delta (assignments are not a delta-tracked property)', async () => {
    const before = (await client.getAppRoleAssignments(SP_ID)).length;
    const created = sandbox.directory.assign(userId(30), SP_ID, ROLE_AGENT);
    assert.deepEqual((await usersRound()).items, []);
    assert.equal((await client.getAppRoleAssignments(SP_ID)).length, before + 1);
    sandbox.directory.unassign({ assignmentId: created.id });
    assert.equal((await client.getAppRoleAssignments(SP_ID)).length, before);
  });

  it('admin actions through the control API feed delta too', async () => {
    const response = await raw(sandbox, 'POST', '/__sandbox/actions/update-user', { token: null, body: { id: userId(40), changes: { displayName: 'Renamed 40' } } });
    assert.equal(response.status, 200);
    const round = await usersRound(true);
    assert.deepEqual(round.items, [{ id: userId(40), displayName: 'Renamed 40' }]);
  });

  it('$deltatoken=latest stores a link without data; the next round has only later changes', async () => {
    const fresh = new MemoryDeltaLinkStore();
    const first = await collect(client.usersDelta({ select: ['displayName'], store: fresh, fromNow: true }));
    assert.equal(first.pages, 0);
    assert.equal(fresh.entries().length, 1);
    sandbox.directory.updateUser(userId(41), { displayName: 'After latest' });
    const next = await collect(client.usersDelta({ select: ['displayName'], store: fresh }));
    assert.deepEqual(next.items, [{ id: userId(41), displayName: 'After latest' }]);
  });

  it('410 Gone on a stale link → the client forgets it and runs a full round flagged resynced', async () => {
    const link = store.entries().find(([key]) => key.startsWith('users:'))![1];
    await raw(sandbox, 'POST', '/__sandbox/delta/invalidate', { token: null });
    const gone = await raw(sandbox, 'GET', link.slice(sandbox.url.length));
    assert.equal(gone.status, 410);
    assert.equal(gone.headers.location, `${sandbox.graphBaseUrl}/users/delta?$deltatoken=`);
    const round = await usersRound();
    assert.equal(round.resynced, true);
    assert.equal(round.round, 'full');
    assert.equal(round.items.length, 150, '150 seeded − 1 hard-deleted + 1 created');
  });

  it('delta rejects $top, and $select together with a skiptoken', async () => {
    assert.equal((await raw(sandbox, 'GET', '/v1.0/users/delta?$top=5')).status, 400);
    const first = await raw(sandbox, 'GET', '/v1.0/users/delta?$select=displayName');
    const next = first.json['@odata.nextLink'] as string;
    assert.equal(first.json['@odata.context'], `${sandbox.graphBaseUrl}/$metadata#users(displayName)`);
    const mixed = await raw(sandbox, 'GET', `${next.slice(sandbox.url.length)}&$select=mail`);
    assert.equal(mixed.status, 400);
  });
});
