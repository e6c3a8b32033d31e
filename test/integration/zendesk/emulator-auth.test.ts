import assert from 'node:assert/strict';
import { basic, call, firstUserWithRole, oauthToken, useSandbox } from './helpers';

describe('Zendesk sandbox: authentication (reference §2)', () => {
  const ctx = useSandbox({ seed: 'demo' });

  it('users/me without credentials answers 200 with the anonymous user', async () => {
    const response = await call(ctx.sandbox, 'GET', '/api/v2/users/me.json', { auth: null });
    assert.equal(response.status, 200);
    assert.equal(response.body.user.id, null);
    assert.equal(response.body.user.name, 'Anonymous user');
    assert.equal(typeof response.body.user.authenticity_token, 'string');
  });

  it('users/me with valid token credentials returns the admin with authenticity_token', async () => {
    const response = await call(ctx.sandbox, 'GET', '/api/v2/users/me');
    assert.equal(response.status, 200);
    assert.equal(response.body.user.email, ctx.sandbox.adminEmail);
    assert.equal(response.body.user.role, 'admin');
    assert.equal(response.body.user.role_type, 4);
    assert.ok(response.body.user.authenticity_token);
  });

  it('a wrong API token gets 401 "Couldn\'t authenticate you" with WWW-Authenticate, even on users/me (§14 default)', async () => {
    const response = await call(ctx.sandbox, 'GET', '/api/v2/users/me.json', { auth: basic(ctx.sandbox.adminEmail, 'wrong') });
    assert.equal(response.status, 401);
    assert.deepEqual(response.body, { error: "Couldn't authenticate you" });
    assert.equal(response.headers.get('www-authenticate'), 'Basic realm="Web Password"');
  });

  it('scenario legacy_anonymous_on_bad_token: a wrong token on users/me is 200 anonymous', async () => {
    ctx.sandbox.setAccount({ legacy_anonymous_on_bad_token: true });
    const response = await call(ctx.sandbox, 'GET', '/api/v2/users/me.json', { auth: basic(ctx.sandbox.adminEmail, 'wrong') });
    assert.equal(response.status, 200);
    assert.equal(response.body.user.id, null);
  });

  it('e-mail:password Basic (removed 2025-12-31) is anonymous: 200 on users/me, 401 elsewhere', async () => {
    const auth = `Basic ${Buffer.from(`${ctx.sandbox.adminEmail}:password`).toString('base64')}`;
    assert.equal((await call(ctx.sandbox, 'GET', '/api/v2/users/me.json', { auth })).body.user.id, null);
    const users = await call(ctx.sandbox, 'GET', '/api/v2/users.json', { auth });
    assert.equal(users.status, 401);
    assert.deepEqual(users.body, { error: "Couldn't authenticate you" });
  });

  it('no credentials on a resource endpoint → 401', async () => {
    const response = await call(ctx.sandbox, 'GET', '/api/v2/users.json', { auth: null });
    assert.equal(response.status, 401);
    assert.equal(response.headers.get('www-authenticate'), 'Basic realm="Web Password"');
  });

  it('token access switched off makes token requests anonymous (§2.3)', async () => {
    ctx.sandbox.setAccount({ api_token_access: false });
    assert.equal((await call(ctx.sandbox, 'GET', '/api/v2/users/me.json')).body.user.id, null);
    assert.equal((await call(ctx.sandbox, 'GET', '/api/v2/users.json')).status, 401);
  });

  it('scenario tokens_retired: every token request gets 401, users/me included', async () => {
    ctx.sandbox.setAccount({ tokens_retired: true });
    assert.equal((await call(ctx.sandbox, 'GET', '/api/v2/users/me.json')).status, 401);
  });

  it('OAuth client_credentials issues an expiring bearer token that works until it expires', async () => {
    const token = await oauthToken(ctx.sandbox);
    assert.equal(token.status, 200);
    assert.equal(token.body.token_type, 'bearer');
    assert.equal(token.body.scope, 'read write');
    assert.equal(token.body.expires_in, 1800);
    const auth = `Bearer ${token.body.access_token}`;
    const me = await call(ctx.sandbox, 'GET', '/api/v2/users/me.json', { auth });
    assert.equal(me.body.user.role, 'admin');
    await call(ctx.sandbox, 'POST', '/__sandbox/oauth/expire', { auth: null });
    const expired = await call(ctx.sandbox, 'GET', '/api/v2/users/me.json', { auth });
    assert.equal(expired.status, 401);
    assert.equal(expired.body.error, 'invalid_token');
    assert.equal(expired.body.error_description, 'The access token provided is expired, revoked, malformed or invalid for other reasons.');
    assert.match(expired.headers.get('www-authenticate') ?? '', /^Bearer realm="Zendesk::OAuth Bearer Token Authentication", error="invalid_token"/);
  });

  it('OAuth token endpoint accepts form-encoded bodies and HTTP Basic client authentication', async () => {
    const response = await fetch(`${ctx.sandbox.url}/oauth/tokens`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        Authorization: `Basic ${Buffer.from(`${ctx.sandbox.oauthClientId}:${ctx.sandbox.oauthClientSecret}`).toString('base64')}`,
      },
      body: 'grant_type=client_credentials&scope=read',
    });
    assert.equal(response.status, 200);
    assert.equal(((await response.json()) as { scope: string }).scope, 'read');
  });

  it('OAuth rejects a wrong secret (401 invalid_client), other grants (400) and expires_in out of 300..172800 (400)', async () => {
    assert.equal((await oauthToken(ctx.sandbox, { client_secret: 'nope' })).body.error, 'invalid_client');
    const grant = await oauthToken(ctx.sandbox, { grant_type: 'password' });
    assert.equal(grant.status, 400);
    assert.equal(grant.body.error, 'unsupported_grant_type');
    assert.equal((await oauthToken(ctx.sandbox, { expires_in: 300 })).status, 400);
    assert.equal((await oauthToken(ctx.sandbox, { expires_in: 172800 })).status, 400);
    assert.equal((await oauthToken(ctx.sandbox, { expires_in: 600 })).body.expires_in, 600);
  });

  it('a read-scoped token can read but gets the 403 envelope on writes', async () => {
    const auth = `Bearer ${(await oauthToken(ctx.sandbox, { scope: 'read' })).body.access_token}`;
    assert.equal((await call(ctx.sandbox, 'GET', '/api/v2/users.json', { auth })).status, 200);
    const write = await call(ctx.sandbox, 'POST', '/api/v2/groups.json', { auth, body: { group: { name: 'X' } } });
    assert.equal(write.status, 403);
    assert.equal(write.body.error.title, 'Forbidden');
  });

  it('an invalid scope still yields a token, and then every call answers 403 (§2.1)', async () => {
    const token = await oauthToken(ctx.sandbox, { scope: 'read bogus:scope' });
    assert.equal(token.status, 200);
    const response = await call(ctx.sandbox, 'GET', '/api/v2/users.json', { auth: `Bearer ${token.body.access_token}` });
    assert.equal(response.status, 403);
  });

  it('agents get the 403 object envelope on admin-only writes; end-users on everything but users/me', async () => {
    const agent = firstUserWithRole(ctx.sandbox, 'agent');
    const agentAuth = basic(agent.email!, ctx.sandbox.apiToken);
    assert.equal((await call(ctx.sandbox, 'GET', '/api/v2/users.json', { auth: agentAuth })).status, 200);
    const create = await call(ctx.sandbox, 'POST', '/api/v2/users.json', { auth: agentAuth, body: { user: { name: 'X' } } });
    assert.equal(create.status, 403);
    assert.deepEqual(create.body, {
      error: { title: 'Forbidden', message: 'You do not have access to this page. Please contact the account owner of this help desk for further help.' },
    });
    const endUser = firstUserWithRole(ctx.sandbox, 'end-user');
    const endAuth = basic(endUser.email!, ctx.sandbox.apiToken);
    assert.equal((await call(ctx.sandbox, 'GET', '/api/v2/users.json', { auth: endAuth })).status, 403);
    assert.equal((await call(ctx.sandbox, 'GET', '/api/v2/users/me.json', { auth: endAuth })).body.user.id, endUser.id);
  });

  it('agents may update end-users but not agents', async () => {
    const agent = firstUserWithRole(ctx.sandbox, 'agent');
    const otherAgent = [...ctx.sandbox.state.users.values()].find((s) => s.user.role === 'agent' && s.user.id !== agent.id)!.user;
    const endUser = firstUserWithRole(ctx.sandbox, 'end-user');
    const auth = basic(agent.email!, ctx.sandbox.apiToken);
    assert.equal((await call(ctx.sandbox, 'PUT', `/api/v2/users/${endUser.id}.json`, { auth, body: { user: { notes: 'x' } } })).status, 200);
    assert.equal((await call(ctx.sandbox, 'PUT', `/api/v2/users/${otherAgent.id}.json`, { auth, body: { user: { notes: 'x' } } })).status, 403);
  });
});
