/**
 * The emulator against Microsoft's own clients: @azure/identity's ClientSecretCredential (MSAL underneath) signs in
 * over HTTPS, and @microsoft/microsoft-graph-client walks users with PageIterator and runs a delta round trip.
 * TLS trust is scoped: the credential gets an https.Agent with the sandbox CA, the Graph client a final middleware
 * that sends through an agent with that CA — nothing disables verification globally.
 */
import * as assert from 'node:assert/strict';
import * as https from 'node:https';
import { ClientSecretCredential } from '@azure/identity';
import { AuthenticationHandler, Client, PageIterator, RetryHandler, type Context, type Middleware } from '@microsoft/microsoft-graph-client';
import { TokenCredentialAuthenticationProvider } from '@microsoft/microsoft-graph-client/authProviders/azureTokenCredentials';
import { startGraphSandbox, type GraphSandbox } from '../../../src/sandbox/graph';
import { smallSeed, userId } from './helpers';

/** The Graph client's last middleware, sending with Node https and the sandbox CA instead of global fetch. */
class CaTrustingHttpMessageHandler implements Middleware {
  constructor(private readonly agent: https.Agent) {}

  async execute(context: Context): Promise<void> {
    const request = context.request;
    const url = typeof request === 'string' ? request : request.url;
    const init = context.options ?? {};
    const headers = new Headers(init.headers as Record<string, string> | undefined);
    const body = typeof init.body === 'string' ? init.body : undefined;
    context.response = await new Promise<Response>((resolve, reject) => {
      const outgoing = https.request(url, { method: init.method ?? 'GET', headers: Object.fromEntries(headers), agent: this.agent }, (incoming) => {
        const chunks: Buffer[] = [];
        incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
        incoming.on('end', () => {
          const responseHeaders = new Headers();
          for (const [k, v] of Object.entries(incoming.headers)) if (v !== undefined) responseHeaders.set(k, Array.isArray(v) ? v.join(', ') : v);
          const status = incoming.statusCode ?? 0;
          resolve(new Response(status === 204 ? null : Buffer.concat(chunks), { status, headers: responseHeaders }));
        });
      });
      outgoing.on('error', reject);
      if (body !== undefined) outgoing.write(body);
      outgoing.end();
    });
  }
}

describe('Real Microsoft clients against the Graph sandbox', function () {
  let sandbox: GraphSandbox;
  let agent: https.Agent;
  let credential: ClientSecretCredential;
  let graph: Client;

  before(async () => {
    sandbox = await startGraphSandbox({ seed: smallSeed(230), deltaPageSize: 100 });
    agent = new https.Agent({ ca: sandbox.ca, keepAlive: false });
    credential = new ClientSecretCredential(sandbox.tenantId, sandbox.clientId, sandbox.clientSecret, {
      authorityHost: sandbox.authorityHost,
      disableInstanceDiscovery: true,
      agent,
    });
    const authProvider = new TokenCredentialAuthenticationProvider(credential, { scopes: ['https://graph.microsoft.com/.default'] });
    const handlers: Middleware[] = [new AuthenticationHandler(authProvider), new RetryHandler(), new CaTrustingHttpMessageHandler(agent)];
    for (let i = 0; i < handlers.length - 1; i += 1) handlers[i]!.setNext?.(handlers[i + 1]!);
    graph = Client.initWithMiddleware({
      middleware: handlers[0],
      baseUrl: `${sandbox.url}/`,
      defaultVersion: 'v1.0',
      // The official client attaches the token only to Graph hosts and these (hostnames, no port).
      customHosts: new Set(['127.0.0.1']),
    });
  });
  after(async () => {
    agent.destroy();
    await sandbox.close();
  });

  it('@azure/identity ClientSecretCredential obtains a token from the sandbox over HTTPS', async () => {
    const token = await credential.getToken('https://graph.microsoft.com/.default');
    assert.ok(token);
    const claims = JSON.parse(Buffer.from(token.token.split('.')[1]!, 'base64url').toString('utf8')) as { aud: string; tid: string; roles: string[] };
    assert.equal(claims.aud, 'https://graph.microsoft.com');
    assert.equal(claims.tid, sandbox.tenantId);
    assert.ok(claims.roles.includes('User.Read.All'));
    assert.ok(token.expiresOnTimestamp > Date.now() + 3000_000);
  });

  it('ClientSecretCredential with a wrong secret fails with the AADSTS error', async () => {
    const wrong = new ClientSecretCredential(sandbox.tenantId, sandbox.clientId, 'not-the-secret', { authorityHost: sandbox.authorityHost, disableInstanceDiscovery: true, agent });
    await assert.rejects(wrong.getToken('https://graph.microsoft.com/.default'), /AADSTS7000215/);
  });

  it('microsoft-graph-client walks every user with PageIterator', async () => {
    const first = await graph.api('/users').select('id,displayName').top(50).get();
    const seen: string[] = [];
    const iterator = new PageIterator(graph, first, (user: { id: string }) => {
      seen.push(user.id);
      return true;
    });
    await iterator.iterate();
    assert.equal(seen.length, 230);
    assert.equal(new Set(seen).size, 230);
  });

  it('microsoft-graph-client runs a delta round trip', async () => {
    const first = await graph.api('/users/delta').select('displayName,mail').get();
    let count = 0;
    const initial = new PageIterator(graph, first, () => {
      count += 1;
      return true;
    });
    await initial.iterate();
    assert.equal(count, 230);
    const deltaLink = initial.getDeltaLink() ?? '';
    assert.ok(deltaLink.includes('$deltatoken='), deltaLink);

    sandbox.directory.updateUser(userId(5), { displayName: 'Changed Five' });
    sandbox.directory.softDeleteUser(userId(6));
    const changes = await graph.api(deltaLink).get();
    assert.deepEqual(changes.value, [
      { id: userId(5), displayName: 'Changed Five', mail: 'user5@contoso.example' },
      { id: userId(6), '@removed': { reason: 'changed' } },
    ]);
    assert.ok(String(changes['@odata.deltaLink']).includes('$deltatoken='));
  });

  it('microsoft-graph-client surfaces Graph errors with their code', async () => {
    await assert.rejects(graph.api('/users/nobody@contoso.example').get(), (error: { statusCode: number; code: string }) => {
      assert.equal(error.statusCode, 404);
      assert.equal(error.code, 'Request_ResourceNotFound');
      return true;
    });
  });
});
