/**
 * A generated corpus of invalid configuration files: mutations of one valid file (wrong types, bad enum values, bad
 * subdomains and patterns, missing required keys, bad expressions, duplicate precedences and targets, secrets, bad
 * role translations and scoping filters…). Each must be rejected with a problem at the expected JSON path whose
 * message names that path and which says how to fix it.
 */
import assert from 'node:assert/strict';
import { parse } from 'jsonc-parser';
import { loadConfig } from '../../../src/core/config';
import { schemaAt } from '../../../src/core/config/schema';
import { assertRejectedAt, clone, fixtureText, getAt, problemsOf, setAt } from './helpers';

type Doc = Record<string, unknown>;

interface Mutation {
  readonly name: string;
  readonly apply: (doc: Doc) => void;
  /** The JSON Pointer the rejection must name. */
  readonly path: string;
}

const BASE: Doc = parse(fixtureText('valid-full.jsonc')) as Doc;
const M = '/userMapping/attributeMappings';
const MAPPING_COUNT = (BASE.userMapping as { attributeMappings: unknown[] }).attributeMappings.length;

const set = (path: string, value: unknown, name = `${path} = ${JSON.stringify(value)}`): Mutation =>
  ({ name, path, apply: (doc) => setAt(doc, path, value) });

/** Every value in the base document that the schema describes, as [pointer, value]. */
function knownLeaves(value: unknown, pointer = ''): Array<[string, unknown]> {
  const here: Array<[string, unknown]> = pointer === '' ? [] : [[pointer, value]];
  if (pointer !== '' && schemaAt(pointer) === undefined) return [];
  if (Array.isArray(value)) return [...here, ...value.flatMap((item, i) => knownLeaves(item, `${pointer}/${i}`))];
  if (typeof value === 'object' && value !== null) {
    return [...here, ...Object.entries(value).flatMap(([k, v]) => knownLeaves(v, `${pointer}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`))];
  }
  return here;
}

function wrongTypes(value: unknown): unknown[] {
  if (Array.isArray(value)) return ['x', {}, null, 3];
  if (value === null) return [];
  switch (typeof value) {
    case 'string': return [42, true, null, [], {}];
    case 'boolean': return ['true', 1, null, []];
    case 'number': return [String(value), 2.5, null, true];
    default: return ['x', [], null, 1];
  }
}

function wrongTypeMutations(): Mutation[] {
  return knownLeaves(BASE).flatMap(([path, value]) =>
    wrongTypes(value).map((wrong) => set(path, wrong, `wrong type: ${path} = ${JSON.stringify(wrong)}`)));
}

function enumMutations(): Mutation[] {
  return knownLeaves(BASE)
    .filter(([path]) => schemaAt(path)?.enum !== undefined)
    .flatMap(([path, value]) => {
      const allowed = schemaAt(path)!.enum!.map(String);
      const candidates = ['', 'bogus', String(value).toUpperCase(), String(value).toLowerCase(), `${String(value)} `];
      return [...new Set(candidates)].filter((c) => !allowed.includes(c)).map((c) => set(path, c, `bad enum: ${path} = ${JSON.stringify(c)}`));
    });
}

const BAD_SUBDOMAINS = [
  'https://acme.zendesk.com', 'http://acme.zendesk.com', 'https://acme.zendesk.com/', 'https://acme.zendesk.com/agent',
  'acme.zendesk.com', 'ACME.zendesk.com', 'ACME', 'Acme', 'acMe-support', 'acme_support', 'acme support', '-acme', 'acme-',
  '', ' acme', 'acme.example.com', 'a'.repeat(64), 'acmé', 'acme/', 'https://', 'zendesk.com', 'acme.zendesk.com.',
];

const PATTERN_CASES: Array<[string, string[]]> = [
  ['/entra/tenantId', ['', 'contoso', 'my tenant', '72f988bf-86f1-41af-91ab', 'https://login.microsoftonline.com/contoso.onmicrosoft.com', '{72f988bf-86f1-41af-91ab-2d7cd011db47}']],
  ['/entra/servicePrincipalId', ['', 'zendesk', '0b1c2d3e4f5061728394a5b6c7d8e9f0', '0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0x']],
  ['/entra/auth/clientId', ['', 'my-app', '11111111-2222-3333-4444-55555555555']],
  ['/zendesk/adminEmail', ['', 'admin', 'admin@', '@acme.example', 'admin@acme', 'ad min@acme.example']],
  ['/notifications/email', ['', 'ops', 'ops@acme', 'ops@@acme.example']],
  ['/endpoints/graphBaseUrl', ['', 'graph.microsoft.com', 'ftp://graph.microsoft.com', 'https://graph.microsoft.com?x=1', 'http://graph.microsoft.com', 'https://graph.microsoft.com/v1.0', 'https://graph.microsoft.com/beta/']],
  ['/endpoints/authorityHost', ['', 'login.microsoftonline.com', 'http://login.microsoftonline.us', 'https://login.microsoftonline.com#x']],
  ['/endpoints/zendeskBaseUrl', ['', 'acme.zendesk.com', 'http://acme.zendesk.com', 'https://acme.zendesk.com/?a=b']],
];

const BAD_EXPRESSIONS = [
  'Join(" ", [givenName], [surname]', 'Join(" ", [givenName] [surname])', '[givenName', 'givenName]', 'Join(" ", [givenName],)',
  'NoSuchFunction([mail])', 'ToLower()', 'ToLower([mail], , , , , , )', '"unterminated', 'Replace([mail], "a", , , "b", , ', '',
  '   ', 'IIF([a] = "b" AND [c] = "d", "x", "y")', '[mail] & [upn]', 'Left([mail])', 'Mid([mail], 1)', 'Switch([a])', '()',
  'Join(" ", [givenName], [surname]))', 'Trim([mail]) Trim([upn])', '[mail] = "x"', 'Append([mail]', 'Coalesce(', 'Not()',
  'SelectUniqueValue(Join("", [givenName], [surname]), [mailNickname])', '[appRoleAssignments]', `Join("", ${'[a], '.repeat(2500)}[b])`,
  'IgnoreAttributeFlow()',
];

const BAD_TARGETS = ['emial', 'Email', 'e-mail', 'displayName', 'userPrincipalName', 'user_fields.', 'timezone', 'suspend', 'organization', 'roles', 'members', 'group'];

const SECRET_KEYS = ['clientSecret', 'client_secret', 'apiToken', 'api_token', 'password', 'Password', 'secretToken', 'SecretToken',
  'accessToken', 'refreshToken', 'privateKey', 'certificatePassword', 'apiKey', 'credentials', 'pwd'];
const SECRET_PLACES = ['', '/entra', '/entra/auth', '/zendesk', '/zendesk/auth', '/endpoints', '/userMapping', '/notifications', `${M}/0`];

function missingRequired(): Mutation[] {
  const remove = (path: string, expected = path): Mutation => ({ name: `missing: ${path}`, path: expected, apply: (doc) => setAt(doc, path, undefined) });
  const list: Mutation[] = [
    remove('/entra'), remove('/zendesk'), remove('/entra/tenantId'), remove('/zendesk/subdomain'), remove('/zendesk/adminEmail'),
    remove('/entra/auth/mode'), remove('/zendesk/auth/mode'), remove('/entra/auth/clientId'), remove('/entra/servicePrincipalId', '/entra'),
    remove('/notifications/email'),
    remove('/userMapping/scopingFilters/0/name'), remove('/userMapping/scopingFilters/0/clauses'),
    remove('/userMapping/scopingFilters/0/clauses/0/operatorName'), remove('/userMapping/scopingFilters/0/clauses/0/sourceOperandName'),
    remove('/userMapping/scopingFilters/0/clauses/0/targetOperand'), remove('/userMapping/scopingFilters/0/clauses/0/targetOperand/values'),
  ];
  for (let i = 0; i < MAPPING_COUNT; i++) {
    list.push(remove(`${M}/${i}/type`), remove(`${M}/${i}/target`));
    const type = getAt(BASE, `${M}/${i}/type`);
    if (type !== 'None') list.push(remove(`${M}/${i}/source`));
  }
  for (let i = 0; i < 4; i++) list.push(remove(`/roles/${i}/appRole`));
  list.push({ name: 'missing: every Zendesk side of a role', path: '/roles/3', apply: (doc) => setAt(doc, '/roles/3/customRoleId', undefined) });
  return list;
}

function duplicates(): Mutation[] {
  const list: Mutation[] = [];
  for (let i = 1; i < MAPPING_COUNT; i++) list.push(set(`${M}/${i}/matchingPrecedence`, 1, `duplicate precedence 1 at mapping ${i}`));
  for (let i = 2; i < MAPPING_COUNT; i++) list.push(set(`${M}/${i}/matchingPrecedence`, 2, `duplicate precedence 2 at mapping ${i}`));
  for (let i = 0; i < MAPPING_COUNT; i++) {
    for (const bad of [0, -1, -100, 1.5]) list.push(set(`${M}/${i}/matchingPrecedence`, bad));
  }
  for (let i = 1; i < MAPPING_COUNT; i++) list.push(set(`${M}/${i}/target`, 'email', `duplicate target email at mapping ${i}`));
  for (let i = 1; i < MAPPING_COUNT; i++) list.push(set(`${M}/${i}/target`, 'EMAIL', `duplicate target EMAIL at mapping ${i}`));
  list.push(set('/userMapping/targetObjectActions/2', 'Create', 'duplicate target object action'));
  for (let i = 1; i < 4; i++) list.push(set(`/roles/${i}/appRole`, 'End-user', `duplicate app role at /roles/${i}`));
  list.push(set('/roles/3/appRole', 'AGENT', 'duplicate app role, other case'));
  return list;
}

function otherRules(): Mutation[] {
  const list: Mutation[] = [];
  for (const source of ['', '   ', '[mail]', '[ mail ]', 'Join(" ", [a])', 'appRoleAssignments', 'AppRoleAssignments', 'has space', '123abc', 'mail;drop']) {
    list.push(set(`${M}/0/source`, source, `Direct source ${JSON.stringify(source)}`));
  }
  list.push(set(`${M}/5/source`, '', 'empty Constant'));
  list.push({ name: 'no matching attribute', path: M, apply: (doc) => { setAt(doc, `${M}/0/matchingPrecedence`, undefined); setAt(doc, `${M}/1/matchingPrecedence`, undefined); } });
  list.push({ name: 'Direct appRoleAssignments mapping', path: `${M}/4/source`, apply: (doc) => setAt(doc, `${M}/4`, { type: 'Direct', source: 'appRoleAssignments', target: 'role' }) });
  for (const [role, path] of [[{ appRole: 'X' }, '/roles/3'], [{ appRole: 'X', zendeskRole: 'agent', customRoleId: 5 }, '/roles/3/customRoleId'],
    [{ appRole: 'X', customRoleId: 5, customRoleName: 'X' }, '/roles/3/customRoleName'], [{ appRole: 'X', customRoleName: 'Agent' }, '/roles/3/customRoleName'],
    [{ appRole: 'X', customRoleName: 'end_user' }, '/roles/3/customRoleName'], [{ appRole: 'X', customRoleName: 'END USER' }, '/roles/3/customRoleName'],
    [{ appRole: 'X', customRoleId: 0 }, '/roles/3/customRoleId'], [{ appRole: 'X', customRoleId: -7 }, '/roles/3/customRoleId'],
    [{ appRole: 'X', customRoleId: 1.5 }, '/roles/3/customRoleId'], [{ appRole: '', zendeskRole: 'agent' }, '/roles/3/appRole'],
    [{ appRole: 'X', customRoleName: '' }, '/roles/3/customRoleName'], [{ appRole: 'X', zendeskRole: 'light-agent' }, '/roles/3/zendeskRole']] as const) {
    list.push(set('/roles/3', role, `role translation ${JSON.stringify(role)}`));
    // The schema-level path for the same rule must also hold: `set` targets /roles/3 but the expected path is given.
    list[list.length - 1] = { ...list[list.length - 1]!, path };
  }
  for (const threshold of [0, -1, 1.5, '10', null]) list.push(set('/accidentalDeletion/threshold', threshold));
  list.push({ name: 'delete without the Delete action', path: '/deprovisioning/action', apply: (doc) => { setAt(doc, '/deprovisioning/action', 'delete'); setAt(doc, '/userMapping/targetObjectActions', ['Create', 'Update']); } });
  list.push(set('/userMapping/scopingFilters/0/clauses/0/operatorName', 'LESS_THAN'));
  list.push(set('/userMapping/scopingFilters/0/clauses/0/operatorName', 'equals'));
  list.push(set('/userMapping/scopingFilters/0/clauses/0/operatorName', 'Not includes'));
  list.push(set('/userMapping/scopingFilters/0/clauses/0/operatorName', ''));
  list.push(set('/userMapping/scopingFilters/0/clauses/0/sourceOperandName', 'appRoleAssignments'));
  list.push(set('/userMapping/scopingFilters/0/clauses/0/sourceOperandName', 'manager'));
  list.push(set('/userMapping/scopingFilters/0/clauses/0/sourceOperandName', ''));
  list.push({ name: 'scoping: REGEX MATCH with an invalid regex', path: '/userMapping/scopingFilters/0/clauses/0/targetOperand/values/0', apply: (doc) => setAt(doc, '/userMapping/scopingFilters/0/clauses/0', { operatorName: 'REGEX MATCH', sourceOperandName: 'mail', targetOperand: { values: ['([a-z]'] } }) });
  list.push({ name: 'scoping: Greater_Than a non-integer', path: '/userMapping/scopingFilters/0/clauses/0/targetOperand/values/0', apply: (doc) => setAt(doc, '/userMapping/scopingFilters/0/clauses/0', { operatorName: 'Greater_Than', sourceOperandName: 'employeeId', targetOperand: { values: ['ten'] } }) });
  return list;
}

function corpus(): Mutation[] {
  return [
    ...wrongTypeMutations(),
    ...enumMutations(),
    ...BAD_SUBDOMAINS.map((s) => set('/zendesk/subdomain', s, `bad subdomain ${JSON.stringify(s)}`)),
    ...PATTERN_CASES.flatMap(([path, values]) => values.map((v) => set(path, v, `bad value: ${path} = ${JSON.stringify(v.slice(0, 60))}`))),
    ...missingRequired(),
    ...BAD_EXPRESSIONS.flatMap((e) => [2, 4].map((i) => set(`${M}/${i}/source`, e, `bad expression at mapping ${i}: ${JSON.stringify(e.slice(0, 50))}`))),
    ...BAD_TARGETS.map((t) => set(`${M}/5/target`, t, `unknown target ${JSON.stringify(t)}`)),
    ...BAD_TARGETS.filter((t) => !['members'].includes(t)).map((t) => set('/groupMapping/attributeMappings', [{ type: 'Direct', source: 'displayName', target: t, matchingPrecedence: 1 }], `unknown group target ${JSON.stringify(t)}`))
      .map((m) => ({ ...m, path: '/groupMapping/attributeMappings/0/target' })),
    ...SECRET_KEYS.flatMap((key) => SECRET_PLACES.map((place) => set(`${place}/${key}`, 'CANARY-value-0123456789', `secret key ${place}/${key}`))),
    ...duplicates(),
    ...otherRules(),
  ];
}

describe('invalid configuration corpus', () => {
  const mutations = corpus();

  it('is a corpus of hundreds of distinct invalid files', () => {
    assert.ok(mutations.length >= 500, `only ${mutations.length} mutations`);
    assert.equal(new Set(mutations.map((m) => m.name)).size, mutations.length, 'mutation names are unique');
  });

  it('its base file is valid (so every rejection comes from the mutation)', () => {
    assert.doesNotThrow(() => loadConfig(JSON.stringify(BASE, null, 2), 'base.json'));
  });

  for (const mutation of mutations) {
    it(`rejects ${mutation.name} at ${mutation.path}`, () => {
      const doc = clone(BASE);
      mutation.apply(doc);
      const problem = assertRejectedAt(doc, mutation.path);
      assert.doesNotMatch(`${problem.message} ${problem.fix}`, /CANARY/);
    });
  }

  describe('JSON syntax errors are located by line and column', () => {
    const text = JSON.stringify(BASE, null, 2);
    const lines = text.split('\n');
    const lineOf = (needle: string): number => lines.findIndex((l) => l.includes(needle)) + 1;
    const cases: Array<[string, (t: string) => string, number]> = [
      ['missing comma', (t) => t.replace('"acme-support",', '"acme-support"'), lineOf('"adminEmail"')],
      ['trailing comma', (t) => t.replace('"threshold": 25', '"threshold": 25,'), lineOf('"threshold": 25') + 1],
      ['unterminated string', (t) => t.replace('"acme-support"', '"acme-support'), lineOf('"acme-support"')],
      ['single quotes', (t) => t.replace('"scope": "assignedOnly"', "'scope': 'assignedOnly'"), lineOf('"scope"')],
      ['missing colon', (t) => t.replace('"scope": ', '"scope" '), lineOf('"scope"')],
      ['bare word', (t) => t.replace('"scope": "assignedOnly"', '"scope": assignedOnly'), lineOf('"scope"')],
      ['missing closing brace', (t) => t.slice(0, t.lastIndexOf('}')), lines.length],
      ['text after the end', (t) => `${t}\n{}`, lines.length + 1],
    ];
    for (const [name, mutate, line] of cases) {
      it(`${name}: line ${line}`, () => {
        const problems = problemsOf(mutate(text));
        assert.ok(problems.every((p) => p.line !== undefined && p.column !== undefined && /JSON syntax error at line \d+, column \d+/.test(p.message)));
        assert.equal(problems[0]!.line, line, problems.map((p) => p.message).join('\n'));
      });
    }
  });
});
