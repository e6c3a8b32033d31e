import * as assert from 'node:assert/strict';
import { createCredential, CredentialConfigError, NotSignedInError, staticTokenCredential, VsCodeSessionCredential, type VsCodeSessionOptions } from '../../../src/auth';
import { credentialAuthHook } from '../../../src/clients/graph';

const CLIENT = '5c0a3e7e-9d2f-4c1b-8f6a-2a1d3c4b5e6f';

describe('auth/credentials', () => {
  it('rejects unusable configurations with the field and the fix', () => {
    assert.throws(() => createCredential({ kind: 'clientSecret', tenantId: 't', clientId: 'abc', clientSecret: 's' }), (e: Error) => e instanceof CredentialConfigError && /clientId must be a GUID/.test(e.message));
    assert.throws(() => createCredential({ kind: 'clientSecret', tenantId: 't', clientId: CLIENT, clientSecret: '' }), /secret \*value\*/);
    assert.throws(() => createCredential({ kind: 'clientSecret', tenantId: 't', clientId: CLIENT, clientSecret: 's', authorityHost: 'http://127.0.0.1:1' }), /must use https/);
    assert.throws(() => createCredential({ kind: 'clientCertificate', tenantId: 't', clientId: CLIENT }), /certificatePath/);
    assert.throws(() => createCredential({ kind: 'deviceCode', tenantId: 't', clientId: 'nope' }), /public-client app registration/);
  });

  it('builds each supported credential kind', () => {
    for (const credential of [
      createCredential({ kind: 'clientSecret', tenantId: 't', clientId: CLIENT, clientSecret: 's', authorityHost: 'https://127.0.0.1:9', caCertificate: 'PEM' }),
      createCredential({ kind: 'deviceCode', tenantId: 't', clientId: CLIENT }),
      createCredential({ kind: 'azureCli' }),
    ]) {
      assert.equal(typeof credential.getToken, 'function');
    }
  });
});

describe('auth/VsCodeSessionCredential', () => {
  const calls: Array<{ scopes: readonly string[]; options: VsCodeSessionOptions }> = [];
  let session: { accessToken: string; account: { id: string; label: string }; scopes: string[] } | undefined;
  const getSession = async (scopes: readonly string[], options: VsCodeSessionOptions) => {
    calls.push({ scopes, options });
    if (options.createIfNone) session = { accessToken: 'tok-1', account: { id: 'a', label: 'admin@contoso.example' }, scopes: [...scopes] };
    return session;
  };

  beforeEach(() => {
    calls.length = 0;
    session = undefined;
  });

  it('asks silently and throws NotSignedInError without a session', async () => {
    const credential = new VsCodeSessionCredential(getSession, { clientId: CLIENT, operations: ['readUsers'] });
    await assert.rejects(credential.getToken('https://graph.microsoft.com/.default'), NotSignedInError);
    assert.deepEqual(calls[0]!.options, { silent: true });
    assert.deepEqual(calls[0]!.scopes, [`VSCODE_CLIENT_ID:${CLIENT}`, 'VSCODE_TENANT:organizations', 'https://graph.microsoft.com/User.Read.All']);
  });

  it('signIn creates the session; getToken then returns it with a 5-minute reported expiry, asking VS Code each time', async () => {
    const credential = new VsCodeSessionCredential(getSession, { clientId: CLIENT });
    assert.equal(await credential.signIn(), 'admin@contoso.example');
    assert.deepEqual(calls[0]!.options, { createIfNone: true });
    const token = await credential.getToken([]);
    assert.equal(token.token, 'tok-1');
    assert.ok(Math.abs(token.expiresOnTimestamp - (Date.now() + 5 * 60_000)) < 2000);
    await credential.getToken([]);
    assert.equal(calls.length, 3);
  });
});

describe('clients/graph credentialAuthHook', () => {
  it('caches the token until near expiry, shares one fetch, and refreshes after a 401', async () => {
    let fetched = 0;
    const credential = {
      getToken: async () => {
        fetched += 1;
        return { token: `t${fetched}`, expiresOnTimestamp: Date.now() + 3600_000 };
      },
    };
    const hook = credentialAuthHook(credential);
    const [a, b] = await Promise.all([hook.headers(), hook.headers()]);
    assert.deepEqual(a, { Authorization: 'Bearer t1' });
    assert.deepEqual(b, { Authorization: 'Bearer t1' });
    assert.equal(fetched, 1);
    assert.equal(await hook.refresh!(), true);
    assert.deepEqual(await hook.headers(), { Authorization: 'Bearer t2' });
  });

  it('fetches again when the cached token is within 5 minutes of expiry', async () => {
    let fetched = 0;
    const hook = credentialAuthHook({ getToken: async () => ({ token: `t${++fetched}`, expiresOnTimestamp: Date.now() + 60_000 }) });
    await hook.headers();
    await hook.headers();
    assert.equal(fetched, 2);
    assert.deepEqual(await credentialAuthHook(staticTokenCredential('x')).headers(), { Authorization: 'Bearer x' });
  });
});
