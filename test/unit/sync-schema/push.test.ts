import assert from 'node:assert/strict';
import { defaultConfig, resolveConfig, type EntraZendeskConfig } from '../../../src/core/config';
import {
  configToSchema,
  credentialSecrets,
  CredentialInputError,
  DEFAULT_ZENDESK_CREDENTIAL_KEYS,
  diffSchemas,
  mergeSecrets,
  schemaToConfig,
  type SchemaObjectMapping,
} from '../../../src/core/sync-schema';
import { fixtureSchema, IDENTITY, reportAt } from './helpers';

/** The resolved configuration of an identity document plus an imported one (what a new imported file loads as). */
function resolveImported(config: EntraZendeskConfig, imported: object): EntraZendeskConfig {
  return resolveConfig({ entra: config.entra, zendesk: config.zendesk, ...imported });
}

describe('sync-schema: push (configToSchema)', () => {
  it('default configuration → schema → configuration gives the default back', () => {
    const config = defaultConfig(IDENTITY);
    const pushed = configToSchema(config);
    const { document, unsupported } = schemaToConfig(pushed.schema, pushed.secrets, pushed.jobSettings);
    assert.deepEqual(unsupported, []);
    assert.deepEqual(pushed.unsupported, []);
    assert.deepEqual(resolveImported(config, document), config);
  });

  it('the default configuration pushes the golden schema (also a template for the Graph sandbox\'s Zendesk job)', () => {
    assert.deepEqual(configToSchema(defaultConfig(IDENTITY)).schema, fixtureSchema('default-config-schema.json'));
  });

  it('writes the Graph shapes of §3.1/§8.7: flowTypes, matchingPriority, source trees, None as source null', () => {
    const config = defaultConfig(IDENTITY);
    const withExtras: EntraZendeskConfig = {
      ...config,
      userMapping: {
        ...config.userMapping,
        targetObjectActions: ['Update', 'Create'],
        scopingFilters: [{ name: 'Sales', clauses: [{ operatorName: 'EQUALS', sourceOperandName: 'department', targetOperand: { values: ['Sales'] } }] }],
        attributeMappings: [
          ...config.userMapping.attributeMappings,
          { type: 'None', target: 'notes', defaultValue: 'from Entra', apply: 'Always' },
          { type: 'Constant', source: 'Europe/Paris', target: 'time_zone', apply: 'OnCreateOnly' },
        ],
      },
      groupMapping: { ...config.groupMapping, enabled: false, targetObjectActions: [] },
    };
    const { schema } = configToSchema(withExtras);
    assert.equal(schema.synchronizationRules.length, 1);
    const [user, group] = schema.synchronizationRules[0]!.objectMappings as [SchemaObjectMapping, SchemaObjectMapping];
    assert.equal(user.flowTypes, 'Add, Update');
    assert.equal(user.sourceObjectName, 'User');
    assert.deepEqual(user.scope, { categoryFilterGroups: [], inputFilterGroups: [], groups: withExtras.userMapping.scopingFilters });
    const byTarget = new Map(user.attributeMappings.map((m) => [m.targetAttributeName, m]));
    assert.deepEqual(byTarget.get('email'), {
      source: { expression: '[userPrincipalName]', name: 'userPrincipalName', parameters: [], type: 'Attribute' },
      targetAttributeName: 'email', defaultValue: null, matchingPriority: 1, flowType: 'Always', flowBehavior: 'FlowWhenChanged', exportMissingReferences: false,
    });
    assert.deepEqual(byTarget.get('role')!.source, {
      expression: 'SingleAppRoleAssignment([appRoleAssignments])', name: 'SingleAppRoleAssignment', type: 'Function',
      parameters: [{ key: 'source', value: { expression: '[appRoleAssignments]', name: 'appRoleAssignments', parameters: [], type: 'Attribute' } }],
    });
    assert.equal(byTarget.get('role')!.defaultValue, 'end-user');
    assert.equal(byTarget.get('notes')!.source, null);
    assert.equal(byTarget.get('notes')!.defaultValue, 'from Entra');
    assert.deepEqual(byTarget.get('time_zone')!.source, { expression: '"Europe/Paris"', name: 'Europe/Paris', parameters: [], type: 'Constant' });
    assert.equal(byTarget.get('time_zone')!.flowType, 'ObjectAddOnly');
    assert.equal(group.enabled, false);
    assert.equal(group.flowTypes, 'None');
    assert.equal(group.scope, null);
  });

  it('returns the settings secrets and job settings, and only the NAMES of the credential keys', () => {
    const config: EntraZendeskConfig = {
      ...defaultConfig(IDENTITY),
      scope: 'allUsersAndGroups',
      deprovisioning: { action: 'suspend', skipOutOfScopeDeletions: true },
      accidentalDeletion: { enabled: false, threshold: 40 },
      notifications: { email: 'ops@contoso.com', notifyOnFailure: true },
    };
    const pushed = configToSchema(config, undefined, {
      credentialKeys: { adminEmail: 'AdminUser', apiToken: 'ApiToken', subdomain: 'Subdomain' },
      baseJobSettings: [{ name: 'Other', value: 'x' }, { name: 'QuarantineTooManyDeletesThreshold', value: '500' }],
    });
    assert.deepEqual(pushed.secrets, [
      { key: 'SyncNotificationSettings', value: '{"Enabled":true,"Recipients":"ops@contoso.com","DeleteThresholdEnabled":false,"DeleteThresholdValue":40}' },
      { key: 'SyncAll', value: 'true' },
      { key: 'SkipOutOfScopeDeletions', value: 'True' },
    ]);
    assert.deepEqual(pushed.credentialKeys, ['AdminUser', 'ApiToken', 'Subdomain']);
    assert.deepEqual(pushed.jobSettings, [{ name: 'Other', value: 'x' }, { name: 'QuarantineTooManyDeletesThreshold', value: '40' }]);
    assert.ok(!JSON.stringify(pushed).includes('admin@contoso.com'), 'no credential value in the result');
  });

  it('with the job\'s schema as base, keeps everything the configuration does not model', () => {
    const base = fixtureSchema();
    const imported = schemaToConfig(base);
    const config = resolveImported(defaultConfig(IDENTITY), imported.document);
    const pushed = configToSchema(config, base);
    // What import dropped as "keptInSchema" survives the push: the whole schema comes back unchanged, except the
    // duplicate mapping to "email" (the configuration holds one mapping per target) and the invalid scoping filter.
    const changes = diffSchemas(base, pushed.schema);
    assert.deepEqual(changes.map((c) => `${c.kind} ${c.path}`), [
      'removed /synchronizationRules/0/objectMappings/0/scope/groups/1',
      'removed /synchronizationRules/0/objectMappings/0/attributeMappings/12',
    ]);
    assert.deepEqual(pushed.schema.directories, base.directories);
    assert.equal(pushed.schema.version, base.version);
    const user = pushed.schema.synchronizationRules[0]!.objectMappings[0]!;
    assert.deepEqual(user.metadata, base.synchronizationRules[0]!.objectMappings[0]!.metadata);
    assert.deepEqual(user.scope!.inputFilterGroups, base.synchronizationRules[0]!.objectMappings[0]!.scope!.inputFilterGroups);
    const kept = (target: string) => user.attributeMappings.find((m) => m.targetAttributeName === target)!;
    assert.equal(kept('tags').flowType, 'MultiValueAddOnly');
    assert.equal(kept('phone').flowBehavior, 'FlowAlways');
    assert.equal(kept('locale').exportMissingReferences, true);
    assert.equal(kept('costCenter').source!.expression, '[extensionAttribute1]');
    assert.equal(reportAt(pushed.unsupported, '/userMapping/attributeMappings/9/apply').outcome, 'keptInSchema');
    assert.match(reportAt(pushed.unsupported, '/userMapping/attributeMappings').message, /"costCenter" is kept as it is/);
  });

  it('an explicit OnCreateOnly replaces an add-only flowType; a mapping the job lacks is added', () => {
    const base = fixtureSchema();
    const config = resolveImported(defaultConfig(IDENTITY), schemaToConfig(base).document);
    const tags = config.userMapping.attributeMappings.findIndex((m) => m.target === 'tags');
    const edited: EntraZendeskConfig = {
      ...config,
      userMapping: {
        ...config.userMapping,
        attributeMappings: config.userMapping.attributeMappings.map((m, i) => (i === tags ? { ...m, apply: 'OnCreateOnly' as const } : m)),
      },
    };
    const { schema } = configToSchema(edited, base);
    assert.equal(schema.synchronizationRules[0]!.objectMappings[0]!.attributeMappings.find((m) => m.targetAttributeName === 'tags')!.flowType, 'ObjectAddOnly');

    const withoutGroup = structuredClone(base) as unknown as { synchronizationRules: Array<{ objectMappings: unknown[] }> };
    withoutGroup.synchronizationRules[0]!.objectMappings.splice(1, 1);
    const added = configToSchema(defaultConfig(IDENTITY), withoutGroup as never).schema;
    const names = added.synchronizationRules[0]!.objectMappings.map((m) => m.sourceObjectName);
    assert.deepEqual(names, ['User', 'Contact', 'Group']);
    assert.equal(added.synchronizationRules[0]!.objectMappings[2]!.targetObjectName, 'Group');
  });

  it('reports the configuration settings the job cannot hold', () => {
    const config: EntraZendeskConfig = {
      ...defaultConfig(IDENTITY),
      excludeDefaultAccess: false,
      deprovisioning: { action: 'delete', skipOutOfScopeDeletions: false },
      roles: [{ appRole: 'Tier 2', customRoleId: 7 }],
    };
    const { unsupported } = configToSchema(config);
    assert.deepEqual(unsupported.map((r) => [r.path, r.outcome]), [
      ['/deprovisioning/action', 'notPushed'], ['/excludeDefaultAccess', 'notPushed'], ['/roles', 'notPushed'],
    ]);
  });
});

describe('sync-schema: credential secrets', () => {
  it('builds the credential secrets under the default (reference §4.2) or given key names', () => {
    const values = { adminEmail: 'admin@contoso.com', apiToken: 'tok-123', subdomain: 'contoso' };
    assert.deepEqual(credentialSecrets(DEFAULT_ZENDESK_CREDENTIAL_KEYS, values), [
      { key: 'UserName', value: 'admin@contoso.com' }, { key: 'SecretToken', value: 'tok-123' }, { key: 'Domain', value: 'contoso' },
    ]);
    assert.deepEqual(credentialSecrets({ adminEmail: 'A', apiToken: 'B', subdomain: 'C' }, values).map((s) => s.key), ['A', 'B', 'C']);
  });

  it('rejects what Test Connection would fail on, naming the field but never the token', () => {
    const token = 'very-secret-token-value';
    const attempt = (values: Partial<{ adminEmail: string; apiToken: string; subdomain: string }>) => () =>
      credentialSecrets(DEFAULT_ZENDESK_CREDENTIAL_KEYS, { adminEmail: 'admin@contoso.com', apiToken: token, subdomain: 'contoso', ...values });
    const check = (field: string, pattern: RegExp) => (error: unknown) => {
      assert.ok(error instanceof CredentialInputError);
      assert.equal(error.field, field);
      assert.match(error.message, pattern);
      assert.ok(!error.message.includes(token));
      return true;
    };
    assert.throws(attempt({ subdomain: 'https://contoso.zendesk.com' }), check('subdomain', /Domain: .*write "contoso"/));
    assert.throws(attempt({ adminEmail: 'admin' }), check('adminEmail', /not an e-mail address/));
    assert.throws(attempt({ apiToken: '  ' }), check('apiToken', /empty/));
    assert.throws(attempt({ apiToken: `${token} x` }), check('apiToken', /white space/));
    assert.throws(() => credentialSecrets({ adminEmail: 'K', apiToken: 'K', subdomain: 'D' }, { adminEmail: 'a@b.co', apiToken: 't', subdomain: 'x' }), /three different/);
  });

  it('mergeSecrets sends every key once, later values replacing earlier ones in place', () => {
    assert.deepEqual(mergeSecrets(
      [{ key: 'UserName', value: 'a' }, { key: 'SyncAll', value: 'false' }],
      [{ key: 'syncall', value: 'true' }, { key: 'Domain', value: 'd' }],
    ), [{ key: 'UserName', value: 'a' }, { key: 'syncall', value: 'true' }, { key: 'Domain', value: 'd' }]);
  });
});
