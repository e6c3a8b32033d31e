import assert from 'node:assert/strict';
import {
  createConfigText,
  defaultConfig,
  DEFAULT_GROUP_ATTRIBUTE_MAPPINGS,
  DEFAULT_USER_ATTRIBUTE_MAPPINGS,
  loadConfig,
} from '../../../src/core/config';
import { parseExpression } from '../../../src/core/expressions/parser';
import { fixtureText } from './helpers';

describe('config defaults (reference §4.3)', () => {
  const identity = { tenantId: 'contoso.onmicrosoft.com', displayName: 'Zendesk', subdomain: 'contoso', adminEmail: 'admin@contoso.com' };

  it('a minimal file resolves to exactly defaultConfig()', () => {
    const { config, warnings } = loadConfig(fixtureText('minimal.json'), 'minimal.json');
    assert.deepEqual(config, defaultConfig(identity));
    assert.deepEqual(warnings, []);
  });

  it('default user mappings: email matched first, external_id second, then name, suspended, role, phone, locale', () => {
    const { config } = loadConfig(fixtureText('minimal.json'), 'minimal.json');
    const rows = config.userMapping.attributeMappings.map((m) => [m.type, m.source, m.target, m.matchingPrecedence, m.defaultValue, m.apply]);
    assert.deepEqual(rows, [
      ['Direct', 'userPrincipalName', 'email', 1, undefined, 'Always'],
      ['Direct', 'objectId', 'external_id', 2, undefined, 'Always'],
      ['Direct', 'displayName', 'name', undefined, undefined, 'Always'],
      ['Direct', 'IsSoftDeleted', 'suspended', undefined, 'False', 'Always'],
      ['Expression', 'SingleAppRoleAssignment([appRoleAssignments])', 'role', undefined, 'end-user', 'Always'],
      ['Direct', 'telephoneNumber', 'phone', undefined, undefined, 'Always'],
      ['Direct', 'preferredLanguage', 'locale', undefined, undefined, 'Always'],
    ]);
    assert.equal(config.userMapping.name, 'Synchronize Microsoft Entra users to Zendesk');
    assert.deepEqual(config.userMapping.targetObjectActions, ['Create', 'Update', 'Delete']);
    assert.deepEqual(config.userMapping.scopingFilters, []);
  });

  it('default group mapping: name matched, members', () => {
    const { config } = loadConfig(fixtureText('minimal.json'), 'minimal.json');
    assert.equal(config.groupMapping.name, 'Synchronize Microsoft Entra groups to Zendesk');
    assert.equal(config.groupMapping.enabled, true);
    assert.deepEqual(config.groupMapping.attributeMappings.map((m) => [m.source, m.target, m.matchingPrecedence]), [
      ['displayName', 'name', 1],
      ['members', 'members', undefined],
    ]);
  });

  it('default settings: assigned only, Default Access excluded, suspend, skip off, protection on at 500, oauth, vscode', () => {
    const c = defaultConfig(identity);
    assert.equal(c.scope, 'assignedOnly');
    assert.equal(c.excludeDefaultAccess, true);
    assert.equal(c.emulateSwitchNullQuirk, false);
    assert.deepEqual(c.deprovisioning, { action: 'suspend', skipOutOfScopeDeletions: false });
    assert.deepEqual(c.accidentalDeletion, { enabled: true, threshold: 500 });
    assert.deepEqual(c.notifications, { notifyOnFailure: false });
    assert.deepEqual(c.entra.auth, { mode: 'vscode' });
    assert.deepEqual(c.zendesk.auth, { mode: 'oauth' });
    assert.deepEqual(c.roles, [
      { appRole: 'End-user', zendeskRole: 'end-user' },
      { appRole: 'Agent', zendeskRole: 'agent' },
      { appRole: 'Administrator', zendeskRole: 'admin' },
    ]);
  });

  it('default endpoints: public cloud, and the Zendesk URL derived from the subdomain', () => {
    assert.deepEqual(defaultConfig(identity).endpoints, {
      graphBaseUrl: 'https://graph.microsoft.com',
      authorityHost: 'https://login.microsoftonline.com',
      zendeskBaseUrl: 'https://contoso.zendesk.com',
    });
  });

  it('endpoint overrides are resolved without a trailing slash', () => {
    const { config } = loadConfig(fixtureText('valid-full.jsonc'), 'valid-full.jsonc');
    assert.equal(config.endpoints.graphBaseUrl, 'https://127.0.0.1:8443');
    assert.equal(config.endpoints.zendeskBaseUrl, 'https://127.0.0.1:8444');
  });

  it('every default expression parses', () => {
    for (const m of [...DEFAULT_USER_ATTRIBUTE_MAPPINGS, ...DEFAULT_GROUP_ATTRIBUTE_MAPPINGS]) {
      if (m.type === 'Expression') assert.doesNotThrow(() => parseExpression(m.source!), m.source);
    }
  });

  it('a section sets only the keys it names; lists replace the default list', () => {
    const text = JSON.stringify({
      entra: { tenantId: 'contoso.onmicrosoft.com', appId: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee' },
      zendesk: { subdomain: 'contoso', adminEmail: 'admin@contoso.com' },
      deprovisioning: { skipOutOfScopeDeletions: true },
      groupMapping: { enabled: false },
      userMapping: { attributeMappings: [{ type: 'Direct', source: 'mail', target: 'email', matchingPrecedence: 1 }, { type: 'Direct', source: 'displayName', target: 'name' }] },
    });
    const { config } = loadConfig(text, 'partial.json');
    assert.deepEqual(config.deprovisioning, { action: 'suspend', skipOutOfScopeDeletions: true });
    assert.equal(config.groupMapping.enabled, false);
    assert.equal(config.groupMapping.attributeMappings.length, 2);
    assert.deepEqual(config.userMapping.attributeMappings, [
      { type: 'Direct', source: 'mail', target: 'email', matchingPrecedence: 1, apply: 'Always' },
      { type: 'Direct', source: 'displayName', target: 'name', apply: 'Always' },
    ]);
    assert.deepEqual(config.userMapping.targetObjectActions, ['Create', 'Update', 'Delete']);
  });

  it('createConfigText with includeDefaults writes out the same configuration the defaults give', () => {
    const text = createConfigText({ ...identity, includeDefaults: true });
    assert.deepEqual(loadConfig(text, 'new.json').config, defaultConfig(identity));
    assert.deepEqual(loadConfig(createConfigText(identity), 'new.json').config, defaultConfig(identity));
  });
});
