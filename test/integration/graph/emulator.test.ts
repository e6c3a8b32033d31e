import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { startGraphSandbox, type GraphSandbox } from '../../../src/sandbox/graph';
import { DEFAULT_ACCESS, EXTENSION, graphError, groupId, MSIAM_ACCESS, raw, smallSeed, SP_ID, APP_ID, userId } from './helpers';

describe('Graph sandbox: HTTP rules (graph-api.md)', function () {
  let sandbox: GraphSandbox;

  before(async () => {
    sandbox = await startGraphSandbox({ seed: smallSeed(250) });
  });
  after(async () => {
    await sandbox.close();
  });
  afterEach(() => {
    sandbox.faults.update({ rate429: 0, rate500: 0, rate503: 0, rateReset: 0, latencyMs: 0 });
  });

  describe('envelope and auth', () => {
    it('serves HTTPS with a CA file and echoes request-id/client-request-id with OData headers', async () => {
      assert.match(sandbox.url, /^https:\/\/127\.0\.0\.1:\d+$/);
      assert.equal(fs.readFileSync(sandbox.caCertPath, 'utf8'), sandbox.ca);
      const response = await raw(sandbox, 'GET', '/v1.0/users?$top=1', { headers: { 'client-request-id': 'abc-123' } });
      assert.equal(response.status, 200);
      assert.equal(response.headers['client-request-id'], 'abc-123');
      assert.match(response.headers['request-id']!, /^[0-9a-f-]{36}$/);
      assert.equal(response.headers['odata-version'], '4.0');
      assert.equal(response.headers['content-type'], 'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8');
      assert.equal(response.json['@odata.context'], `${sandbox.url}/v1.0/$metadata#users`);
    });

    it('401 InvalidAuthenticationToken "Access token is empty." without a bearer, with the innerError shape', async () => {
      const response = await raw(sandbox, 'GET', '/v1.0/users', { token: null, headers: { 'client-request-id': 'c1' } });
      assert.equal(response.status, 401);
      const error = graphError(response);
      assert.equal(error.code, 'InvalidAuthenticationToken');
      assert.equal(error.message, 'Access token is empty.');
      assert.match(error.innerError.date!, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/);
      assert.equal(error.innerError['client-request-id'], 'c1');
      assert.equal(error.innerError['request-id'], response.headers['request-id']);
    });

    it('401 for a tampered or expired token', async () => {
      const token = sandbox.mintToken();
      const tampered = await raw(sandbox, 'GET', '/v1.0/users', { token: `${token.slice(0, -2)}xx` });
      assert.equal(tampered.status, 401);
      const expired = await raw(sandbox, 'GET', '/v1.0/users', { token: sandbox.mintToken({ lifetimeSeconds: -10 }) });
      assert.equal(expired.status, 401);
      assert.equal(graphError(expired).message, 'Access token has expired or is not yet valid.');
    });

    it('403 Authorization_RequestDenied when the token lacks the permission (roles or scp)', async () => {
      const noUsers = sandbox.mintToken({ roles: ['Application.Read.All'] });
      const denied = await raw(sandbox, 'GET', '/v1.0/users', { token: noUsers });
      assert.equal(denied.status, 403);
      assert.equal(graphError(denied).code, 'Authorization_RequestDenied');
      assert.equal(graphError(denied).message, 'Insufficient privileges to complete the operation.');
      assert.equal((await raw(sandbox, 'GET', '/v1.0/servicePrincipals', { token: noUsers })).status, 200);
      const delegated = sandbox.mintToken({ scp: 'User.Read.All GroupMember.Read.All' });
      assert.equal((await raw(sandbox, 'GET', '/v1.0/users?$top=1', { token: delegated })).status, 200);
      assert.equal((await raw(sandbox, 'GET', '/v1.0/servicePrincipals', { token: delegated })).status, 403);
    });

    it('User.ReadBasic.All reads the basic profile only', async () => {
      const basic = sandbox.mintToken({ scp: 'User.ReadBasic.All' });
      assert.equal((await raw(sandbox, 'GET', '/v1.0/users?$select=id,displayName,mail', { token: basic })).status, 200);
      assert.equal((await raw(sandbox, 'GET', '/v1.0/users?$select=id,department', { token: basic })).status, 403);
    });

    it('unknown segment → 400 BadRequest "Resource not found for the segment"', async () => {
      const response = await raw(sandbox, 'GET', '/v1.0/widgets');
      assert.equal(response.status, 400);
      assert.equal(graphError(response).code, 'BadRequest');
      assert.equal(graphError(response).message, "Resource not found for the segment 'widgets'.");
    });
  });

  describe('identity side (token endpoint)', () => {
    const token = (form: Record<string, string>, tenant = sandbox.tenantId): ReturnType<typeof raw> =>
      raw(sandbox, 'POST', `/${tenant}/oauth2/v2.0/token`, {
        token: null,
        body: new URLSearchParams(form).toString(),
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      });

    it('serves OIDC metadata with the endpoints MSAL needs, on the same HTTPS origin', async () => {
      const metadata = await raw(sandbox, 'GET', `/${sandbox.tenantId}/v2.0/.well-known/openid-configuration`, { token: null });
      assert.equal(metadata.json.token_endpoint, `${sandbox.url}/${sandbox.tenantId}/oauth2/v2.0/token`);
      assert.equal(metadata.json.issuer, `${sandbox.url}/${sandbox.tenantId}/v2.0`);
      for (const key of ['authorization_endpoint', 'jwks_uri', 'end_session_endpoint', 'device_authorization_endpoint']) assert.equal(typeof metadata.json[key], 'string', key);
    });

    it('issues a client-credentials token (form or Basic auth) and refuses bad input with AADSTS errors', async () => {
      const good = { grant_type: 'client_credentials', client_id: sandbox.clientId, client_secret: sandbox.clientSecret, scope: 'https://graph.microsoft.com/.default' };
      const ok = await token(good);
      assert.equal(ok.status, 200);
      assert.equal(ok.json.token_type, 'Bearer');
      assert.equal(ok.json.expires_in, 3599);
      const basic = await raw(sandbox, 'POST', `/${sandbox.tenantId}/oauth2/v2.0/token`, {
        token: null,
        body: new URLSearchParams({ grant_type: 'client_credentials', scope: 'https://graph.microsoft.com/.default' }).toString(),
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Authorization: `Basic ${Buffer.from(`${sandbox.clientId}:${sandbox.clientSecret}`).toString('base64')}` },
      });
      assert.equal(basic.status, 200);
      const wrongSecret = await token({ ...good, client_secret: 'nope' });
      assert.equal(wrongSecret.status, 400);
      assert.equal(wrongSecret.json.error, 'invalid_client');
      assert.deepEqual(wrongSecret.json.error_codes, [7000215]);
      assert.match(String(wrongSecret.json.error_description), /^AADSTS7000215: Invalid client secret provided/);
      assert.equal((await token({ ...good, scope: 'User.Read.All' })).json.error, 'invalid_scope');
      assert.equal((await token({ ...good, grant_type: 'password' })).json.error, 'unsupported_grant_type');
      assert.equal((await token({ ...good, client_id: '99999999-0000-4000-8000-000000000000' })).json.error, 'unauthorized_client');
      const otherTenant = await token(good, '99999999-0000-4000-8000-000000000000');
      assert.match(String(otherTenant.json.error_description), /^AADSTS90002: Tenant/);
    });
  });

  describe('service principals and assignments', () => {
    it('$filter displayName eq returns 0..n, startswith works, appId eq works', async () => {
      const eq = await raw(sandbox, 'GET', `/v1.0/servicePrincipals?$filter=${encodeURIComponent("displayName eq 'Zendesk'")}&$select=id,appId,displayName`);
      assert.deepEqual((eq.json.value as Array<{ id: string }>).map((s) => s.id), [SP_ID]);
      assert.deepEqual(Object.keys((eq.json.value as object[])[0]!).sort(), ['appId', 'displayName', 'id']);
      const starts = await raw(sandbox, 'GET', `/v1.0/servicePrincipals?$filter=${encodeURIComponent("startswith(displayName,'zendesk')")}`);
      assert.equal((starts.json.value as unknown[]).length, 2);
      const byApp = await raw(sandbox, 'GET', `/v1.0/servicePrincipals?$filter=${encodeURIComponent(`appId eq '${APP_ID}'`)}`);
      assert.equal((byApp.json.value as unknown[]).length, 1);
    });

    it("alternate key (appId='…') returns the single entity; unknown → 404 Request_ResourceNotFound", async () => {
      const single = await raw(sandbox, 'GET', `/v1.0/servicePrincipals(appId='${APP_ID}')`);
      assert.equal(single.status, 200);
      assert.equal(single.json.id, SP_ID);
      assert.equal(single.json.value, undefined);
      const viaKey = await raw(sandbox, 'GET', `/v1.0/servicePrincipals(appId='${APP_ID}')/appRoleAssignedTo?$top=999`);
      assert.equal((viaKey.json.value as unknown[]).length, 5);
      const missing = await raw(sandbox, 'GET', "/v1.0/servicePrincipals(appId='99999999-0000-4000-8000-000000000000')");
      assert.equal(missing.status, 404);
      assert.equal(graphError(missing).code, 'Request_ResourceNotFound');
    });

    it('appRoles carry msiam_access with value null; Default Access is not listed', async () => {
      const sp = await raw(sandbox, 'GET', `/v1.0/servicePrincipals/${SP_ID}?$select=appRoles`);
      const roles = sp.json.appRoles as Array<{ id: string; value: string | null; displayName: string; origin: string; isEnabled: boolean }>;
      const msiam = roles.find((r) => r.displayName === 'msiam_access')!;
      assert.equal(msiam.id, MSIAM_ACCESS);
      assert.equal(msiam.value, null);
      assert.equal(msiam.isEnabled, true);
      assert.equal(roles.some((r) => r.id === DEFAULT_ACCESS), false);
    });

    it('appRoleAssignedTo pages with opaque ids, 7-digit timestamps and the all-zero Default Access id', async () => {
      const first = await raw(sandbox, 'GET', `/v1.0/servicePrincipals/${SP_ID}/appRoleAssignedTo?$top=2`);
      assert.equal(first.json['@odata.context'], `${sandbox.url}/v1.0/$metadata#servicePrincipals('${SP_ID}')/appRoleAssignedTo`);
      const items: Array<Record<string, string>> = [...(first.json.value as Array<Record<string, string>>)];
      let next = first.json['@odata.nextLink'] as string | undefined;
      assert.ok(next?.includes('$skiptoken='));
      while (next) {
        const page = await raw(sandbox, 'GET', next.slice(sandbox.url.length));
        items.push(...(page.json.value as Array<Record<string, string>>));
        next = page.json['@odata.nextLink'] as string | undefined;
      }
      assert.equal(items.length, 5);
      for (const item of items) {
        assert.doesNotMatch(item.id!, /^[0-9a-f]{8}-/);
        assert.match(item.createdDateTime!, /\.\d{7}Z$/);
        assert.equal(item.resourceDisplayName, 'Zendesk');
      }
      const defaultAccess = items.find((i) => i.principalId === userId(2))!;
      assert.equal(defaultAccess.appRoleId, DEFAULT_ACCESS);
      const group = items.find((i) => i.principalType === 'Group')!;
      assert.equal(group.principalDisplayName, 'Agents');
    });

    it('appRoleAssignedTo $filter principalId eq works; POST creates (201) and DELETE removes (204)', async () => {
      const filtered = await raw(sandbox, 'GET', `/v1.0/servicePrincipals/${SP_ID}/appRoleAssignedTo?$filter=${encodeURIComponent(`principalId eq ${userId(3)}`)}`);
      assert.equal((filtered.json.value as unknown[]).length, 2);
      const created = await raw(sandbox, 'POST', `/v1.0/servicePrincipals/${SP_ID}/appRoleAssignedTo`, { body: { principalId: userId(9), resourceId: SP_ID, appRoleId: DEFAULT_ACCESS } });
      assert.equal(created.status, 201);
      const removed = await raw(sandbox, 'DELETE', `/v1.0/servicePrincipals/${SP_ID}/appRoleAssignedTo/${String(created.json.id)}`);
      assert.equal(removed.status, 204);
      const writeDenied = await raw(sandbox, 'POST', `/v1.0/servicePrincipals/${SP_ID}/appRoleAssignedTo`, {
        token: sandbox.mintToken({ roles: ['Application.Read.All'] }),
        body: { principalId: userId(9), resourceId: SP_ID, appRoleId: DEFAULT_ACCESS },
      });
      assert.equal(writeDenied.status, 403);
    });
  });

  describe('users: properties, $select, $top, paging', () => {
    it('without $select returns exactly the 11 default properties', async () => {
      const response = await raw(sandbox, 'GET', '/v1.0/users?$top=1');
      const user = (response.json.value as Array<Record<string, unknown>>)[0]!;
      assert.deepEqual(Object.keys(user).sort(), [
        'businessPhones', 'displayName', 'givenName', 'id', 'jobTitle', 'mail', 'mobilePhone', 'officeLocation', 'preferredLanguage', 'surname', 'userPrincipalName',
      ]);
      assert.equal(user.mobilePhone, null);
    });

    it('$select returns exactly the named properties, including directory extensions', async () => {
      const response = await raw(sandbox, 'GET', `/v1.0/users/${userId(1)}?$select=id,department,accountEnabled,${EXTENSION}`);
      assert.deepEqual(response.json, {
        '@odata.context': `${sandbox.url}/v1.0/$metadata#users(id,department,accountEnabled,${EXTENSION})/$entity`,
        id: userId(1),
        department: 'Sales',
        accountEnabled: true,
        [EXTENSION]: 'CC-100',
      });
      const list = await raw(sandbox, 'GET', '/v1.0/users?$select=department&$top=1');
      assert.deepEqual(Object.keys((list.json.value as object[])[0]!), ['department']);
      assert.equal(list.json['@odata.context'], `${sandbox.url}/v1.0/$metadata#users(department)`);
    });

    it('unknown $select property → 400 Request_BadRequest; SharePoint property on the collection → 501', async () => {
      const unknown = await raw(sandbox, 'GET', '/v1.0/users?$select=favoriteColor');
      assert.equal(unknown.status, 400);
      assert.equal(graphError(unknown).message, "Could not find a property named 'favoriteColor' on type 'microsoft.graph.user'.");
      const skills = await raw(sandbox, 'GET', '/v1.0/users?$select=skills');
      assert.equal(skills.status, 501);
      assert.equal(graphError(skills).code, 'NotImplemented');
      assert.equal(graphError(skills).message, 'This operation target is not yet supported.');
    });

    it('$top outside 1..999 → 400 with the documented message', async () => {
      for (const top of ['1000', '0', 'abc']) {
        const response = await raw(sandbox, 'GET', `/v1.0/users?$top=${top}`);
        assert.equal(response.status, 400, top);
        assert.equal(graphError(response).message, `Invalid page size specified: '${top}'. Must be between 1 and 999 inclusive.`);
      }
    });

    it('default page size is 100 and nextLink keeps the query options', async () => {
      const first = await raw(sandbox, 'GET', '/v1.0/users?$select=id');
      assert.equal((first.json.value as unknown[]).length, 100);
      const next = first.json['@odata.nextLink'] as string;
      assert.ok(next.startsWith(`${sandbox.url}/v1.0/users?$select=id&$skiptoken=`), next);
      let count = 100;
      let link: string | undefined = next;
      while (link) {
        const page = await raw(sandbox, 'GET', link.slice(sandbox.url.length));
        count += (page.json.value as unknown[]).length;
        link = page.json['@odata.nextLink'] as string | undefined;
      }
      assert.equal(count, 250);
    });

    it('users by UPN and by key syntax; unknown → 404', async () => {
      assert.equal((await raw(sandbox, 'GET', '/v1.0/users/user5@contoso.example')).json.id, userId(5));
      assert.equal((await raw(sandbox, 'GET', "/v1.0/users('user5@contoso.example')")).json.id, userId(5));
      const missing = await raw(sandbox, 'GET', '/v1.0/users/nobody@contoso.example');
      assert.equal(missing.status, 404);
      assert.equal(graphError(missing).message, "Resource 'nobody@contoso.example' does not exist or one of its queried reference-property objects are not present.");
    });
  });

  describe('users: $filter and advanced queries', () => {
    const aq = { ConsistencyLevel: 'eventual' };
    const q = (filter: string): string => `/v1.0/users?$filter=${encodeURIComponent(filter)}`;

    it('eq, in, startsWith and lambdas work without advanced query', async () => {
      assert.equal(((await raw(sandbox, 'GET', q("mail eq 'USER7@contoso.example'"))).json.value as unknown[]).length, 1);
      assert.equal(((await raw(sandbox, 'GET', q("userPrincipalName in ('user1@contoso.example','user2@contoso.example')"))).json.value as unknown[]).length, 2);
      assert.equal(((await raw(sandbox, 'GET', `${q("startswith(displayName,'User 00')")}&$top=999`)).json.value as unknown[]).length, 9);
      assert.equal(((await raw(sandbox, 'GET', q("proxyAddresses/any(p:p eq 'SMTP:user3@contoso.example')"))).json.value as unknown[]).length, 1);
      assert.equal(((await raw(sandbox, 'GET', q("department eq 'Support' and accountEnabled eq true"))).json.value as unknown[]).length, 100);
    });

    it('endsWith without advanced query → 400 Request_UnsupportedQuery with the documented message', async () => {
      const response = await raw(sandbox, 'GET', q("endswith(mail,'@contoso.example')"));
      assert.equal(response.status, 400);
      assert.equal(graphError(response).code, 'Request_UnsupportedQuery');
      assert.equal(
        graphError(response).message,
        "Operator 'endsWith' is not supported because the required parameters might be missing. Try adding $count=true query parameter and ConsistencyLevel:eventual header. Refer to https://aka.ms/graph-docs/advanced-queries for more information",
      );
      const neOnly = await raw(sandbox, 'GET', q("department ne 'Sales'"), { headers: aq });
      assert.equal(neOnly.status, 400, 'ConsistencyLevel without $count=true is not an advanced query');
    });

    it('with ConsistencyLevel + $count=true: ne/endsWith work and @odata.count is on the first page only', async () => {
      const first = await raw(sandbox, 'GET', `${q("department ne 'Sales'")}&$count=true&$top=60`, { headers: aq });
      assert.equal(first.status, 200);
      assert.equal(first.json['@odata.count'], 125);
      const second = await raw(sandbox, 'GET', (first.json['@odata.nextLink'] as string).slice(sandbox.url.length), { headers: aq });
      assert.equal(second.json['@odata.count'], undefined);
      const ends = await raw(sandbox, 'GET', `${q("endswith(mail,'7@contoso.example')")}&$count=true&$top=999`, { headers: aq });
      assert.equal(ends.json['@odata.count'], 25);
    });

    it('?$count=true without the header is silently ignored; /users/$count without it → 400', async () => {
      const ignored = await raw(sandbox, 'GET', '/v1.0/users?$count=true&$top=1');
      assert.equal(ignored.status, 200);
      assert.equal(ignored.json['@odata.count'], undefined);
      const segment = await raw(sandbox, 'GET', '/v1.0/users/$count');
      assert.equal(segment.status, 400);
      assert.equal(graphError(segment).code, 'Request_BadRequest');
      assert.equal(graphError(segment).message, '$count is not currently supported.');
      const counted = await raw(sandbox, 'GET', '/v1.0/users/$count', { headers: aq });
      assert.equal(counted.text, '250');
      assert.match(counted.headers['content-type']!, /^text\/plain/);
    });

    it('AQ-only properties, unindexed properties, $search and $orderby rules', async () => {
      const mobile = await raw(sandbox, 'GET', q("mobilePhone eq '123'"));
      assert.equal(graphError(mobile).code, 'Request_UnsupportedQuery');
      const unindexed = await raw(sandbox, 'GET', q("createdDateTime eq '2024-01-01'"));
      assert.equal(graphError(unindexed).message, "Unsupported or invalid query filter clause specified for property 'createdDateTime' of resource 'User'.");
      const search = await raw(sandbox, 'GET', `/v1.0/users?$search=${encodeURIComponent('"displayName:User 01"')}`);
      assert.equal(
        graphError(search).message,
        "Request with $search query parameter only works through MSGraph with a special request header: 'ConsistencyLevel: eventual'",
      );
      const searched = await raw(sandbox, 'GET', `/v1.0/users?$search=${encodeURIComponent('"displayName:User 01"')}&$top=999`, { headers: aq });
      assert.equal((searched.json.value as unknown[]).length, 10);
      const ordered = await raw(sandbox, 'GET', '/v1.0/users?$orderby=displayName desc&$top=1');
      assert.equal((ordered.json.value as Array<{ displayName: string }>)[0]!.displayName, 'User 250');
      const orderedFiltered = await raw(sandbox, 'GET', `${q("department eq 'Sales'")}&$orderby=displayName`);
      assert.equal(graphError(orderedFiltered).code, 'Request_UnsupportedQuery');
      const syntax = await raw(sandbox, 'GET', q("mail eq 'unterminated"));
      assert.equal(syntax.status, 400);
      assert.match(graphError(syntax).message, /Unterminated string literal/);
    });
  });

  describe('groups and membership', () => {
    it('members: direct only, @odata.type on each item; transitiveMembers flattens nested groups', async () => {
      const direct = await raw(sandbox, 'GET', `/v1.0/groups/${groupId(1)}/members?$select=id`);
      const directItems = direct.json.value as Array<{ id: string; '@odata.type': string }>;
      assert.equal(directItems.length, 6);
      assert.equal(directItems.find((m) => m.id === groupId(2))!['@odata.type'], '#microsoft.graph.group');
      assert.equal(directItems.find((m) => m.id === userId(1))!['@odata.type'], '#microsoft.graph.user');
      assert.equal(direct.json['@odata.context'], `${sandbox.url}/v1.0/$metadata#directoryObjects`);
      const transitive = await raw(sandbox, 'GET', `/v1.0/groups/${groupId(1)}/transitiveMembers?$select=id`);
      const ids = (transitive.json.value as Array<{ id: string }>).map((m) => m.id);
      assert.ok(ids.includes(userId(6)) && ids.includes(groupId(2)));
      assert.equal(ids.length, 7);
    });

    it('casts need advanced query; cast collections omit @odata.type; /$count is text', async () => {
      const denied = await raw(sandbox, 'GET', `/v1.0/groups/${groupId(1)}/transitiveMembers/microsoft.graph.user`);
      assert.equal(graphError(denied).code, 'Request_UnsupportedQuery');
      const cast = await raw(sandbox, 'GET', `/v1.0/groups/${groupId(1)}/transitiveMembers/microsoft.graph.user?$count=true`, { headers: { ConsistencyLevel: 'eventual' } });
      assert.equal(cast.json['@odata.count'], 6);
      assert.equal((cast.json.value as Array<Record<string, unknown>>)[0]!['@odata.type'], undefined);
      assert.equal(cast.json['@odata.context'], `${sandbox.url}/v1.0/$metadata#users`);
      const m365 = await raw(sandbox, 'GET', `/v1.0/groups/${groupId(3)}/members/microsoft.graph.group?$count=true`, { headers: { ConsistencyLevel: 'eventual' } });
      assert.equal(graphError(m365).code, 'Request_UnsupportedQuery');
      const count = await raw(sandbox, 'GET', `/v1.0/groups/${groupId(1)}/members/$count`, { headers: { ConsistencyLevel: 'eventual' } });
      assert.equal(count.text, '6');
    });
  });

  describe('deleted items', () => {
    it('GET /directory/deletedItems/{id}: 200 with deletedDateTime while soft-deleted, 404 once hard-deleted or when never deleted', async () => {
      const id = userId(40);
      assert.equal((await raw(sandbox, 'GET', `/v1.0/directory/deletedItems/${id}`)).status, 404, 'a live user is not a deleted item');
      await raw(sandbox, 'POST', '/__sandbox/actions/soft-delete-user', { token: null, body: { id } });
      const deleted = await raw(sandbox, 'GET', `/v1.0/directory/deletedItems/${id}?$select=id,deletedDateTime`);
      assert.equal(deleted.status, 200);
      assert.equal(deleted.json.id, id);
      assert.match(String(deleted.json.deletedDateTime), /^\d{4}-\d{2}-\d{2}T/);
      assert.equal((await raw(sandbox, 'GET', `/v1.0/directory/deletedItems/${id}`)).json['@odata.type'], '#microsoft.graph.user');
      await raw(sandbox, 'POST', '/__sandbox/actions/hard-delete-user', { token: null, body: { id } });
      const gone = await raw(sandbox, 'GET', `/v1.0/directory/deletedItems/${id}`);
      assert.equal(gone.status, 404);
      assert.equal(graphError(gone).code, 'Request_ResourceNotFound');
      await raw(sandbox, 'POST', '/__sandbox/reset', { token: null });
    });
  });

  describe('$batch', () => {
    it('answers each sub-request with its own status, headers and body; 424 on a failed dependency', async () => {
      const response = await raw(sandbox, 'POST', '/v1.0/$batch', {
        body: {
          requests: [
            { id: '1', method: 'GET', url: `/users/${userId(1)}?$select=id,mail` },
            { id: '2', method: 'GET', url: '/users/missing@contoso.example' },
            { id: '3', method: 'GET', url: '/users?$select=id', dependsOn: ['2'] },
            { id: '4', method: 'GET', url: '/users/$count', headers: { ConsistencyLevel: 'eventual' } },
          ],
        },
      });
      assert.equal(response.status, 200);
      const byId = new Map((response.json.responses as Array<{ id: string; status: number; body: unknown; headers: Record<string, string> }>).map((r) => [r.id, r]));
      assert.equal(byId.get('1')!.status, 200);
      assert.deepEqual(Object.keys(byId.get('1')!.body as object).sort(), ['@odata.context', 'id', 'mail']);
      assert.equal(byId.get('2')!.status, 404);
      assert.equal(byId.get('3')!.status, 424);
      assert.equal(byId.get('4')!.body, '250');
      assert.equal(byId.get('1')!.headers['OData-Version'], '4.0');
    });

    it('more than 20 requests, duplicate ids or absolute urls → 400 for the whole batch', async () => {
      const many = Array.from({ length: 21 }, (_, i) => ({ id: String(i), method: 'GET', url: '/users?$top=1' }));
      assert.equal((await raw(sandbox, 'POST', '/v1.0/$batch', { body: { requests: many } })).status, 400);
      const dup = await raw(sandbox, 'POST', '/v1.0/$batch', { body: { requests: [{ id: 'a', method: 'GET', url: '/users' }, { id: 'A', method: 'GET', url: '/groups' }] } });
      assert.equal(dup.status, 400);
      assert.match(graphError(dup).message, /duplicate request id/);
      const absolute = await raw(sandbox, 'POST', '/v1.0/$batch', { body: { requests: [{ id: '1', method: 'GET', url: `${sandbox.url}/v1.0/users` }] } });
      assert.equal(absolute.status, 400);
    });
  });

  describe('throttling and faults', () => {
    it('injected 429 carries Retry-After, x-ms-throttle-* headers and Request_ThrottledTemporarily', async () => {
      sandbox.faults.update({ rate429: 1, retryAfterSeconds: 2 });
      const response = await raw(sandbox, 'GET', '/v1.0/users');
      assert.equal(response.status, 429);
      assert.equal(response.headers['retry-after'], '2');
      assert.equal(response.headers['x-ms-throttle-information'], 'ResourceUnitLimitExceeded');
      assert.match(response.headers['x-ms-throttle-scope']!, /^Tenant_Application\/ReadWrite\//);
      assert.equal(graphError(response).code, 'Request_ThrottledTemporarily');
      assert.equal(graphError(response).message, 'Your request is throttled temporarily. Please try after 2 seconds.');
    });

    it('x-ms-resource-unit follows the documented costs and modifiers', async () => {
      const cost = async (path: string): Promise<string | undefined> => (await raw(sandbox, 'GET', path)).headers['x-ms-resource-unit'];
      assert.equal(await cost('/v1.0/users'), '2');
      assert.equal(await cost('/v1.0/users?$select=id'), '1');
      assert.equal(await cost(`/v1.0/groups/${groupId(1)}/members`), '3');
      assert.equal(await cost(`/v1.0/groups/${groupId(1)}/transitiveMembers?$select=id`), '4');
      assert.equal(await cost(`/v1.0/servicePrincipals/${SP_ID}`), '1');
    });

    it('the resource-unit bucket answers 429 with Retry-After once the limit is spent, then recovers', async () => {
      sandbox.setThrottle(6);
      try {
        const statuses: number[] = [];
        let throttled: Awaited<ReturnType<typeof raw>> | undefined;
        for (let i = 0; i < 5; i += 1) {
          const response = await raw(sandbox, 'GET', `/v1.0/groups/${groupId(1)}/members`);
          statuses.push(response.status);
          if (response.status === 429) throttled ??= response;
        }
        assert.deepEqual(statuses.slice(0, 2), [200, 200]);
        assert.ok(throttled, statuses.join(','));
        assert.equal(graphError(throttled).code, 'Request_ThrottledTemporarily');
        assert.ok(Number(throttled.headers['retry-after']) >= 1);
        assert.equal(throttled.headers['x-ms-throttle-information'], 'ResourceUnitLimitExceeded');
      } finally {
        sandbox.setThrottle('auto');
      }
      assert.equal((await raw(sandbox, 'GET', '/v1.0/users?$top=1')).status, 200);
      assert.throws(() => sandbox.setThrottle(-1 as never), /throttle must be/);
    });

    it('faults are seeded: the same seed gives the same sequence', async () => {
      const run = async (): Promise<number[]> => {
        sandbox.faults.update({ seed: 42, rate429: 0.3, rate503: 0.2, retryAfterSeconds: 0 });
        const statuses: number[] = [];
        for (let i = 0; i < 12; i += 1) statuses.push((await raw(sandbox, 'GET', '/v1.0/users?$top=1')).status);
        return statuses;
      };
      const a = await run();
      const b = await run();
      assert.deepEqual(a, b);
      assert.ok(a.includes(429) && a.includes(200), a.join(','));
    });
  });

  describe('control API', () => {
    it('counts requests per route, loads seeds with precise errors, and resets', async () => {
      await raw(sandbox, 'DELETE', '/__sandbox/requests', { token: null });
      await raw(sandbox, 'GET', '/v1.0/users?$top=1');
      await raw(sandbox, 'GET', `/v1.0/groups/${groupId(1)}/members`);
      const counts = await raw(sandbox, 'GET', '/__sandbox/requests', { token: null });
      assert.equal(counts.json.total, 2);
      assert.deepEqual(counts.json.byRoute, { 'GET /users': 1, 'GET /groups/{id}/members': 1 });
      const bad = await raw(sandbox, 'POST', '/__sandbox/seed', { token: null, body: { users: [{ id: 'not-a-guid', userPrincipalName: 'x@y' }] } });
      assert.equal(bad.status, 400);
      assert.equal((bad.json.error as { message: string }).message, 'seed.users[0].id must be a GUID like "8e881353-1735-45af-af21-ee1344582a4d", got "not-a-guid".');
      const faults = await raw(sandbox, 'PUT', '/__sandbox/faults', { token: null, body: { rate429: 2 } });
      assert.equal(faults.status, 400);
      assert.match((faults.json.error as { message: string }).message, /rate429 must be a probability/);
      const action = await raw(sandbox, 'POST', '/__sandbox/actions/disable-user', { token: null, body: { id: userId(10) } });
      assert.equal(action.json.accountEnabled, false);
      const reset = await raw(sandbox, 'POST', '/__sandbox/reset', { token: null });
      assert.equal(reset.status, 200);
      assert.equal(sandbox.directory.findUser(userId(10))!.data.accountEnabled, true);
      const unknown = await raw(sandbox, 'POST', '/__sandbox/actions/explode', { token: null, body: {} });
      assert.equal(unknown.status, 404);
    });

    it('the app registration is always present, whatever the seed', async () => {
      const loaded = await raw(sandbox, 'POST', '/__sandbox/seed', { token: null, body: { users: [] } });
      assert.equal(loaded.status, 200);
      const sps = await raw(sandbox, 'GET', `/v1.0/servicePrincipals?$filter=${encodeURIComponent(`appId eq '${sandbox.clientId}'`)}`);
      assert.equal((sps.json.value as unknown[]).length, 1);
      await raw(sandbox, 'POST', '/__sandbox/reset', { token: null });
    });
  });
});
