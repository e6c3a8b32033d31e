import * as assert from 'node:assert/strict';
import { createCredential, delegatedScopes } from '../../../src/auth';
import { GraphApiError, GraphClient } from '../../../src/clients/graph';
import { startGraphSandbox, type GraphSandbox } from '../../../src/sandbox/graph';
import { raw, smallSeed, userId } from './helpers';

describe('Graph sandbox: delegated sign-in (device code)', function () {
  let sandbox: GraphSandbox;

  before(async () => {
    sandbox = await startGraphSandbox({ seed: smallSeed(20) });
  });
  after(async () => {
    await sandbox.close();
  });

  it('DeviceCodeCredential signs in; the token carries exactly the requested delegated scopes, which the emulator enforces', async () => {
    const prompts: string[] = [];
    const credential = createCredential({
      kind: 'deviceCode',
      tenantId: sandbox.tenantId,
      clientId: sandbox.clientId,
      authorityHost: sandbox.authorityHost,
      caCertificate: sandbox.ca,
      onPrompt: (info) => prompts.push(info.userCode),
    });
    const scopes = delegatedScopes(['readUsers']);
    const client = new GraphClient({ baseUrl: sandbox.graphBaseUrl, credential, scopes, ca: sandbox.ca });
    try {
      const users = [];
      for await (const user of client.listUsers({ select: ['mail'] })) users.push(user);
      assert.equal(users.length, 20);
      assert.equal(prompts.length, 1);
      const token = await credential.getToken(scopes);
      const claims = JSON.parse(Buffer.from(token!.token.split('.')[1]!, 'base64url').toString('utf8')) as { scp: string; oid: string; roles?: unknown };
      assert.equal(claims.scp, 'User.Read.All');
      assert.equal(claims.roles, undefined);
      assert.equal(claims.oid, userId(1), 'the signed-in admin is the first seeded user');
      await assert.rejects(client.findServicePrincipalsByName('Zendesk'), (error: unknown) => error instanceof GraphApiError && error.status === 403);
    } finally {
      client.close();
    }
  });

  it('device code for another client id, or with .default, is refused with AADSTS errors', async () => {
    const form = (body: Record<string, string>): Promise<Awaited<ReturnType<typeof raw>>> =>
      raw(sandbox, 'POST', `/${sandbox.tenantId}/oauth2/v2.0/devicecode`, {
        token: null,
        body: new URLSearchParams(body).toString(),
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      });
    const unknown = await form({ client_id: '99999999-0000-4000-8000-000000000000', scope: 'User.Read.All' });
    assert.equal(unknown.status, 400);
    assert.equal(unknown.json.error, 'unauthorized_client');
    const dotDefault = await form({ client_id: sandbox.clientId, scope: 'https://graph.microsoft.com/.default' });
    assert.equal(dotDefault.json.error, 'invalid_scope');
    const expired = await raw(sandbox, 'POST', `/${sandbox.tenantId}/oauth2/v2.0/token`, {
      token: null,
      body: new URLSearchParams({ grant_type: 'device_code', client_id: sandbox.clientId, device_code: 'nope' }).toString(),
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    });
    assert.equal(expired.json.error, 'expired_token');
  });
});
