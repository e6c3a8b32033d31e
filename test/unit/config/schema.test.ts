import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import {
  CONFIG_SCHEMA,
  defaultConfig,
  loadConfig,
  type AccidentalDeletionSettings,
  type AttributeMapping,
  type DeprovisioningSettings,
  type EndpointSettings,
  type EntraSettings,
  type EntraZendeskConfig,
  type NotificationSettings,
  type ObjectMapping,
  type RoleTranslation,
  type ZendeskSettings,
} from '../../../src/core/config';
import { findUnknownKeys, resolveSchema, type SchemaNode } from '../../../src/core/config/schema';
import { fixtureText } from './helpers';

/**
 * The TypeScript types and the JSON Schema describe the same keys. Each record below must list every key of its type
 * (the compiler enforces that), and the test compares it with the schema's properties — so adding a key to one side
 * only fails either the build or this test.
 */
const ROOT_KEYS: Record<keyof EntraZendeskConfig, true> = {
  entra: true, zendesk: true, scope: true, excludeDefaultAccess: true, emulateSwitchNullQuirk: true, userMapping: true,
  groupMapping: true, roles: true, deprovisioning: true, accidentalDeletion: true, notifications: true, endpoints: true,
};
const SECTION_KEYS: Array<[string, Record<string, true>]> = [
  ['entra', { tenantId: true, servicePrincipalId: true, appId: true, displayName: true, auth: true } satisfies Record<keyof EntraSettings, true>],
  ['zendesk', { subdomain: true, adminEmail: true, auth: true } satisfies Record<keyof ZendeskSettings, true>],
  ['deprovisioning', { action: true, skipOutOfScopeDeletions: true } satisfies Record<keyof DeprovisioningSettings, true>],
  ['accidentalDeletion', { enabled: true, threshold: true } satisfies Record<keyof AccidentalDeletionSettings, true>],
  ['notifications', { email: true, notifyOnFailure: true } satisfies Record<keyof NotificationSettings, true>],
  ['endpoints', { graphBaseUrl: true, authorityHost: true, zendeskBaseUrl: true } satisfies Record<keyof EndpointSettings, true>],
  ['userMapping', { name: true, enabled: true, targetObjectActions: true, scopingFilters: true, attributeMappings: true } satisfies Record<keyof ObjectMapping, true>],
];
const MAPPING_KEYS: Record<keyof AttributeMapping, true> = { type: true, source: true, target: true, defaultValue: true, matchingPrecedence: true, apply: true };
const ROLE_KEYS: Record<keyof RoleTranslation, true> = { appRole: true, zendeskRole: true, customRoleId: true, customRoleName: true };

const propertiesOf = (node: SchemaNode | undefined): string[] => Object.keys(resolveSchema(node)?.properties ?? {}).sort();

describe('config JSON Schema', () => {
  it('schemas/entra-zendesk.schema.json is the schema the code validates with (one source of truth)', () => {
    const onDisk: unknown = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'schemas', 'entra-zendesk.schema.json'), 'utf8'));
    assert.deepEqual(CONFIG_SCHEMA, onDisk);
  });

  it('compiles as a draft-07 schema with a plain ajv (as VS Code reads it: only annotation keywords added)', () => {
    const ajv = new Ajv({ strict: false });
    assert.equal(typeof ajv.compile(CONFIG_SCHEMA as object), 'function');
    assert.equal((CONFIG_SCHEMA as { $schema?: string }).$schema, 'http://json-schema.org/draft-07/schema#');
  });

  it('the root keys of the type and the schema agree', () => {
    assert.deepEqual(propertiesOf(CONFIG_SCHEMA), ['$schema', ...Object.keys(ROOT_KEYS)].sort());
  });

  for (const [section, keys] of SECTION_KEYS) {
    it(`the keys of "${section}" agree between the type and the schema`, () => {
      assert.deepEqual(propertiesOf(CONFIG_SCHEMA.properties?.[section]), Object.keys(keys).sort());
    });
  }

  it('attribute mapping and role translation keys agree between the types and the schema', () => {
    assert.deepEqual(propertiesOf(CONFIG_SCHEMA.definitions?.attributeMapping), Object.keys(MAPPING_KEYS).sort());
    assert.deepEqual(propertiesOf(CONFIG_SCHEMA.definitions?.roleTranslation), Object.keys(ROLE_KEYS).sort());
  });

  it('a resolved configuration is itself a valid file with no unknown keys', () => {
    for (const config of [defaultConfig({ tenantId: 'contoso.onmicrosoft.com', appId: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee', subdomain: 'contoso', adminEmail: 'a@contoso.com' }),
      loadConfig(fixtureText('valid-full.jsonc'), 'full').config]) {
      assert.deepEqual(findUnknownKeys(config), []);
      const reloaded = loadConfig(JSON.stringify(config), 'resolved.json');
      assert.deepEqual(reloaded.config, config);
    }
  });

  it('the schema\'s "default" annotations equal the code defaults', () => {
    const c = defaultConfig({ tenantId: 'contoso.onmicrosoft.com', displayName: 'Zendesk', subdomain: 'contoso', adminEmail: 'a@contoso.com' });
    const p = CONFIG_SCHEMA.properties!;
    const d = CONFIG_SCHEMA.definitions!;
    const pairs: Array<[unknown, unknown]> = [
      [p.scope!.default, c.scope],
      [p.excludeDefaultAccess!.default, c.excludeDefaultAccess],
      [p.emulateSwitchNullQuirk!.default, c.emulateSwitchNullQuirk],
      [p.entra!.properties!.auth!.properties!.mode!.default, c.entra.auth.mode],
      [p.zendesk!.properties!.auth!.properties!.mode!.default, c.zendesk.auth.mode],
      [p.deprovisioning!.properties!.action!.default, c.deprovisioning.action],
      [p.deprovisioning!.properties!.skipOutOfScopeDeletions!.default, c.deprovisioning.skipOutOfScopeDeletions],
      [p.accidentalDeletion!.properties!.enabled!.default, c.accidentalDeletion.enabled],
      [p.accidentalDeletion!.properties!.threshold!.default, c.accidentalDeletion.threshold],
      [p.notifications!.properties!.notifyOnFailure!.default, c.notifications.notifyOnFailure],
      [p.endpoints!.properties!.graphBaseUrl!.default, c.endpoints.graphBaseUrl],
      [p.endpoints!.properties!.authorityHost!.default, c.endpoints.authorityHost],
      [d.objectMapping!.properties!.enabled!.default, c.userMapping.enabled],
      [d.objectMapping!.properties!.targetObjectActions!.default, c.userMapping.targetObjectActions],
      [d.attributeMapping!.properties!.apply!.default, 'Always'],
    ];
    for (const [inSchema, inCode] of pairs) assert.deepEqual(inSchema, inCode);
  });
});
