import assert from 'node:assert/strict';
import { defaultConfig, enterpriseAppSelector, loadConfig, matchingMappings } from '../../../src/core/config';
import { fixtureText } from './helpers';

describe('config selectors', () => {
  const identity = { tenantId: 'contoso.onmicrosoft.com', subdomain: 'contoso', adminEmail: 'a@contoso.com' };

  it('the enterprise app is found by servicePrincipalId, then appId, then displayName', () => {
    const all = defaultConfig({ ...identity, servicePrincipalId: 'sp', appId: 'app', displayName: 'Zendesk' });
    assert.deepEqual(enterpriseAppSelector(all.entra), { by: 'servicePrincipalId', value: 'sp' });
    assert.deepEqual(enterpriseAppSelector(defaultConfig({ ...identity, appId: 'app', displayName: 'Zendesk' }).entra), { by: 'appId', value: 'app' });
    assert.deepEqual(enterpriseAppSelector(defaultConfig({ ...identity, displayName: 'Zendesk' }).entra), { by: 'displayName', value: 'Zendesk' });
    assert.throws(() => enterpriseAppSelector(defaultConfig(identity).entra), /servicePrincipalId, appId or displayName/);
  });

  it('matching attributes come in precedence order', () => {
    const text = fixtureText('valid-full.jsonc').replace('"matchingPrecedence": 1 }', '"matchingPrecedence": 3 }');
    const { config } = loadConfig(text, 'full');
    assert.deepEqual(matchingMappings(config.userMapping).map((m) => m.target), ['external_id', 'email']);
    assert.deepEqual(matchingMappings(config.groupMapping).map((m) => m.target), ['name']);
  });
});
