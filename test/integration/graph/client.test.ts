import * as assert from 'node:assert/strict';
import { generate } from 'selfsigned';
import { createCredential, staticTokenCredential } from '../../../src/auth';
import { GraphApiError, GraphClient } from '../../../src/clients/graph';
import { GraphEngineAdapter } from '../../../src/clients/graph/engine-adapter';
import type { RequestEvent } from '../../../src/clients/http';
import { startGraphSandbox, type GraphSandbox } from '../../../src/sandbox/graph';
import { APP_ID, DEFAULT_ACCESS, EXTENSION, groupId, smallSeed, SP_ID, userId } from './helpers';

describe('GraphClient against the sandbox', function () {
  let sandbox: GraphSandbox;
  let client: GraphClient;
  const events: RequestEvent[] = [];

  before(async () => {
    const seed = smallSeed(1200);
    // 25 extra groups so member expansion needs two $batch calls, one of them large enough to page.
    const groups = [...(seed.groups ?? [])];
    for (let i = 10; i < 35; i += 1) {
      groups.push({ id: groupId(i), displayName: `Team ${i}`, members: Array.from({ length: i === 10 ? 1001 : 3 }, (_, k) => userId(k + 1 + (i === 10 ? 0 : i))) });
    }
    sandbox = await startGraphSandbox({ seed: { ...seed, groups } });
    client = new GraphClient({
      baseUrl: sandbox.graphBaseUrl,
      credential: createCredential({ kind: 'clientSecret', tenantId: sandbox.tenantId, clientId: sandbox.clientId, clientSecret: sandbox.clientSecret, authorityHost: sandbox.authorityHost, caCertificate: sandbox.ca }),
      ca: sandbox.ca,
      retry: { baseDelayMs: 1, maxDelayMs: 5 },
      onRequest: (event) => events.push(event),
    });
  });
  after(async () => {
    client.close();
    await sandbox.close();
  });
  afterEach(() => {
    sandbox.faults.update({ rate429: 0, rate500: 0, rate503: 0, rateReset: 0 });
  });

  it('signs in with the client secret through the token endpoint and reuses the token', async () => {
    sandbox.resetRequestCounts();
    await client.findServicePrincipalsByName('Zendesk');
    await client.findServicePrincipalsByName('Zendesk');
    assert.equal(sandbox.requestCounts().tokensIssued, 1);
  });

  it('signs in with a client certificate (MSAL client assertion) through createCredential', async () => {
    const pems = await generate([{ name: 'commonName', value: 'entra-zendesk-test' }], { keySize: 2048, algorithm: 'sha256' });
    const certClient = new GraphClient({
      baseUrl: sandbox.graphBaseUrl,
      credential: createCredential({ kind: 'clientCertificate', tenantId: sandbox.tenantId, clientId: sandbox.clientId, certificate: `${pems.private}\n${pems.cert}`, authorityHost: sandbox.authorityHost, caCertificate: sandbox.ca }),
      ca: sandbox.ca,
    });
    try {
      assert.equal((await certClient.getAppRoles(SP_ID)).length, 3);
    } finally {
      certClient.close();
    }
  });

  it('finds the service principal by display name (0..n, quotes escaped) and by appId (alternate key)', async () => {
    assert.deepEqual((await client.findServicePrincipalsByName('Zendesk')).map((s) => s.id), [SP_ID]);
    assert.deepEqual(await client.findServicePrincipalsByName("O'Brien's app"), []);
    const byApp = await client.getServicePrincipalByAppId(APP_ID);
    assert.equal(byApp?.displayName, 'Zendesk');
    assert.equal(await client.getServicePrincipalByAppId('99999999-0000-4000-8000-000000000000'), undefined);
    await assert.rejects(client.getServicePrincipalByAppId('not-a-guid'), /appId must be a GUID/);
  });

  it('reads app roles and every assignment, including Default Access and group assignments', async () => {
    const roles = await client.getAppRoles(SP_ID);
    assert.deepEqual(roles.map((r) => r.displayName), ['msiam_access', 'Agent', 'End-user']);
    const assignments = await client.getAppRoleAssignments(SP_ID);
    assert.equal(assignments.length, 5);
    assert.ok(assignments.some((a) => a.appRoleId === DEFAULT_ACCESS && a.principalId === userId(2)));
    assert.ok(assignments.some((a) => a.principalType === 'Group' && a.principalId === groupId(1)));
  });

  it('lists users with $select of exactly the mapped attributes, 999 per page', async () => {
    events.length = 0;
    const users = [];
    for await (const user of client.listUsers({ select: ['userPrincipalName', 'department', EXTENSION] })) users.push(user);
    assert.equal(users.length, 1200);
    assert.deepEqual(Object.keys(users[1]!).sort(), ['department', 'id', 'userPrincipalName']);
    assert.equal(users[0]![EXTENSION], 'CC-100');
    assert.equal(events.filter((e) => e.path === '/users').length, 2);
  });

  it('falls back to an advanced query when Graph says Request_UnsupportedQuery', async () => {
    events.length = 0;
    const users = [];
    for await (const user of client.listUsers({ select: ['mail'], filter: "endswith(mail,'99@contoso.example')" })) users.push(user);
    assert.equal(users.length, 12);
    assert.deepEqual(events.map((e) => e.status), [400, 200]);
  });

  it('gets users by id through $batch (missing ids absent) and a user by UPN', async () => {
    const ids = Array.from({ length: 45 }, (_, i) => userId(i + 1)).concat(['00000000-0000-4000-a000-999999999999']);
    sandbox.resetRequestCounts();
    const users = await client.getUsersByIds(ids, ['mail']);
    assert.equal(users.size, 45);
    assert.equal(users.get(userId(45))!.mail, 'user45@contoso.example');
    assert.equal(sandbox.requestCounts().byRoute['POST /$batch'], 3);
    assert.equal((await client.getUser('user7@contoso.example', ['id']))?.id, userId(7));
    assert.equal(await client.getUser('ghost@contoso.example'), undefined);
  });

  it('lists direct and transitive members', async () => {
    const direct = [];
    for await (const member of client.listGroupMembers(groupId(1), { select: ['id'] })) direct.push(member);
    assert.equal(direct.length, 6);
    const transitive = [];
    for await (const member of client.listGroupMembers(groupId(1), { transitive: true, select: ['id'] })) transitive.push(member);
    assert.equal(transitive.length, 7);
  });

  it('expands members of many groups with $batch, following a large group onto further pages', async () => {
    const ids = [groupId(1), groupId(2), groupId(3), ...Array.from({ length: 25 }, (_, i) => groupId(i + 10))];
    sandbox.resetRequestCounts();
    const members = await client.expandGroupMembers(ids);
    assert.equal(members.get(groupId(10))!.length, 1001);
    assert.equal(members.get(groupId(1))!.length, 6);
    assert.equal(members.get(groupId(20))!.length, 3);
    // 28 groups → a batch of 20, then the other 8 together with the second page of the 1001-member group.
    assert.equal(sandbox.requestCounts().byRoute['POST /$batch'], 2);
  });

  it('retries 429 after Retry-After and succeeds', async () => {
    sandbox.faults.update({ seed: 7, rate429: 0.5, retryAfterSeconds: 0.01 });
    const before = client.stats.rateLimited;
    for (let i = 0; i < 6; i += 1) assert.equal((await client.getAppRoles(SP_ID)).length, 3);
    assert.ok(client.stats.rateLimited > before, 'some calls were throttled and retried');
  });

  it('batch sub-requests throttled with 429 are retried in a later batch, answers in request order', async () => {
    sandbox.faults.update({ seed: 3, rate429: 0.4, retryAfterSeconds: 0.01 });
    const requests = Array.from({ length: 30 }, (_, i) => ({ id: `r${i}`, method: 'GET' as const, url: `/users/${userId(i + 1)}?$select=id` }));
    const responses = await client.batchAll(requests);
    assert.deepEqual(responses.map((r) => r.id), requests.map((r) => r.id));
    assert.ok(responses.every((r) => r.status === 200));
  });

  it('fails with a typed GraphApiError: status, code, call, request id, no token in the message', async () => {
    const weak = new GraphClient({ baseUrl: sandbox.graphBaseUrl, credential: staticTokenCredential(sandbox.mintToken({ roles: ['Application.Read.All'] })), ca: sandbox.ca });
    try {
      const error = await weak.getUser(userId(1)).then(
        () => undefined,
        (e: unknown) => e,
      );
      assert.ok(error instanceof GraphApiError);
      assert.equal(error.status, 403);
      assert.equal(error.code, 'Authorization_RequestDenied');
      assert.equal(error.call, `GET /users/${userId(1)}`);
      assert.match(error.requestId!, /^[0-9a-f-]{36}$/);
      assert.match(error.message, /Grant the app the Graph permission/);
      assert.doesNotMatch(error.message, /eyJ/);
    } finally {
      weak.close();
    }
  });

  it('a wrong client secret fails sign-in with AADSTS7000215 and the secret never appears', async () => {
    const bad = new GraphClient({
      baseUrl: sandbox.graphBaseUrl,
      credential: createCredential({ kind: 'clientSecret', tenantId: sandbox.tenantId, clientId: sandbox.clientId, clientSecret: 'wrong-secret-value', authorityHost: sandbox.authorityHost, caCertificate: sandbox.ca }),
      ca: sandbox.ca,
    });
    try {
      await assert.rejects(bad.findServicePrincipalsByName('Zendesk'), (error: Error) => {
        assert.match(error.message, /AADSTS7000215/);
        assert.doesNotMatch(error.message, /wrong-secret-value/);
        return true;
      });
    } finally {
      bad.close();
    }
  });

  it('AbortSignal cancels a walk with an AbortError', async () => {
    sandbox.faults.update({ latencyMs: 200 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    await assert.rejects(
      (async () => {
        for await (const user of client.listUsers({ signal: controller.signal, top: 10 })) void user;
      })(),
      (error: Error) => error.name === 'AbortError',
    );
    sandbox.faults.update({ latencyMs: 0 });
  });

  it('the engine adapter reads many users by listing the tenant when that takes fewer calls than $batch, few by $batch', async () => {
    const adapter = new GraphEngineAdapter(client, { servicePrincipalId: SP_ID });
    const paths = (): string[] => events.filter((e) => !/token/.test(e.path)).map((e) => `${e.method} ${e.path.split('?')[0]}`);
    // 600 ids (30 batches) in a tenant of 1,200 users: one $count, then two list pages.
    const many = [...Array.from({ length: 599 }, (_, k) => userId(k + 1)), '00000000-0000-4000-a000-999999999999'];
    events.length = 0;
    const users = await adapter.getUsers(many, ['displayName', 'department']);
    assert.deepEqual(paths(), ['GET /users/$count', 'GET /users', 'GET /users']);
    assert.equal(users.length, 599, 'the missing id is left out');
    assert.ok(users.every((u) => 'department' in u && !('jobTitle' in u)), 'exactly the selected attributes');
    assert.deepEqual(new Set(users.map((u) => u.id)), new Set(many.slice(0, 599)));
    // 40 ids: two batches, no count.
    events.length = 0;
    const few = await adapter.getUsers(many.slice(0, 40), ['displayName']);
    assert.equal(few.length, 40);
    assert.deepEqual(paths(), ['POST /$batch', 'POST /$batch']);
  });
});
