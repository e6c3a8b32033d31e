/** package.json `contributes` agrees with the code's constants and package.nls.json has every string. */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { CommandIds, contextValue, ViewIds } from '../../../src/extension/constants';

const root = path.resolve(__dirname, '../../..');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  activationEvents: string[];
  contributes: {
    commands: Array<{ command: string; title: string; category: string; icon: string }>;
    views: Record<string, Array<{ id: string; name: string; icon: string }>>;
    viewsWelcome: Array<{ view: string; contents: string; when: string }>;
    menus: Record<string, Array<{ command: string }>>;
    jsonValidation: Array<{ fileMatch: string; url: string }>;
  };
};
const nls = JSON.parse(readFileSync(path.join(root, 'package.nls.json'), 'utf8')) as Record<string, unknown>;

describe('extension contributions', () => {
  it('contributes exactly the commands in CommandIds, each with a category, a codicon and localised title', () => {
    const contributed = pkg.contributes.commands.map((c) => c.command).sort();
    assert.deepEqual(contributed, Object.values(CommandIds).sort());
    for (const command of pkg.contributes.commands) {
      assert.match(command.title, /^%command\.\w+\.title%$/, command.command);
      assert.equal(command.category, '%command.category%');
      assert.match(command.icon, /^\$\([a-z-~]+\)$/, command.command);
    }
  });

  it('contributes the five views in one container, each with an icon', () => {
    const views = pkg.contributes.views['entraZendesk'] ?? [];
    assert.deepEqual(views.map((v) => v.id).sort(), Object.values(ViewIds).sort());
    for (const view of views) assert.ok(view.icon, view.id);
  });

  it('has a welcome for every state in every view', () => {
    for (const view of Object.values(ViewIds)) {
      const states = pkg.contributes.viewsWelcome.filter((w) => w.view === view).map((w) => w.when.replace('entraZendesk:state == ', '')).sort();
      assert.deepEqual(states, ['error', 'loading', 'noConfig', 'noZendeskCredentials', 'signedOut'], view);
    }
  });

  it('resolves every %key% from package.nls.json', () => {
    const keys = [...JSON.stringify(pkg.contributes).matchAll(/%([\w.]+)%/g)].map((m) => m[1]!);
    assert.ok(keys.length > 30);
    assert.deepEqual(keys.filter((k) => !(k in nls)), []);
  });

  it('menus only name contributed commands; activation is lazy', () => {
    const known = new Set<string>(Object.values(CommandIds));
    for (const [menu, entries] of Object.entries(pkg.contributes.menus)) for (const entry of entries) assert.ok(known.has(entry.command), `${menu}: ${entry.command}`);
    // Contributions activate implicitly; the one explicit event restores an open mappings editor after a reload
    // (a webview panel serializer is not a contribution, so VS Code cannot infer it). Never `*`.
    assert.deepEqual(pkg.activationEvents, ['onWebviewPanel:entraZendesk.mappingsEditor']);
  });

  it('binds the configuration schema to .vscode/entra-zendesk.json', () => {
    assert.deepEqual(pkg.contributes.jsonValidation, [{ fileMatch: '.vscode/entra-zendesk.json', url: './schemas/entra-zendesk.schema.json' }]);
  });

  it('builds context values from de-duplicated, sorted tags', () => {
    assert.equal(contextValue('entraUser', 'matched', false, null, 'entraUser', 'inScope'), 'entraUser;inScope;matched');
    assert.match(contextValue('entraUser', 'outOfScope'), /\bentraUser\b/);
    assert.doesNotMatch(contextValue('outOfScope'), /\bmatched\b/);
  });
});
