/** Which credentials the views ask for, how stored secrets reach the wiring, and that errors never show a secret. */
import './vscode-mock';
import * as assert from 'node:assert/strict';
import { loadConfig } from '../../../src/core/config';
import { isCancellation, UserCancelledError } from '../../../src/extension/errors';
import { maskSecrets } from '../../../src/extension/log';
import { missingCredentials, secretsEnvironment } from '../../../src/extension/services/connection';
import { statusBarText } from '../../../src/extension/status-bar';

const BASE = { entra: { tenantId: '11111111-1111-4111-8111-111111111111', servicePrincipalId: '22222222-2222-4222-8222-222222222222' }, zendesk: { subdomain: 'acme', adminEmail: 'admin@acme.example' } };
const config = (entraAuth: object, zendeskAuth: object) => loadConfig(JSON.stringify({ ...BASE, entra: { ...BASE.entra, auth: entraAuth }, zendesk: { ...BASE.zendesk, auth: zendeskAuth } }), 'test.json').config;

describe('extension connection helpers', () => {
  it('asks for Entra sign-in first, then for the Zendesk secret the auth mode needs', () => {
    const vscodeMode = config({ mode: 'vscode' }, { mode: 'oauth', clientId: 'ez' });
    assert.equal(missingCredentials(vscodeMode, {}, false), 'entra');
    assert.equal(missingCredentials(vscodeMode, {}, true), 'zendesk');
    assert.equal(missingCredentials(vscodeMode, { zendeskOAuthClientSecret: 'oauth-secret' }, true), null);
    assert.equal(missingCredentials(vscodeMode, { entraClientSecret: 'app-secret', zendeskOAuthClientSecret: 'oauth-secret' }, false), null, 'an app secret stands in for the VS Code session');
    const tokenMode = config({ mode: 'clientSecret', clientId: '33333333-3333-4333-8333-333333333333' }, { mode: 'apiToken' });
    assert.equal(missingCredentials(tokenMode, { zendeskOAuthClientSecret: 'oauth-secret' }, true), 'entra');
    assert.equal(missingCredentials(tokenMode, { entraClientSecret: 'app-secret', zendeskOAuthClientSecret: 'oauth-secret' }, false), 'zendesk', 'apiToken mode needs the token, not the OAuth secret');
    assert.equal(missingCredentials(tokenMode, { entraClientSecret: 'app-secret', zendeskApiToken: 'legacy-token' }, false), null);
  });

  it('hands stored secrets to the wiring under the names it reads, and nothing else', () => {
    assert.deepEqual(secretsEnvironment({ entraClientSecret: 'a-secret', zendeskApiToken: 'a-token' }), { AZURE_CLIENT_SECRET: 'a-secret', ZENDESK_API_TOKEN: 'a-token' });
    assert.deepEqual(secretsEnvironment({}), {});
  });

  it('masks secrets in any text', () => {
    assert.equal(maskSecrets('token abc123xyz failed for abc123xyz', ['abc123xyz']), 'token *** failed for ***');
    assert.equal(maskSecrets('short ab stays', ['ab']), 'short ab stays');
  });

  it('treats dismissed prompts and aborted requests as cancellation, other errors not', () => {
    assert.equal(isCancellation(new UserCancelledError('the pick')), true);
    assert.equal(isCancellation(Object.assign(new Error('aborted'), { name: 'AbortError' })), true);
    assert.equal(isCancellation(new Error('HTTP 401')), false);
  });

  it('labels the status bar with the state and "(sandbox)"', () => {
    assert.equal(statusBarText('ready', true), '$(plug) Zendesk: connected (sandbox)');
    assert.equal(statusBarText('noZendeskCredentials', false), '$(key) Zendesk: Zendesk credentials missing');
  });
});
