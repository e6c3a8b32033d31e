/**
 * Property test: hundreds of generated configurations (seeded, so a failure names the case that reproduces it) —
 * random user and group mappings of every type, expressions from a list of valid ones including the reference's §3.7
 * worked examples, scoping filters with every operator, target object actions, scope, deletion threshold and
 * notifications — prove that configuration → schema → configuration is lossless for everything both can express, and
 * that schema → configuration → schema (with the job's schema as base) gives the schema back.
 */
import assert from 'node:assert/strict';
import {
  loadConfig,
  resolveConfig,
  USER_FIELDS_PREFIX,
  ZENDESK_GROUP_TARGETS,
  ZENDESK_USER_TARGETS,
  type AttributeMapping,
  type EntraZendeskConfig,
  type ObjectMapping,
} from '../../../src/core/config';
import { parseExpression, printExpression } from '../../../src/core/expressions';
import { SCOPING_OPERATORS } from '../../../src/core/scoping';
import { configToSchema, diffSchemas, importedConfigText, schemaToConfig } from '../../../src/core/sync-schema';
import { seededRandom } from '../../../src/sandbox/shared/seeded-random';

const CASES = 400;
const SEED = 0x5c4e_3a08;

type Random = () => number;
const pick = <T>(random: Random, items: ReadonlyArray<T>): T => items[Math.floor(random() * items.length)]!;
const chance = (random: Random, p: number): boolean => random() < p;
const intBetween = (random: Random, lo: number, hi: number): number => lo + Math.floor(random() * (hi - lo + 1));
function shuffled<T>(random: Random, items: ReadonlyArray<T>): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

/** Valid mapping expressions: the §3.7 worked examples, the defaults, and spellings the canonical printer changes. */
const EXPRESSIONS = [
  'Append([userPrincipalName], ".test")',
  'CDate([StatusHireDate])',
  'Coalesce([mail],[userPrincipalName])',
  'ConvertToBase64("Hello world!")',
  'DateAdd("d", 7, CDate([StatusHireDate]))',
  'DateDiff("d", Now(), CDate([StatusHireDate]))',
  'DateDiff("h", CDate("2021-08-24"), CDate("2021-08-25"))',
  'FormatDateTime([extensionAttribute1], , "yyyyMMddHHmmss.fZ", "yyyy-MM-dd")',
  'IIF([country]="USA",[country],[department])',
  'IIF([country]="USA",IIF([state]="CA","True","False"),"False")',
  'InStr("The quick brown fox","quick")',
  'Left("John Doe", 3)',
  'PCase([firstName])',
  'Replace([BusinessTitle],"Product Developer", , , "Software Engineer", , )',
  'Replace([UserID],"<username>", , , , , "<username>@contoso.com")',
  'Replace([telephoneNumber], , "\\\\+(?<isdCode>\\\\d* )(?<phoneNumber>\\\\d{10})", , "${phoneNumber}", , )',
  'Replace([userPrincipalName], , "(?<Suffix>@(.)*)", "Suffix", "", , )',
  'Switch(ToLower([statusFlag]), "0", "true", "1", "false", "0")',
  'Word("The quick brown fox",3," ")',
  'Replace([mail], "@contoso.com", , ,"", ,)',
  'Join(", ", "", [surname], [givenName])',
  'Not([IsSoftDeleted])',
  '"Company name: \\"Contoso\\""',
  'SingleAppRoleAssignment([appRoleAssignments])',
  'Join(" ",[givenName],[surname])',
  'ToLower([mail], )',
  'Mid([employeeId], 2, 4)',
  'IIF(IsPresent([mobile]), [mobile], [telephoneNumber])',
  '[mail]',
  '[extensionAttribute3]',
  '42',
  '"  padded constant "',
  '""',
  'StripSpaces([displayName])',
  'NormalizeDiacritics(PCase([surname]))',
  'BitAnd(&HF, 3)',
  'Split([proxyAddresses], ",")',
];
const ATTRIBUTES = ['userPrincipalName', 'mail', 'displayName', 'givenName', 'surname', 'objectId', 'IsSoftDeleted', 'telephoneNumber',
  'mobile', 'preferredLanguage', 'department', 'jobTitle', 'extensionAttribute1', 'employeeId', 'mailNickname', 'extension_0123abcd_costCenter'];
const SCOPE_ATTRIBUTES = ['department', 'jobTitle', 'country', 'employeeId', 'accountEnabled', 'city', 'userPrincipalName', 'extensionAttribute1', 'companyName'];
const STRINGS = ['Sales', 'sales', 'Contoso Ltd.', 'äöü ß', '😀', 'say "hi"', 'C:\\temp', '  ', 'x', 'Europe/Amsterdam', 'end-user', 'False'];
const REGEXES = ['^Sales$', '.*@contoso\\.com$', '^(1[0-9]{6})$', '[A-Z]{2}-\\d+', '^$'];
const NAMES = ['Synchronize Microsoft Entra users to Zendesk', 'Users → Zendesk', 'Gruppen "Vertrieb"', 'x'];

function generateClause(random: Random): { operatorName: string; sourceOperandName: string; targetOperand: { values: string[] } } {
  const operator = pick(random, SCOPING_OPERATORS);
  const values = operator.arity === 'Unary' ? []
    : operator.operand === 'regex' ? [pick(random, REGEXES)]
      : operator.operand === 'integer' ? [String(intBetween(random, -5, 3_000_000))]
        : [pick(random, STRINGS)];
  return { operatorName: operator.name, sourceOperandName: pick(random, SCOPE_ATTRIBUTES), targetOperand: { values } };
}

function generateMapping(random: Random, target: string): Record<string, unknown> {
  const type = pick(random, ['Direct', 'Constant', 'Expression', 'None'] as const);
  const mapping: Record<string, unknown> = { type };
  if (type === 'Direct') mapping.source = pick(random, ATTRIBUTES);
  if (type === 'Constant') mapping.source = pick(random, STRINGS);
  if (type === 'Expression') mapping.source = pick(random, EXPRESSIONS);
  mapping.target = target;
  if (type === 'None' || chance(random, 0.3)) mapping.defaultValue = pick(random, [...STRINGS, '']);
  if (chance(random, 0.5)) mapping.apply = pick(random, ['Always', 'OnCreateOnly']);
  return mapping;
}

function generateObjectMapping(random: Random, kind: 'user' | 'group'): Record<string, unknown> {
  const mapping: Record<string, unknown> = {};
  if (chance(random, 0.5)) mapping.name = pick(random, NAMES);
  const enabled = kind === 'user' || chance(random, 0.7);
  if (chance(random, 0.7) || !enabled) mapping.enabled = enabled;
  if (chance(random, 0.7)) mapping.targetObjectActions = shuffled(random, ['Create', 'Update', 'Delete']).slice(0, intBetween(random, 0, 3));
  if (chance(random, 0.6)) {
    mapping.scopingFilters = Array.from({ length: intBetween(random, 0, 3) }, (_, g) => ({
      name: chance(random, 0.2) ? 'Same name' : `Filter ${g} ${pick(random, STRINGS)}`,
      clauses: Array.from({ length: intBetween(random, 1, 4) }, () => generateClause(random)),
    }));
  }
  if (chance(random, 0.85)) {
    const targets = kind === 'user'
      ? [...ZENDESK_USER_TARGETS, `${USER_FIELDS_PREFIX}employee_number`, `${USER_FIELDS_PREFIX}cost_center`]
      : ZENDESK_GROUP_TARGETS;
    const chosen = shuffled(random, targets).slice(0, intBetween(random, 1, Math.min(9, targets.length)));
    const mappings = chosen.map((target) => generateMapping(random, target));
    const precedences = shuffled(random, [1, 2, 3, 5, 8, 13]);
    mappings.forEach((m, i) => {
      if (i === 0 || chance(random, 0.2)) m.matchingPrecedence = precedences.pop();
    });
    mapping.attributeMappings = shuffled(random, mappings);
  }
  return mapping;
}

function generateDocument(random: Random): Record<string, unknown> {
  const document: Record<string, unknown> = {
    entra: { tenantId: 'contoso.onmicrosoft.com', servicePrincipalId: '0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0' },
    zendesk: { subdomain: 'contoso', adminEmail: 'admin@contoso.com' },
  };
  if (chance(random, 0.6)) document.scope = pick(random, ['assignedOnly', 'allUsersAndGroups']);
  if (chance(random, 0.9)) document.userMapping = generateObjectMapping(random, 'user');
  if (chance(random, 0.7)) document.groupMapping = generateObjectMapping(random, 'group');
  if (chance(random, 0.6)) {
    const actions = (document.userMapping as { targetObjectActions?: string[] } | undefined)?.targetObjectActions;
    const canDelete = actions === undefined || actions.includes('Delete');
    document.deprovisioning = { action: canDelete && chance(random, 0.3) ? 'delete' : 'suspend', skipOutOfScopeDeletions: chance(random, 0.5) };
  }
  if (chance(random, 0.6)) document.accidentalDeletion = { enabled: chance(random, 0.6), threshold: intBetween(random, 1, 100_000) };
  if (chance(random, 0.6)) {
    const notify = chance(random, 0.5);
    document.notifications = { ...(notify || chance(random, 0.5) ? { email: 'ops@contoso.com' } : {}), notifyOnFailure: notify };
  }
  return document;
}

/**
 * What the round trip must give back, stated independently of the translation: the schema cannot tell an
 * expression that is a bare attribute or constant from a Direct or Constant mapping, prints expressions canonically,
 * and lists target object actions in the flags enum's order.
 */
function expected(config: EntraZendeskConfig): EntraZendeskConfig {
  const attribute = (m: AttributeMapping): AttributeMapping => {
    if (m.type !== 'Expression') return m;
    const node = parseExpression(m.source!);
    if (node.type === 'Attribute') return { ...m, type: 'Direct', source: node.name };
    if (node.type === 'Constant' && node.value !== '' && (node.form === 'string' || node.form === 'number')) return { ...m, type: 'Constant', source: node.value };
    return { ...m, source: printExpression(node) };
  };
  const object = (m: ObjectMapping): ObjectMapping => ({
    ...m,
    targetObjectActions: (['Create', 'Update', 'Delete'] as const).filter((a) => m.targetObjectActions.includes(a)),
    attributeMappings: m.attributeMappings.map(attribute),
  });
  return { ...config, userMapping: object(config.userMapping), groupMapping: object(config.groupMapping) };
}

describe(`sync-schema: property — ${CASES} generated configurations round-trip (seed ${SEED})`, function () {
  this.timeout(120_000);

  it('configuration → schema → configuration is lossless, and schema → configuration → schema gives the schema back', () => {
    const random = seededRandom(SEED);
    const seen = { operators: new Set<string>(), types: new Set<string>(), expressions: new Set<string>() };
    for (let i = 0; i < CASES; i++) {
      const document = generateDocument(random);
      const text = JSON.stringify(document, null, 2);
      const label = `case ${i}:\n${text}`;
      let config: EntraZendeskConfig;
      try {
        config = loadConfig(text, `case ${i}`).config;
      } catch (error) {
        assert.fail(`the generator must produce valid configurations; ${label}\n${String(error)}`);
      }
      for (const kind of ['userMapping', 'groupMapping'] as const) {
        config[kind].attributeMappings.forEach((m) => {
          seen.types.add(m.type);
          if (m.type === 'Expression') seen.expressions.add(m.source!);
        });
        config[kind].scopingFilters.forEach((g) => g.clauses.forEach((c) => seen.operators.add(c.operatorName)));
      }

      const pushed = configToSchema(config);
      const imported = schemaToConfig(pushed.schema, pushed.secrets, pushed.jobSettings);
      assert.deepEqual(imported.unsupported, [], label);
      // What the schema has no place for (identity, roles, deprovisioning action, …) comes from the original file.
      const { deprovisioning: importedDeprovisioning, ...sections } = imported.document;
      const back = resolveConfig({
        ...document,
        ...sections,
        deprovisioning: { ...(document.deprovisioning as object | undefined), ...importedDeprovisioning },
      });
      assert.deepEqual(back, expected(config), label);

      // The other direction: the pushed schema is the job's; importing and pushing it again changes nothing.
      const again = configToSchema(back, pushed.schema);
      assert.deepEqual(diffSchemas(pushed.schema, again.schema), [], label);
      assert.deepEqual(again.schema, pushed.schema, label);
      assert.deepEqual(again.secrets, pushed.secrets, label);
      assert.deepEqual(again.jobSettings, pushed.jobSettings, label);

      // Every 10th case also goes through the file text: updating the original file loads as the original.
      if (i % 10 === 0) {
        const updated = importedConfigText(pushed.schema, { existingText: text, secrets: pushed.secrets, jobSettings: pushed.jobSettings });
        assert.deepEqual(loadConfig(updated.text, `case ${i} updated`).config, config, label);
      }
    }
    // The generator really covers what the property claims.
    assert.deepEqual([...seen.operators].sort(), SCOPING_OPERATORS.map((o) => o.name).sort());
    assert.deepEqual([...seen.types].sort(), ['Constant', 'Direct', 'Expression', 'None']);
    assert.ok(seen.expressions.size >= EXPRESSIONS.length - 3, `only ${seen.expressions.size} expressions were used`);
  });
});
