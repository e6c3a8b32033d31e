/** package.json `contributes` agrees with the code's constants and package.nls.json has every string. */
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { CommandIds, contextValue, ENTRA_JOB_VIEW_ID, ViewIds } from '../../../src/extension/constants';

const root = path.resolve(__dirname, '../../..');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  activationEvents: string[];
  contributes: {
    commands: Array<{ command: string; title: string; category: string; icon: string }>;
    views: Record<string, Array<{ id: string; name: string; icon: string }>>;
    viewsWelcome: Array<{ view: string; contents: string; when: string }>;
    menus: Record<string, Array<{ command: string }>>;
    jsonValidation: Array<{ fileMatch: string; url: string }>;
    walkthroughs: Array<{
      id: string;
      title: string;
      description: string;
      steps: Array<{ id: string; title: string; description: string; media: { markdown?: string }; completionEvents?: string[] }>;
    }>;
  };
};
const nls = JSON.parse(readFileSync(path.join(root, 'package.nls.json'), 'utf8')) as Record<string, unknown>;

/** A `%key%` placeholder resolved from package.nls.json (plain strings or `{ message }` entries). */
function localised(value: string): string {
  const key = /^%([\w.]+)%$/.exec(value)?.[1];
  if (key === undefined) return value;
  const entry = nls[key];
  const text = typeof entry === 'string' ? entry : (entry as { message?: unknown } | undefined)?.message;
  assert.equal(typeof text, 'string', `package.nls.json has no string for ${key}`);
  return text as string;
}

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

  it('contributes the five snapshot views and the Entra job view in one container, each with an icon', () => {
    const views = pkg.contributes.views['entraZendesk'] ?? [];
    assert.deepEqual(views.map((v) => v.id).sort(), [...Object.values(ViewIds), ENTRA_JOB_VIEW_ID].sort());
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

  it('contributes Diagnose in the palette and the Entra Assignments view title', () => {
    const diagnose = pkg.contributes.commands.find((c) => c.command === CommandIds.diagnose);
    assert.ok(diagnose, 'Diagnose is contributed');
    assert.equal(diagnose.icon, '$(checklist)');
    assert.equal(localised(diagnose.title), 'Diagnose');
    assert.ok(!(pkg.contributes.menus['commandPalette'] ?? []).some((m) => m.command === CommandIds.diagnose), 'not hidden from the palette');
    const inView = (pkg.contributes.menus['view/title'] ?? []) as Array<{ command: string; when: string }>;
    assert.ok(inView.some((m) => m.command === CommandIds.diagnose && m.when === `view == ${ViewIds.assignments}`));
  });

  describe('the getting-started walkthrough', () => {
    const walkthrough = pkg.contributes.walkthroughs.find((w) => w.id === 'entraZendesk.gettingStarted');
    const known = new Set<string>(Object.values(CommandIds));

    it('follows the tutorial: sandbox first, then plan, Zendesk access, enterprise app, scope, mappings, trial, full sync', () => {
      assert.ok(walkthrough, 'walkthrough entraZendesk.gettingStarted is contributed');
      assert.deepEqual(walkthrough.steps.map((s) => s.id), ['sandbox', 'plan', 'zendeskAccess', 'enterpriseApp', 'scope', 'mappings', 'trial', 'fullSync']);
      assert.ok(localised(walkthrough.title).length > 0);
      assert.ok(localised(walkthrough.description).length > 0);
    });

    it('gives every step a localised title, a button to a contributed command and an existing markdown file', () => {
      for (const step of walkthrough!.steps) {
        assert.match(step.title, /^%walkthrough\.\w+\.title%$/, step.id);
        assert.ok(localised(step.title).length > 0, step.id);
        const description = localised(step.description);
        const buttons = [...description.matchAll(/\]\(command:([\w.]+)\)/g)].map((m) => m[1]!);
        assert.equal(buttons.length, 1, `${step.id}: one button, in ${JSON.stringify(description)}`);
        assert.ok(known.has(buttons[0]!), `${step.id}: ${buttons[0]} is not a contributed command`);
        assert.deepEqual(step.completionEvents, [`onCommand:${buttons[0]}`], step.id);
        const markdown = step.media.markdown;
        assert.match(markdown ?? '', /^media\/walkthrough\/[\w-]+\.md$/, step.id);
        assert.ok(existsSync(path.join(root, markdown!)), `${step.id}: ${markdown} is missing`);
        assert.match(readFileSync(path.join(root, markdown!), 'utf8'), /^# \S/, `${step.id}: ${markdown} starts with a heading`);
      }
    });

    it('sends Zendesk access to an OAuth client and states the API-token dates', () => {
      const step = walkthrough!.steps.find((s) => s.id === 'zendeskAccess')!;
      const text = `${localised(step.description)}\n${readFileSync(path.join(root, step.media.markdown!), 'utf8')}`;
      assert.match(text, /OAuth client/);
      assert.match(text, /2026-10-27/);
      assert.match(text, /2027-04-30/);
    });
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
