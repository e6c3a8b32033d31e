import assert from 'node:assert/strict';
import { parse } from 'jsonc-parser';
import { ConfigError, createConfigText, loadConfig, saveConfig, updateConfigText } from '../../../src/core/config';
import { clone, fixtureText, setAt } from './helpers';

const FIXTURES = ['valid-full.jsonc', 'minimal.json', 'tabs-crlf.json'];

/** Lines of `after` that differ from `before` (same line count assumed). */
function changedLines(before: string, after: string): string[] {
  const a = before.split('\n');
  const b = after.split('\n');
  assert.equal(a.length, b.length, 'line count changed');
  return b.filter((line, i) => line !== a[i]);
}

describe('config round trips (text in, text out)', () => {
  for (const name of FIXTURES) {
    it(`${name}: load → save with no change gives back the same bytes`, () => {
      const text = fixtureText(name);
      const { document } = loadConfig(text, name);
      assert.equal(saveConfig(document, []), text);
      assert.equal(updateConfigText(text, document.value), text);
      assert.equal(updateConfigText(text, clone(document.value)), text);
    });
  }

  it('a change touches only its key; comments, order and unknown keys are kept', () => {
    const text = fixtureText('valid-full.jsonc');
    const { document } = loadConfig(text, 'full');
    const saved = saveConfig(document, [{ path: '/accidentalDeletion/threshold', value: 50 }]);
    assert.deepEqual(changedLines(text, saved), ['  "accidentalDeletion": { "enabled": true, "threshold": 50 },']);
    assert.equal(loadConfig(saved, 'full').config.accidentalDeletion.threshold, 50);
  });

  it('updateConfigText edits only the values that differ', () => {
    const text = fixtureText('valid-full.jsonc');
    const { document } = loadConfig(text, 'full');
    const next = clone(document.value);
    setAt(next, '/zendesk/subdomain', 'acme-eu');
    setAt(next, '/userMapping/attributeMappings/2/apply', 'OnCreateOnly');
    const updated = updateConfigText(text, next);
    assert.deepEqual(changedLines(text, updated), [
      '    "subdomain": "acme-eu",',
      '      { "type": "Expression", "source": "Join(\\" \\", [givenName], [surname])", "target": "name", "apply": "OnCreateOnly" },',
    ]);
    assert.deepEqual(parse(updated), next);
  });

  it('adds, removes and appends: the result parses to the new document, comments and unknown keys survive', () => {
    const text = fixtureText('valid-full.jsonc');
    const { document } = loadConfig(text, 'full');
    const next = clone(document.value);
    setAt(next, '/notifications', undefined);
    setAt(next, '/roles/3', undefined);
    (next.userMapping as { attributeMappings: unknown[] }).attributeMappings.push({ type: 'Direct', source: 'mobile', target: 'user_fields.mobile' });
    setAt(next, '/excludeDefaultAccess', false);
    const updated = updateConfigText(text, next);
    assert.deepEqual(parse(updated), next);
    assert.match(updated, /\/\/ A complete configuration/);
    assert.match(updated, /"teamNotes": "kept as is/);
    const keys = Object.keys(parse(updated) as object);
    assert.deepEqual(keys.slice(0, 5), ['$schema', 'entra', 'zendesk', 'scope', 'teamNotes']);
    assert.equal(keys[keys.length - 1], 'excludeDefaultAccess');
    const reloaded = loadConfig(updated, 'full');
    assert.equal(reloaded.config.userMapping.attributeMappings.length, 8);
    assert.equal(reloaded.config.notifications.notifyOnFailure, false);
  });

  it('inserted text follows the file\'s tabs and CRLF line endings', () => {
    const text = fixtureText('tabs-crlf.json');
    const { document } = loadConfig(text, 'tabs');
    const saved = saveConfig(document, [{ path: ['deprovisioning'], value: { action: 'suspend' } }, { path: '/zendesk/auth', value: { mode: 'oauth' } }]);
    assert.ok(!/[^\r]\n/.test(saved), 'every line ends with CRLF');
    // Next to the one-line "x-custom" object the new section is one line too; "auth" joins multi-line siblings.
    assert.match(saved, /\r\n\t"deprovisioning": \{ "action": "suspend" \}\r\n\}\r\n$/);
    assert.match(saved, /\r\n\t\t"auth": \{\r\n\t\t\t"mode": "oauth"/);
    assert.match(saved, /"x-custom": \{ "owner": "it-ops" \}/);
    assert.equal(loadConfig(saved, 'tabs').config.deprovisioning.action, 'suspend');
  });

  it('updateConfigText refuses text with syntax errors (it could misplace values)', () => {
    assert.throws(() => updateConfigText('{\n  "scope": "assignedOnly"\n  "entra": {}\n}', { scope: 'allUsersAndGroups' }),
      (error: unknown) => error instanceof ConfigError && error.problems[0]!.line === 3);
  });

  it('saveConfig refuses a path that does not fit the document', () => {
    const { document } = loadConfig(fixtureText('minimal.json'), 'minimal');
    assert.throws(() => saveConfig(document, [{ path: '/zendesk/subdomain/x', value: 1 }]), /\/zendesk\/subdomain is not an object/);
    assert.throws(() => saveConfig(document, [{ path: '/roles/3', value: {} }]), /the list \/roles does not exist/);
    const created = saveConfig(document, [{ path: '/roles/0', value: { appRole: 'Agent', zendeskRole: 'agent' } }]);
    assert.deepEqual(loadConfig(created, 'minimal').config.roles, [{ appRole: 'Agent', zendeskRole: 'agent' }]);
  });

  it('saveConfig removes a key when the value is undefined', () => {
    const text = fixtureText('valid-full.jsonc');
    const { document } = loadConfig(text, 'full');
    const saved = saveConfig(document, [{ path: '/teamNotes', value: undefined }]);
    assert.doesNotMatch(saved, /teamNotes/);
    assert.equal(text.split('\n').length - saved.split('\n').length, 1);
  });

  it('createConfigText writes a valid, minimal file with $schema when asked', () => {
    const text = createConfigText({
      tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47', servicePrincipalId: '0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0',
      subdomain: 'acme', adminEmail: 'admin@acme.example', schemaUri: './entra-zendesk.schema.json',
      entraAuth: { mode: 'clientSecret', clientId: '11111111-2222-3333-4444-555555555555' },
      endpoints: { zendeskBaseUrl: 'https://127.0.0.1:8444' },
    });
    assert.deepEqual(Object.keys(JSON.parse(text)), ['$schema', 'entra', 'zendesk', 'endpoints']);
    const { config, warnings } = loadConfig(text, 'new.json');
    assert.deepEqual(warnings, []);
    assert.equal(config.endpoints.zendeskBaseUrl, 'https://127.0.0.1:8444');
    assert.equal(config.entra.auth.mode, 'clientSecret');
  });

  it('createConfigText rejects invalid options with the JSON path', () => {
    assert.throws(
      () => createConfigText({ tenantId: 'contoso.onmicrosoft.com', displayName: 'Zendesk', subdomain: 'https://acme.zendesk.com', adminEmail: 'a@b.co' }),
      (error: unknown) => error instanceof ConfigError && error.problems.some((p) => p.path === '/zendesk/subdomain' && /write "acme"/.test(p.fix)),
    );
  });

  describe('edits are laid out like their surroundings', () => {
    const text = fixtureText('valid-full.jsonc');
    const { document } = loadConfig(text, 'full');

    it('a key added to a one-line object stays on that line', () => {
      const saved = saveConfig(document, [{ path: '/userMapping/attributeMappings/0/apply', value: 'Always' }]);
      assert.deepEqual(changedLines(text, saved), [
        '      { "type": "Direct", "source": "userPrincipalName", "target": "email", "matchingPrecedence": 1, "apply": "Always" },',
      ]);
    });

    it('an item added to a list of one-line objects is one line with the same indentation', () => {
      const saved = saveConfig(document, [{ path: '/roles/4', value: { appRole: 'Light agent', customRoleName: 'Light agent' } }]);
      assert.match(saved, /\{ "appRole": "Tier 2", "customRoleId": 360001234567 \},\n {4}\{ "appRole": "Light agent", "customRoleName": "Light agent" \}\n {2}\]/);
      assert.equal(loadConfig(saved, 'full').config.roles.length, 5);
    });

    it('a missing section is created around the key', () => {
      const minimal = fixtureText('minimal.json');
      const loaded = loadConfig(minimal, 'minimal');
      const saved = saveConfig(loaded.document, [{ path: '/accidentalDeletion/threshold', value: 20 }]);
      assert.equal(saved, minimal.replace('"adminEmail": "admin@contoso.com" }\n', '"adminEmail": "admin@contoso.com" },\n  "accidentalDeletion": { "threshold": 20 }\n'));
      assert.equal(loadConfig(saved, 'minimal').config.accidentalDeletion.threshold, 20);
    });

    it('a multi-line section added to a multi-line object is indented one level deeper', () => {
      const saved = saveConfig(document, [{ path: '/groupMapping/scopingFilters', value: [{ name: 'Support', clauses: [] }] }]);
      assert.match(saved, /"groupMapping": \{\n {4}"enabled": false,\n {4}"scopingFilters": \[\n {6}\{\n {8}"name": "Support",\n {8}"clauses": \[\]\n {6}\}\n {4}\]\n {2}\}/);
    });

    it('replacing a one-line value keeps it on one line', () => {
      const saved = saveConfig(document, [{ path: '/deprovisioning', value: { action: 'delete', skipOutOfScopeDeletions: true } }]);
      assert.deepEqual(changedLines(text, saved), ['  "deprovisioning": { "action": "delete", "skipOutOfScopeDeletions": true },']);
    });

    it('inserting in the middle of a list keeps the other items', () => {
      const saved = saveConfig(document, [{ path: '/userMapping/targetObjectActions', value: ['Create', 'Update'] }]);
      assert.deepEqual(changedLines(text, saved), ['    "targetObjectActions": ["Create", "Update"],']);
      const next = clone(document.value);
      (next.roles as unknown[]).splice(1, 1);
      const updated = updateConfigText(text, next);
      assert.deepEqual(parse(updated), next);
      assert.equal(text.split('\n').length - updated.split('\n').length, 1);
    });
  });
});
