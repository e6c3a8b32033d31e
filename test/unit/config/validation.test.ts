import assert from 'node:assert/strict';
import { ConfigError, loadConfig, subdomainProblem } from '../../../src/core/config';
import { assertRejectedAt, clone, fixtureText, problemsOf, setAt } from './helpers';
import { parse } from 'jsonc-parser';

const base = (): Record<string, unknown> => parse(fixtureText('valid-full.jsonc')) as Record<string, unknown>;
const mappings = '/userMapping/attributeMappings';
const warningsOf = (doc: unknown) => loadConfig(JSON.stringify(doc), 'test.json').warnings;

describe('loadConfig validation rules', () => {
  it('the full fixture loads with no problems and no warnings', () => {
    const { warnings, config } = loadConfig(fixtureText('valid-full.jsonc'), 'valid-full.jsonc');
    assert.deepEqual(warnings, []);
    assert.equal(config.userMapping.attributeMappings.length, 7);
  });

  describe('JSON syntax', () => {
    it('reports a syntax error with line and column', () => {
      const text = '{\n  "entra": {\n    "tenantId": "x"\n    "appId": "y"\n  }\n}';
      const [p] = problemsOf(text);
      assert.equal(p!.line, 4);
      assert.equal(p!.column, 5);
      assert.match(p!.message, /JSON syntax error at line 4, column 5 \(in \/entra\/appId\): "," was expected/);
    });
    it('rejects trailing commas', () => {
      const [p] = problemsOf('{\n  "scope": "assignedOnly",\n}');
      assert.equal(p!.line, 3);
      assert.match(p!.fix, /trailing comma/);
    });
    it('accepts comments', () => {
      assert.doesNotThrow(() => loadConfig(fixtureText('valid-full.jsonc'), 'x'));
    });
    it('rejects an empty file and a non-object', () => {
      assert.match(problemsOf('  \n')[0]!.message, /empty/);
      assert.match(problemsOf('[1, 2]')[0]!.message, /must be a JSON object/);
    });
    it('ConfigError names the origin and every problem with its position', () => {
      const doc = base();
      setAt(doc, '/scope', 'everyone');
      setAt(doc, '/zendesk/subdomain', 'ACME');
      try {
        loadConfig(JSON.stringify(doc, null, 2), '/ws/.vscode/entra-zendesk.json');
        assert.fail('should throw');
      } catch (error) {
        assert.ok(error instanceof ConfigError);
        assert.equal(error.problems.length, 2);
        assert.match(error.message, /^\/ws\/\.vscode\/entra-zendesk\.json: 2 configuration problems/);
        assert.match(error.message, /\/ws\/\.vscode\/entra-zendesk\.json:\d+:\d+ \/zendesk\/subdomain/);
        assert.match(error.message, /\/scope is "everyone", which is not one of "assignedOnly", "allUsersAndGroups"/);
      }
    });
  });

  describe('entra', () => {
    it('requires the enterprise app by servicePrincipalId, appId or displayName', () => {
      const doc = base();
      setAt(doc, '/entra/servicePrincipalId', undefined);
      const p = assertRejectedAt(doc, '/entra');
      assert.match(p.fix, /servicePrincipalId.*appId.*displayName/);
      setAt(doc, '/entra/appId', 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee');
      assert.doesNotThrow(() => loadConfig(JSON.stringify(doc), 'x'));
    });
    it('requires clientId for clientSecret and certificate auth', () => {
      for (const mode of ['clientSecret', 'certificate']) {
        const doc = base();
        setAt(doc, '/entra/auth', { mode });
        assertRejectedAt(doc, '/entra/auth/clientId');
      }
      const doc = base();
      setAt(doc, '/entra/auth', { mode: 'azureCli' });
      assert.doesNotThrow(() => loadConfig(JSON.stringify(doc), 'x'));
    });
    it('rejects an unknown auth mode with a suggestion', () => {
      const doc = base();
      setAt(doc, '/entra/auth/mode', 'devicecode');
      assert.match(assertRejectedAt(doc, '/entra/auth/mode').fix, /did you mean "deviceCode"/);
    });
    it('rejects a tenant id that is neither a GUID nor a domain', () => {
      const doc = base();
      setAt(doc, '/entra/tenantId', 'my tenant');
      assert.match(assertRejectedAt(doc, '/entra/tenantId').fix, /GUID/);
    });
  });

  describe('zendesk subdomain (bare subdomain only)', () => {
    const cases: Array<[string, RegExp]> = [
      ['https://acme.zendesk.com', /write "acme"/],
      ['https://acme.zendesk.com/agent/dashboard', /write "acme"/],
      ['acme.zendesk.com', /write "acme"/],
      ['ACME', /write "acme"/],
      ['Acme-Support', /write "acme-support"/],
      ['acme_support', /only the subdomain/],
      ['-acme', /only the subdomain/],
    ];
    for (const [value, fix] of cases) {
      it(`rejects ${JSON.stringify(value)} and says what to write instead`, () => {
        const doc = base();
        setAt(doc, '/zendesk/subdomain', value);
        const p = assertRejectedAt(doc, '/zendesk/subdomain');
        assert.match(p.fix, fix);
      });
    }
    it('accepts lower-case letters, digits and inner hyphens', () => {
      for (const ok of ['acme', 'acme-support', 'a1', 'x']) assert.equal(subdomainProblem(ok), undefined);
    });
  });

  it('warns that Zendesk API tokens retire on 2027-04-30', () => {
    const doc = base();
    setAt(doc, '/zendesk/auth', { mode: 'apiToken' });
    const [w] = warningsOf(doc);
    assert.equal(w!.path, '/zendesk/auth/mode');
    assert.match(w!.message, /2027-04-30/);
    assert.match(w!.fix!, /oauth/);
  });

  describe('secrets', () => {
    for (const [path, key] of [['/entra/auth', 'clientSecret'], ['/zendesk', 'apiToken'], ['/zendesk/auth', 'client_secret'], ['', 'password'], ['/endpoints', 'accessToken'], ['/zendesk', 'SecretToken']] as const) {
      it(`rejects "${key}" in ${path || 'the root'} without echoing its value`, () => {
        const doc = base();
        setAt(doc, `${path}/${key}`, 'CANARY-s3cr3t-value');
        const p = assertRejectedAt(doc, `${path}/${key}`);
        assert.match(p.fix, /secrets live in VS Code SecretStorage or environment variables/);
        try { loadConfig(JSON.stringify(doc), 'x'); } catch (error) { assert.doesNotMatch(String(error), /CANARY/); }
      });
    }
    it('never echoes a token pasted into a plain field', () => {
      const doc = base();
      setAt(doc, '/entra/auth/clientId', 'Zx9fQ2mB7kLp4sT1vW8yN3cR6dH0jA5uE2gK');
      try { loadConfig(JSON.stringify(doc), 'x'); assert.fail('should throw'); } catch (error) { assert.doesNotMatch(String(error), /Zx9fQ2mB7k/); }
    });
  });

  describe('attribute mappings', () => {
    it('an Expression source must parse (message says where and what)', () => {
      const doc = base();
      setAt(doc, `${mappings}/2/source`, 'Join(" ", [givenName], [surname]');
      const p = assertRejectedAt(doc, `${mappings}/2/source`);
      assert.match(p.message, /does not parse: .*line 1, column 33/);
      assert.match(p.fix, /column 33/);
    });
    it('Direct needs an attribute name', () => {
      const doc = base();
      setAt(doc, `${mappings}/0/source`, '');
      assertRejectedAt(doc, `${mappings}/0/source`);
      setAt(doc, `${mappings}/0/source`, undefined);
      assertRejectedAt(doc, `${mappings}/0/source`);
    });
    it('a Direct source written with brackets says to drop them', () => {
      const doc = base();
      setAt(doc, `${mappings}/0/source`, '[mail]');
      assert.match(assertRejectedAt(doc, `${mappings}/0/source`).fix, /write "mail"/);
    });
    it('appRoleAssignments cannot be mapped directly', () => {
      const doc = base();
      setAt(doc, `${mappings}/4`, { type: 'Direct', source: 'appRoleAssignments', target: 'role' });
      assert.match(assertRejectedAt(doc, `${mappings}/4/source`).fix, /SingleAppRoleAssignment/);
    });
    it('duplicate targets are rejected at the second one', () => {
      const doc = base();
      setAt(doc, `${mappings}/5/target`, 'name');
      assert.match(assertRejectedAt(doc, `${mappings}/5/target`).message, /already mapped by \/userMapping\/attributeMappings\/2/);
    });
    it('matching precedences are unique', () => {
      const doc = base();
      setAt(doc, `${mappings}/1/matchingPrecedence`, 1);
      assertRejectedAt(doc, `${mappings}/1/matchingPrecedence`);
    });
    it('matching precedence is a whole number ≥ 1', () => {
      for (const bad of [0, -1, 1.5]) {
        const doc = base();
        setAt(doc, `${mappings}/1/matchingPrecedence`, bad);
        assertRejectedAt(doc, `${mappings}/1/matchingPrecedence`);
      }
    });
    it('an enabled mapping needs a matching attribute', () => {
      const doc = base();
      setAt(doc, `${mappings}/0/matchingPrecedence`, undefined);
      setAt(doc, `${mappings}/1/matchingPrecedence`, undefined);
      assert.match(assertRejectedAt(doc, mappings).fix, /matchingPrecedence/);
    });
    it('SelectUniqueValue is rejected for Zendesk', () => {
      const doc = base();
      setAt(doc, `${mappings}/2/source`, 'SelectUniqueValue(Join("", [givenName], [surname]), [mailNickname])');
      assert.match(assertRejectedAt(doc, `${mappings}/2/source`).message, /SelectUniqueValue is not supported/);
    });
    it('targets must be Zendesk attributes (custom fields as user_fields.<key>)', () => {
      const doc = base();
      setAt(doc, `${mappings}/5/target`, 'timezone');
      assert.match(assertRejectedAt(doc, `${mappings}/5/target`).fix, /did you mean "time_zone"/);
      setAt(doc, `${mappings}/5/target`, 'user_fields.office');
      assert.doesNotThrow(() => loadConfig(JSON.stringify(doc), 'x'));
    });
    it('a Constant needs a value', () => {
      const doc = base();
      setAt(doc, `${mappings}/5/source`, '');
      assertRejectedAt(doc, `${mappings}/5/source`);
    });
    it('warns about a source on a None mapping', () => {
      const doc = base();
      setAt(doc, `${mappings}/6/source`, 'department');
      assert.deepEqual(warningsOf(doc).map((w) => w.path), [`${mappings}/6/source`]);
    });
    it('warns about a None mapping without a defaultValue (it does nothing)', () => {
      const doc = base();
      setAt(doc, `${mappings}/6/defaultValue`, undefined);
      assert.deepEqual(warningsOf(doc).map((w) => w.path), [`${mappings}/6`]);
    });
    it('warns about Switch on a mapping applied on update (reference §1.10)', () => {
      const doc = base();
      setAt(doc, `${mappings}/5`, { type: 'Expression', source: 'Switch([department], "UTC", "Sales", "Europe/Paris")', target: 'time_zone' });
      const w = warningsOf(doc);
      assert.ok(w.some((x) => x.path === `${mappings}/5/source` && /Switch/.test(x.message)), JSON.stringify(w));
      setAt(doc, `${mappings}/5/apply`, 'OnCreateOnly');
      assert.ok(!warningsOf(doc).some((x) => /Switch mapping/.test(x.message)));
    });
    it('scoping filter errors are reported at their JSON path', () => {
      const doc = base();
      setAt(doc, '/userMapping/scopingFilters/0/clauses/0/operatorName', 'LESS_THAN');
      assertRejectedAt(doc, '/userMapping/scopingFilters/0/clauses/0/operatorName');
      const doc2 = base();
      setAt(doc2, '/userMapping/scopingFilters/0/clauses/0', { operatorName: 'REGEX MATCH', sourceOperandName: 'mail', targetOperand: { values: ['(unclosed'] } });
      assertRejectedAt(doc2, '/userMapping/scopingFilters/0/clauses/0/targetOperand/values/0');
    });
  });

  describe('scope', () => {
    it('warns that Sync all with group provisioning pushes every group (P3)', () => {
      const doc = base();
      setAt(doc, '/scope', 'allUsersAndGroups');
      setAt(doc, '/groupMapping/enabled', true);
      const w = warningsOf(doc);
      assert.ok(w.some((x) => x.path === '/groupMapping/enabled'));
      assert.ok(w.some((x) => x.path === `${mappings}/4/source` && /allUsersAndGroups/.test(x.message)));
    });
  });

  describe('roles', () => {
    it('a translation needs exactly one Zendesk side', () => {
      const doc = base();
      setAt(doc, '/roles/3', { appRole: 'Tier 2' });
      assertRejectedAt(doc, '/roles/3');
      setAt(doc, '/roles/3', { appRole: 'Tier 2', zendeskRole: 'agent', customRoleName: 'Tier 2' });
      assertRejectedAt(doc, '/roles/3/customRoleName');
    });
    it('zendeskRole is end-user, agent or admin', () => {
      const doc = base();
      setAt(doc, '/roles/1/zendeskRole', 'Agent');
      assert.match(assertRejectedAt(doc, '/roles/1/zendeskRole').fix, /did you mean "agent"/);
    });
    it('an app role is translated once', () => {
      const doc = base();
      setAt(doc, '/roles/3/appRole', 'agent');
      assertRejectedAt(doc, '/roles/3/appRole');
    });
    it('a custom role named like a built-in role is rejected (role import would fail)', () => {
      for (const name of ['Agent', 'end-user', 'End User']) {
        const doc = base();
        setAt(doc, '/roles/3', { appRole: 'Tier 2', customRoleName: name });
        assertRejectedAt(doc, '/roles/3/customRoleName');
      }
    });
    it('customRoleId is a positive whole number', () => {
      const doc = base();
      setAt(doc, '/roles/3/customRoleId', 0);
      assertRejectedAt(doc, '/roles/3/customRoleId');
    });
  });

  describe('deprovisioning, thresholds, notifications, endpoints', () => {
    it('delete on deprovisioning needs the Delete target object action', () => {
      const doc = base();
      setAt(doc, '/deprovisioning/action', 'delete');
      assert.doesNotThrow(() => loadConfig(JSON.stringify(doc), 'x'));
      setAt(doc, '/userMapping/targetObjectActions', ['Create', 'Update']);
      assertRejectedAt(doc, '/deprovisioning/action');
    });
    it('the accidental-deletion threshold is at least 1', () => {
      const doc = base();
      setAt(doc, '/accidentalDeletion/threshold', 0);
      assertRejectedAt(doc, '/accidentalDeletion/threshold');
    });
    it('notify on failure needs an e-mail address', () => {
      const doc = base();
      setAt(doc, '/notifications/email', undefined);
      assertRejectedAt(doc, '/notifications/email');
    });
    it('plain http only for loopback; no API version in the Graph base URL', () => {
      const doc = base();
      setAt(doc, '/endpoints/zendeskBaseUrl', 'http://127.0.0.1:8444');
      assert.doesNotThrow(() => loadConfig(JSON.stringify(doc), 'x'));
      setAt(doc, '/endpoints/zendeskBaseUrl', 'http://zendesk.internal.example');
      assert.match(assertRejectedAt(doc, '/endpoints/zendeskBaseUrl').fix, /https:\/\/zendesk\.internal\.example/);
      setAt(doc, '/endpoints/zendeskBaseUrl', 'https://127.0.0.1:8444');
      setAt(doc, '/endpoints/graphBaseUrl', 'https://graph.microsoft.us/v1.0');
      assertRejectedAt(doc, '/endpoints/graphBaseUrl');
    });
  });

  describe('unknown keys', () => {
    it('are kept and not rejected', () => {
      const doc = base();
      setAt(doc, '/zendesk/region', 'eu');
      setAt(doc, '/userMapping/attributeMappings/0/comment', 'primary key');
      const loaded = loadConfig(JSON.stringify(doc), 'x');
      assert.deepEqual(loaded.warnings, []);
      assert.equal((loaded.document.value.zendesk as Record<string, unknown>).region, 'eu');
    });
    it('Graph\'s names for keys are pointed to this file\'s names', () => {
      const doc = base();
      setAt(doc, `${mappings}/0/matchingPriority`, 1);
      setAt(doc, '/userMapping/flowTypes', 'Add, Update, Delete');
      setAt(doc, '/groupMapping/scope', { groups: [] });
      assert.deepEqual(warningsOf(doc).map((w) => w.fix), [
        'rename "matchingPriority" to "matchingPrecedence"',
        'rename "flowTypes" to "targetObjectActions"',
        'rename "scope" to "scopingFilters"',
      ]);
    });
    it('are warned about when they look like typos of known keys', () => {
      const doc = clone(base());
      setAt(doc, '/userMapping/enabeld', false);
      setAt(doc, '/accidentalDeletion/treshold', 5);
      setAt(doc, '/Scope', 'assignedOnly');
      const w = warningsOf(doc);
      assert.deepEqual(w.map((x) => [x.path, x.fix]), [
        ['/userMapping/enabeld', 'rename "enabeld" to "enabled"'],
        ['/accidentalDeletion/treshold', 'rename "treshold" to "threshold"'],
        ['/Scope', 'rename "Scope" to "scope"'],
      ]);
      assert.ok(w.every((x) => x.line !== undefined));
    });
  });
});
