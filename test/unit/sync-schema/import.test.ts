import assert from 'node:assert/strict';
import { loadConfig } from '../../../src/core/config';
import {
  configToSchema,
  importedConfigText,
  schemaToConfig,
  type SynchronizationSchema,
  type SynchronizationSecret,
} from '../../../src/core/sync-schema';
import { fixtureSchema, IDENTITY, reportAt } from './helpers';

const U = '/synchronizationRules/0/objectMappings/0';

describe('sync-schema: import a portal-configured job (schemaToConfig)', () => {
  it('translates everything both can express from a §8.7-shaped schema', () => {
    const { document } = schemaToConfig(fixtureSchema());
    const user = document.userMapping!;
    assert.equal(user.name, 'Synchronize Microsoft Entra users to Zendesk');
    assert.equal(user.enabled, true);
    assert.deepEqual(user.targetObjectActions, ['Create', 'Update', 'Delete']);
    assert.deepEqual(user.scopingFilters, [
      { name: 'Sales only', clauses: [
        { operatorName: 'EQUALS', sourceOperandName: 'department', targetOperand: { values: ['Sales'] } },
        { operatorName: 'IS NOT NULL', sourceOperandName: 'jobTitle', targetOperand: { values: [] } }] },
      { name: 'Contoso domain', clauses: [
        { operatorName: 'REGEX MATCH', sourceOperandName: 'userPrincipalName', targetOperand: { values: ['.*@contoso\\.com$'] } }] },
    ]);
    assert.deepEqual(user.attributeMappings, [
      { type: 'Direct', source: 'userPrincipalName', target: 'email', matchingPrecedence: 1, apply: 'Always' },
      { type: 'Direct', source: 'objectId', target: 'external_id', matchingPrecedence: 2, apply: 'Always' },
      { type: 'Expression', source: 'Join(" ", [givenName], [surname])', target: 'name', apply: 'Always' },
      { type: 'Direct', source: 'IsSoftDeleted', target: 'suspended', defaultValue: 'False', apply: 'Always' },
      { type: 'Expression', source: 'SingleAppRoleAssignment([appRoleAssignments])', target: 'role', defaultValue: 'end-user', apply: 'OnCreateOnly' },
      { type: 'Expression', source: 'Replace([mail], "@contoso.com", , , "", , )', target: 'alias', apply: 'Always' },
      { type: 'None', target: 'time_zone', defaultValue: 'Europe/Amsterdam', apply: 'Always' },
      { type: 'Constant', source: 'Provisioned by Entra', target: 'notes', apply: 'Always' },
      { type: 'Direct', source: 'mobile', target: 'phone', apply: 'Always' },
      { type: 'Direct', source: 'department', target: 'tags', apply: 'Always' },
      { type: 'Direct', source: 'preferredLanguage', target: 'locale', apply: 'Always' },
    ]);
    assert.deepEqual(document.groupMapping, {
      name: 'Synchronize Microsoft Entra groups to Zendesk',
      enabled: true,
      targetObjectActions: ['Create', 'Update'],
      scopingFilters: [],
      attributeMappings: [
        { type: 'Direct', source: 'displayName', target: 'name', matchingPrecedence: 1, apply: 'Always' },
        { type: 'Direct', source: 'members', target: 'members', apply: 'Always' },
      ],
    });
    // No secrets or job settings given (GET …/secrets is blocked on v1.0): those sections are left to the file.
    assert.equal(document.scope, undefined);
    assert.equal(document.notifications, undefined);
    assert.equal(document.accidentalDeletion, undefined);
  });

  it('reports every feature it cannot express, with its path and what happened to it', () => {
    const { unsupported } = schemaToConfig(fixtureSchema());
    const expectations: Array<[path: string, outcome: string, mentions: string]> = [
      [`${U}/scope/inputFilterGroups`, 'keptInSchema', 'inputFilterGroups'],
      [`${U}/scope/groups/1`, 'dropped', 'the scoping filter "Low ids" is not imported: '],
      [`${U}/metadata`, 'keptInSchema', '3 entries'],
      [`${U}/attributeMappings/7/flowType`, 'approximated', 'AttributeAddOnly'],
      [`${U}/attributeMappings/8/flowBehavior`, 'keptInSchema', 'FlowAlways'],
      [`${U}/attributeMappings/9/flowType`, 'approximated', 'MultiValueAddOnly'],
      [`${U}/attributeMappings/10/flowType`, 'approximated', 'ValueAddOnly'],
      [`${U}/attributeMappings/10/exportMissingReferences`, 'keptInSchema', 'exportMissingReferences'],
      [`${U}/attributeMappings/11`, 'keptInSchema', 'costCenter'],
      [`${U}/attributeMappings/12`, 'dropped', 'second mapping to "email"'],
      ['/synchronizationRules/0/objectMappings/2', 'keptInSchema', 'object mapping "Synchronize Microsoft Entra contacts to Zendesk" (Contact → User) is not imported'],
      ['/synchronizationRules/1/containerFilter', 'keptInSchema', 'containerFilter'],
      ['/synchronizationRules/1/objectMappings/0', 'keptInSchema', 'Device'],
      ['/synchronizationRules/1', 'keptInSchema', 'the rule "DEVICE_OUTBOUND" has no user or group mapping'],
    ];
    for (const [path, outcome, mentions] of expectations) {
      const report = reportAt(unsupported, path);
      assert.equal(report.outcome, outcome, report.message);
      assert.ok(report.message.startsWith(`${path}: `), `the message names the path: ${report.message}`);
      assert.ok(report.message.includes(mentions), `"${report.message}" should mention ${mentions}`);
    }
    assert.equal(unsupported.length, expectations.length, unsupported.map((r) => r.message).join('\n'));
    assert.ok(!unsupported.some((r) => r.path.startsWith(`${U}/attributeMappings/4`)), 'ObjectAddOnly is expressible (apply OnCreateOnly): nothing to report');
  });

  it('reports the rest: unknown flow types, a second user mapping, bad values, no group mapping', () => {
    const schema = fixtureSchema();
    const rule = schema.synchronizationRules[0]! as unknown as { objectMappings: unknown[] };
    const user = structuredClone(rule.objectMappings[0]) as Record<string, unknown>;
    rule.objectMappings = [
      { ...user, flowTypes: 'Add, Frobnicate', scope: 'everyone', attributeMappings: [
        { source: null, targetAttributeName: 'notes', defaultValue: 42, matchingPriority: -1, flowType: 'Always', flowBehavior: 'FlowWhenChanged', exportMissingReferences: false },
        { source: { expression: 'Nope([x])', name: 'Nope', type: 'Function', parameters: [] }, targetAttributeName: 'alias', defaultValue: null, matchingPriority: 1, flowType: 'Always', flowBehavior: 'FlowWhenChanged', exportMissingReferences: false },
        { source: { expression: '[mail]', name: 'mail', type: 'Attribute', parameters: [] }, targetAttributeName: 'email', defaultValue: null, matchingPriority: 1, flowType: 'Always', flowBehavior: 'FlowWhenChanged', exportMissingReferences: false },
        { source: { expression: '[objectId]', name: 'objectId', type: 'Attribute', parameters: [] }, targetAttributeName: 'external_id', defaultValue: null, matchingPriority: 1, flowType: 'Always', flowBehavior: 'FlowWhenChanged', exportMissingReferences: false },
        'not a mapping',
      ] },
      { ...user, name: 'Second user mapping' },
    ];
    (schema.synchronizationRules as unknown[]).splice(1, 1);
    const { document, unsupported } = schemaToConfig(schema);
    const M = '/synchronizationRules/0/objectMappings/0';
    assert.match(reportAt(unsupported, `${M}/flowTypes`).message, /"Frobnicate" is not one of Add, Update, Delete/);
    assert.deepEqual(document.userMapping!.targetObjectActions, ['Create']);
    assert.equal(reportAt(unsupported, `${M}/scope`).outcome, 'dropped');
    assert.equal(reportAt(unsupported, `${M}/attributeMappings/0/defaultValue`).outcome, 'dropped');
    assert.match(reportAt(unsupported, `${M}/attributeMappings/0/matchingPriority`).message, /not a positive whole number/);
    assert.match(reportAt(unsupported, `${M}/attributeMappings/1`).message, /source cannot be read: .*unknown function "Nope"/);
    // Two matching attributes with priority 1: the later one is moved after the others, order kept.
    assert.match(reportAt(unsupported, `${M}/attributeMappings/3/matchingPriority`).message, /imported with matchingPrecedence 2/);
    assert.deepEqual(document.userMapping!.attributeMappings.map((m) => [m.target, m.matchingPrecedence]), [['notes', undefined], ['email', 1], ['external_id', 2]]);
    assert.equal(reportAt(unsupported, `${M}/attributeMappings/4`).outcome, 'dropped');
    assert.match(reportAt(unsupported, '/synchronizationRules/0/objectMappings/1').message, /"Second user mapping" \(User → User\) is not imported/);
  });

  it('a schema without a group mapping imports as group provisioning off; without a user mapping says so', () => {
    const schema: SynchronizationSchema = { synchronizationRules: [{ id: 'r', name: 'R', sourceDirectoryName: 'a', targetDirectoryName: 'b', objectMappings: [], metadata: [] }], directories: [] };
    const { document, unsupported } = schemaToConfig(schema);
    assert.deepEqual(document.groupMapping, { enabled: false });
    assert.equal(document.userMapping, undefined);
    assert.deepEqual(unsupported.map((r) => r.feature).sort(), ['group object mapping', 'synchronization rule', 'user object mapping']);
    assert.equal(schemaToConfig({} as SynchronizationSchema).unsupported[0]!.path, '/synchronizationRules');
  });

  it('reads scope, deletion protection and notifications from secrets and job settings, never credential values', () => {
    const secrets: SynchronizationSecret[] = [
      { key: 'UserName', value: 'admin@contoso.com' },
      { key: 'SecretToken', value: 'S3cr3t-t0ken-value-never-echoed' },
      { key: 'Domain', value: 'contoso' },
      { key: 'SyncNotificationSettings', value: '{"Enabled":true,"Recipients":"ops@contoso.com;it@contoso.com","DeleteThresholdEnabled":true,"DeleteThresholdValue":50,"Extra":1}' },
      { key: 'SyncAll', value: 'true' },
      { key: 'SkipOutOfScopeDeletions', value: '1' },
      { key: 'AppKey', value: 'another-secret-value' },
    ];
    const { document, unsupported } = schemaToConfig(fixtureSchema(), secrets, [
      { name: 'QuarantineTooManyDeletesThreshold', value: '75' },
      { name: 'SomethingElse', value: 'x' },
    ]);
    assert.equal(document.scope, 'allUsersAndGroups');
    assert.deepEqual(document.deprovisioning, { skipOutOfScopeDeletions: true });
    assert.deepEqual(document.notifications, { email: 'ops@contoso.com', notifyOnFailure: true });
    assert.deepEqual(document.accidentalDeletion, { enabled: true, threshold: 75 });
    const text = JSON.stringify(unsupported);
    assert.ok(!text.includes('S3cr3t') && !text.includes('another-secret-value'), 'secret values never appear in reports');
    assert.match(reportAt(unsupported, '/secrets/1').message, /credential SecretToken is not imported/);
    assert.match(reportAt(unsupported, '/secrets/6').message, /"AppKey" has no place/);
    assert.equal(unsupported.filter((r) => r.path === '/secrets/3').length, 2, 'the extra field and the second recipient');
    assert.match(reportAt(unsupported, '/synchronizationJobSettings/0').message, /\(75\) and .*\(50\) differ; the job setting is imported/);
    assert.equal(reportAt(unsupported, '/synchronizationJobSettings/1').outcome, 'keptInSchema');
  });

  it('reports unreadable secrets and settings instead of guessing', () => {
    const { document, unsupported } = schemaToConfig(fixtureSchema(), [
      { key: 'SyncAll', value: 'maybe' },
      { key: 'SkipOutOfScopeDeletions', value: '' },
      { key: 'SyncNotificationSettings', value: '{not json' },
    ], [{ name: 'QuarantineTooManyDeletesThreshold', value: '-3' }]);
    assert.equal(document.scope, undefined);
    assert.equal(document.deprovisioning, undefined);
    assert.equal(document.notifications, undefined);
    assert.equal(document.accidentalDeletion, undefined);
    for (const path of ['/secrets/0', '/secrets/1', '/secrets/2', '/synchronizationJobSettings/0']) assert.equal(reportAt(unsupported, path).outcome, 'dropped');
    const enabledNoRecipient = schemaToConfig(fixtureSchema(), [{ key: 'SyncNotificationSettings', value: '{"Enabled":true,"DeleteThresholdEnabled":false}' }]);
    assert.deepEqual(enabledNoRecipient.document.notifications, { notifyOnFailure: false });
    assert.deepEqual(enabledNoRecipient.document.accidentalDeletion, { enabled: false });
    assert.match(reportAt(enabledNoRecipient.unsupported, '/secrets/0').message, /no recipient; imported as notifyOnFailure false/);
  });
});

describe('sync-schema: importedConfigText', () => {
  it('creates a new configuration file that passes loadConfig and holds the job\'s mappings', () => {
    const secrets = [{ key: 'SyncAll', value: 'false' }, { key: 'Domain', value: 'contoso-eu' }, { key: 'UserName', value: 'zd-admin@contoso.com' }];
    const { text, unsupported } = importedConfigText(fixtureSchema(), {
      identity: { tenantId: IDENTITY.tenantId, servicePrincipalId: IDENTITY.servicePrincipalId },
      secrets,
      jobSettings: [{ name: 'QuarantineTooManyDeletesThreshold', value: '25' }],
    });
    const { config } = loadConfig(text, 'imported');
    assert.equal(config.zendesk.subdomain, 'contoso-eu', 'the Domain secret names the subdomain when no identity gives it');
    assert.equal(config.zendesk.adminEmail, 'zd-admin@contoso.com');
    assert.equal(config.scope, 'assignedOnly');
    assert.equal(config.accidentalDeletion.threshold, 25);
    assert.equal(config.userMapping.attributeMappings.length, 11);
    assert.equal(config.userMapping.scopingFilters.length, 2);
    assert.deepEqual(config.groupMapping.targetObjectActions, ['Create', 'Update']);
    assert.ok(unsupported.length > 0);
  });

  it('refuses an incomplete identity with the paths to fill', () => {
    assert.throws(() => importedConfigText(fixtureSchema(), { identity: { servicePrincipalId: 'x' } }), (error: Error & { problems?: Array<{ path: string }> }) => {
      assert.deepEqual(error.problems!.map((p) => p.path), ['/entra/tenantId', '/zendesk/subdomain', '/zendesk/adminEmail']);
      return true;
    });
  });

  it('updates an existing file in place: comments, unknown keys and mere re-spellings are kept', () => {
    const existing = [
      '{',
      '  // our Zendesk provisioning',
      '  "entra": { "tenantId": "contoso.onmicrosoft.com", "displayName": "Zendesk" },',
      '  "zendesk": { "subdomain": "contoso", "adminEmail": "admin@contoso.com" },',
      '  "teamNotes": "keep me",',
      '  "userMapping": {',
      '    "targetObjectActions": ["Delete", "Create", "Update"],',
      '    "attributeMappings": [',
      '      { "type": "Expression", "source": "[userPrincipalName]", "target": "email", "matchingPrecedence": 1 },',
      '      { "type": "Expression", "source": "Join(\\" \\",[givenName],[surname])", "target": "name" },',
      '      { "type": "Direct", "source": "displayName", "target": "alias" }',
      '    ]',
      '  }',
      '}',
      '',
    ].join('\n');
    const schema = fixtureSchema();
    const { text } = importedConfigText(schema, { existingText: existing });
    assert.ok(text.includes('// our Zendesk provisioning') && text.includes('"teamNotes": "keep me"'));
    assert.ok(text.includes('"targetObjectActions": ["Delete", "Create", "Update"]'), 'the same set of actions keeps the written order');
    assert.ok(text.includes('{ "type": "Expression", "source": "[userPrincipalName]", "target": "email", "matchingPrecedence": 1 }'));
    assert.ok(text.includes('"source": "Join(\\" \\",[givenName],[surname])"'), 'a re-spelled expression stays as written');
    assert.ok(!text.includes('"target": "alias" }'), 'a changed mapping is replaced');
    const { config } = loadConfig(text, 'updated');
    assert.equal(config.userMapping.attributeMappings.find((m) => m.target === 'alias')!.source, 'Replace([mail], "@contoso.com", , , "", , )');
    // Importing the file's own push gives back the same text.
    const again = importedConfigText(configToSchema(config).schema, { existingText: text });
    assert.equal(again.text, text);
  });
});
