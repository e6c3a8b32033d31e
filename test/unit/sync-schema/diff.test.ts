import assert from 'node:assert/strict';
import { defaultConfig, resolveConfig, type EntraZendeskConfig } from '../../../src/core/config';
import { configToSchema, diffSchemas, formatSchemaDiff, schemaToConfig, type SynchronizationSchema } from '../../../src/core/sync-schema';
import { fixtureSchema, IDENTITY } from './helpers';

const U = '/synchronizationRules/0/objectMappings/0';

/** The job's schema and the schema a push of `edit(imported configuration)` would PUT. */
function pushEdited(edit: (config: EntraZendeskConfig) => EntraZendeskConfig): { current: SynchronizationSchema; next: SynchronizationSchema } {
  const current = fixtureSchema();
  const base = defaultConfig(IDENTITY);
  const config = resolveConfig({ entra: base.entra, zendesk: base.zendesk, ...schemaToConfig(current).document });
  return { current, next: configToSchema(edit(config), current).schema };
}

describe('sync-schema: diffSchemas (what Push Configuration shows first)', () => {
  it('no change → an empty list and a sentence saying so', () => {
    const schema = configToSchema(defaultConfig(IDENTITY)).schema;
    const reordered = structuredClone(schema) as unknown as { synchronizationRules: Array<{ objectMappings: Array<{ attributeMappings: unknown[] }> }> };
    reordered.synchronizationRules[0]!.objectMappings[0]!.attributeMappings.reverse();
    assert.deepEqual(diffSchemas(schema, reordered as unknown as SynchronizationSchema), [], 'order alone is not a change');
    assert.equal(formatSchemaDiff([]), 'No changes: the job\'s schema already matches the configuration.');
  });

  it('lists added, removed and changed attribute mappings, clauses, filters and settings with their paths', () => {
    const { current, next } = pushEdited((config) => ({
      ...config,
      userMapping: {
        ...config.userMapping,
        enabled: false,
        targetObjectActions: ['Create', 'Update'],
        scopingFilters: [
          { name: 'Sales only', clauses: [
            { operatorName: 'EQUALS', sourceOperandName: 'department', targetOperand: { values: ['Sales'] } },
            { operatorName: 'ENDS_WITH', sourceOperandName: 'mail', targetOperand: { values: ['@contoso.com'] } }] },
          { name: 'Support', clauses: [{ operatorName: 'IS TRUE', sourceOperandName: 'accountEnabled', targetOperand: { values: [] } }] },
        ],
        attributeMappings: config.userMapping.attributeMappings
          .filter((m) => m.target !== 'alias')
          .map((m) => (m.target === 'external_id' ? { ...m, matchingPrecedence: 3 } : m.target === 'name' ? { ...m, source: '[displayName]', type: 'Expression' as const } : m))
          .concat([{ type: 'Direct', source: 'city', target: 'details', apply: 'OnCreateOnly' }]),
      },
    }));
    const lines = diffSchemas(current, next).map((c) => `${c.kind} ${c.path} | ${c.description}`);
    assert.deepEqual(lines, [
      `changed ${U}/enabled | enabled true → false`,
      `changed ${U}/flowTypes | target object actions "Add, Update, Delete" → "Add, Update"`,
      `removed ${U}/scope/groups/1 | scoping filter removed: employeeId Less_Than "100"`,
      `removed ${U}/scope/groups/2 | scoping filter removed: userPrincipalName REGEX MATCH ".*@contoso\\\\.com$"`,
      `removed ${U}/scope/groups/0/clauses/1 | clause removed: jobTitle IS NOT NULL`,
      `added ${U}/scope/groups/0/clauses/1 | clause added: mail ENDS_WITH "@contoso.com"`,
      `added ${U}/scope/groups/1 | scoping filter added: accountEnabled IS TRUE`,
      `removed ${U}/attributeMappings/5 | mapping removed: Replace([mail], "@contoso.com", , , "", , ) → alias`,
      `removed ${U}/attributeMappings/12 | mapping removed: [mail] → email`,
      `changed ${U}/attributeMappings/1/matchingPriority | matchingPriority 2 → 3`,
      `changed ${U}/attributeMappings/2/source | source Join(" ", [givenName], [surname]) → [displayName]`,
      `added ${U}/attributeMappings/10 | mapping added: [city] → details (ObjectAddOnly)`,
    ]);
  });

  it('formats one readable line per change, naming the rule, the object mapping and the item', () => {
    const { current, next } = pushEdited((config) => ({ ...config, groupMapping: { ...config.groupMapping, name: 'Groups' } }));
    const text = formatSchemaDiff(diffSchemas(current, next));
    assert.equal(text, [
      '- rule "USER_OUTBOUND_USER" › user mapping "Synchronize Microsoft Entra users to Zendesk" › scoping filter "Low ids": scoping filter removed: employeeId Less_Than "100"',
      '- rule "USER_OUTBOUND_USER" › user mapping "Synchronize Microsoft Entra users to Zendesk" › attribute → email: mapping removed: [mail] → email',
      '~ rule "USER_OUTBOUND_USER" › group mapping "Groups": name "Synchronize Microsoft Entra groups to Zendesk" → "Groups"',
    ].join('\n'));
  });

  it('sees rules, object mappings and directories come and go, and changed directory definitions', () => {
    const current = fixtureSchema();
    const next = structuredClone(current) as unknown as {
      synchronizationRules: Array<{ objectMappings: unknown[]; priority: number }>; directories: Array<Record<string, unknown>>;
    };
    next.synchronizationRules[1]!.priority = 5;
    next.synchronizationRules[0]!.objectMappings.splice(2, 1);
    next.directories[1]!.version = '2';
    next.directories.splice(0, 1);
    next.synchronizationRules.push({ ...structuredClone(next.synchronizationRules[1]!), id: 'new.rule', name: 'NEW' } as never);
    const changes = diffSchemas(current, next as unknown as SynchronizationSchema).map((c) => `${c.kind} ${c.path} | ${c.where} | ${c.description}`);
    assert.deepEqual(changes, [
      'removed /synchronizationRules/0/objectMappings/2 | rule "USER_OUTBOUND_USER" › contact mapping "Synchronize Microsoft Entra contacts to Zendesk" | object mapping removed',
      'changed /synchronizationRules/1/priority | rule "DEVICE_OUTBOUND" | priority 2 → 5',
      'added /synchronizationRules/2 | rule "NEW" | rule added with 1 object mapping(s)',
      'removed /directories/0 | directory "Azure Active Directory" | directory definition removed',
      'changed /directories/0 | directory "Zendesk" | directory definition changed (objects or attributes)',
    ]);
  });
});
