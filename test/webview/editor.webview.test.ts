/**
 * The editor's front end in a real browser (playwright-core + Debian Chromium): a harness page serves exactly the
 * panel's HTML (same CSP, nonce script) with the built `dist/webview/main.js`/`main.css`, and a mocked
 * `acquireVsCodeApi` whose messages go to a real EditorController over in-memory ports — so the page talks the real
 * protocol to the real host logic, and the test reads what the "file" received.
 * Run: `npm run test:webview` (builds first). Screenshots: test-results/screenshots/webview-*.png.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { loadConfig } from '../../src/core/config';
import { EditorController } from '../../src/extension/editor/editor-controller';
import { renderEditorHtml } from '../../src/extension/editor/editor-html';
import type { HostToWebviewMessage, WebviewPersistedState, WebviewToHostMessage } from '../../src/protocol/editor-protocol';
import { MINIMAL_CONFIG, MemoryFile, MemoryUsers, SAMPLE_USERS } from '../unit/editor/fakes';
import { THEMES } from './themes';

const ROOT = resolve(__dirname, '../..');
const SCREENSHOTS = join(ROOT, 'test-results', 'screenshots');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

interface Harness {
  page: Page;
  file: MemoryFile;
  sent: WebviewToHostMessage[];
  problems: string[];
}

describe('mappings editor webview (browser)', function () {
  this.timeout(90_000);
  let server: Server;
  let baseUrl: string;
  let context: BrowserContext;
  let profile: string;

  before(async function () {
    if (!existsSync(CHROMIUM)) this.skip();
    for (const asset of ['main.js', 'main.css']) {
      assert.ok(existsSync(join(ROOT, 'dist', 'webview', asset)), `dist/webview/${asset} is missing: run npm run build (npm run test:webview does)`);
    }
    server = createServer((request, response) => {
      const url = new URL(request.url ?? '/', 'http://127.0.0.1');
      if (url.pathname === '/') {
        const origin = `http://${request.headers.host}`;
        response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        response.end(renderEditorHtml({
          cspSource: origin, nonce: randomBytes(16).toString('base64'),
          scriptUri: `${origin}/dist/webview/main.js`, styleUri: `${origin}/dist/webview/main.css`, title: 'Mappings and Scope',
        }));
        return;
      }
      if (url.pathname === '/favicon.ico') {
        response.writeHead(204).end(); // browsers ask for one; a webview has none
        return;
      }
      const asset = /^\/dist\/webview\/(main\.(?:js|css))$/.exec(url.pathname)?.[1];
      if (asset === undefined) {
        response.writeHead(404).end();
        return;
      }
      response.writeHead(200, { 'content-type': asset.endsWith('.js') ? 'text/javascript' : 'text/css' });
      response.end(readFileSync(join(ROOT, 'dist', 'webview', asset)));
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    profile = mkdtempSync(join(tmpdir(), 'editor-webview-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1280, height: 900 },
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    mkdirSync(SCREENSHOTS, { recursive: true });
  });

  after(async () => {
    await context?.close();
    await new Promise<void>((done) => (server ? server.close(() => done()) : done()));
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  /** Opens the editor on a fresh page with the given theme and (optionally) a state kept by setState. */
  async function open(theme: 'light' | 'dark', persisted?: WebviewPersistedState, text = MINIMAL_CONFIG): Promise<Harness> {
    const page = await context.newPage();
    const file = new MemoryFile(text);
    const sent: WebviewToHostMessage[] = [];
    const problems: string[] = [];
    page.on('console', (message) => { if (message.type() === 'error') problems.push(message.text()); });
    page.on('pageerror', (error) => problems.push(error.message));
    const controller = new EditorController({
      file,
      users: new MemoryUsers(SAMPLE_USERS),
      discovery: { directoryExtensions: async () => ['extension_abc_costCenter'], zendeskUserFieldKeys: async () => ['badge'] },
      post: (message: HostToWebviewMessage) => void page.evaluate(`window.postMessage(${JSON.stringify(message)}, '*')`).catch(() => undefined),
    });
    await page.exposeFunction('__toHost', (message: WebviewToHostMessage) => {
      sent.push(message);
      void controller.handleMessage(message);
    });
    // VS Code's webview host: the API object, and the theme as style properties on <html> + a body class.
    await page.addInitScript({ content: initScript(theme, persisted) });
    await page.goto(baseUrl);
    await page.locator('#table-user tbody tr').first().waitFor();
    return { page, file, sent, problems };
  }

  /**
   * VS Code's webview host, mocked: the API object (messages to the controller through `__toHost`, state kept in
   * memory and mirrored to `__kept`), and the theme as style properties on <html> plus a body class.
   */
  function initScript(theme: 'light' | 'dark', state: WebviewPersistedState | undefined): string {
    return `(() => {
      let kept = ${JSON.stringify(state ?? null)} ?? undefined;
      window.acquireVsCodeApi = () => ({
        postMessage: (m) => window.__toHost(m),
        getState: () => kept,
        setState: (s) => { kept = s; window.__kept = s; },
      });
      // After parsing: the parser's <html> replaces the one that exists when init scripts run.
      document.addEventListener('DOMContentLoaded', () => {
        for (const [key, value] of Object.entries(${JSON.stringify(THEMES[theme])})) document.documentElement.style.setProperty(key, value);
        document.body.classList.add('vscode-${theme}');
      });
      document.addEventListener('securitypolicyviolation', (e) => console.error('CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI));
    })();`;
  }

  const isDisabled = async (page: Page, selector: string): Promise<boolean> => (await page.locator(selector).getAttribute('disabled')) !== null;
  // Locators, not waitForFunction: string predicates need eval, which the page's CSP (rightly) forbids.
  const waitForText = (page: Page, id: string, pattern: RegExp): Promise<void> => page.locator(`#${id}`, { hasText: pattern }).waitFor();

  // Scrolled to the top first: a full-page capture of a scrolled page draws the sticky toolbar mid-page.
  const shot = async (page: Page, name: string) => (await page.evaluate('window.scrollTo(0, 0)'), page.screenshot({ path: join(SCREENSHOTS, `webview-${name}.png`), fullPage: true }));

  async function chooseOption(page: Page, selectId: string, option: string): Promise<void> {
    await page.locator(`#${selectId}`).click();
    await page.locator(`#${selectId}`).getByRole('option', { name: option, exact: true }).click();
  }

  it('adds a mapping, underlines an invalid expression, previews the fixed value, scopes, and saves', async () => {
    const { page, file, sent, problems } = await open('light');
    assert.equal(await page.locator('#table-user tbody tr').count(), 7);
    await shot(page, 'light-1-mappings');

    await page.locator('#add-user').click();
    assert.equal(await page.locator('#table-user tbody tr').count(), 8);
    await chooseOption(page, 'field-type', 'Expression');
    await page.locator('#field-target').fill('user_fields.badge');
    const invalid = 'Join(" ", [givenName] [surname])';
    await page.locator('textarea#field-source').fill(invalid);

    // The host's parse error comes back underlined at its position.
    const squiggle = page.locator(`.expr-mirror .squiggle-error[data-offset="${'Join(" ", [givenName] '.length}"]`);
    await squiggle.waitFor();
    assert.equal(await squiggle.getAttribute('data-offset'), String('Join(" ", [givenName] '.length));
    assert.equal(await squiggle.textContent(), '[surname]', 'the whole offending token is underlined');
    const message = await page.locator('#field-source-message').textContent();
    assert.match(message ?? '', /Error at line 1, column 23/);
    assert.equal((message ?? '').match(/line 1, column 23/g)?.length, 1, `the position is said once: ${message}`);
    assert.equal(await page.locator('textarea#field-source').getAttribute('aria-invalid'), 'true');
    assert.ok(await isDisabled(page, '#save'), 'Save is disabled while there are errors');

    // Pick a preview user by search.
    await page.locator('#preview-search').fill('jane');
    await page.locator('#preview-search').press('Enter');
    await page.locator('#pick-u-jane').click();
    await page.locator('#preview-result .badge.err').waitFor();
    await shot(page, 'light-2-expression-error');

    // Fix it: the underline goes, the preview shows the value.
    await page.locator('textarea#field-source').fill('Join(" ", [givenName], [surname])');
    await page.locator('#preview-value').waitFor();
    assert.equal(await page.locator('#preview-value').textContent(), '"Jane Doe"');
    await page.locator('.expr-mirror .squiggle-error').waitFor({ state: 'detached' });
    await page.locator('#dirty:not([hidden])').waitFor();
    await page.locator('#warning-full').waitFor();
    await shot(page, 'light-3-preview');

    // Scope: add a clause, the counts change and the banner counts users leaving scope.
    await page.locator('vscode-tab-header[data-tab="scope"]').click();
    const counts = page.locator('#scope-counts');
    await waitForText(page, 'scope-counts', /^3 in scope · 1 out of scope$/);
    await page.locator('#add-filter-user').click();
    await page.locator('#clause-user-0-0-attribute').fill('department');
    await page.locator('#clause-user-0-0-value input').fill('Sales');
    await waitForText(page, 'scope-counts', /^2 in scope · 2 out of scope/);
    assert.equal(await counts.textContent(), '2 in scope · 2 out of scope · 1 would leave scope');
    assert.match(await page.locator('#warning-leaving').textContent() ?? '', /1 user will go out of scope/);
    assert.match(await page.locator('#scope-rows tr[data-user="u-bob"]').textContent() ?? '', /Out of scope.*did not pass scoping filter "Scoping filter 1"/);
    await shot(page, 'light-4-scope');

    // Every operator is offered.
    await page.locator('#clause-user-0-0-operator').click();
    const operators = await page.locator('#clause-user-0-0-operator').getByRole('option').allTextContents();
    assert.equal(operators.length, 14, operators.join(', '));
    await page.keyboard.press('Escape');

    // Save: the host receives the draft and writes the document.
    await page.locator('#save:not([disabled])').waitFor();
    await page.locator('#save').click();
    await page.locator('.notice-info').waitFor();
    assert.match(await page.locator('.notice-info').textContent() ?? '', /^Saved /);
    const saveRequest = sent.find((m) => m.type === 'request' && m.method === 'save');
    assert.ok(saveRequest, 'the host received a save request');
    assert.equal(file.writes.length, 1);
    const { config } = loadConfig(file.text, 'saved');
    assert.deepEqual(config.userMapping.attributeMappings.at(-1), { type: 'Expression', source: 'Join(" ", [givenName], [surname])', target: 'user_fields.badge', apply: 'Always' });
    assert.deepEqual(config.userMapping.scopingFilters, [{ name: 'Scoping filter 1', clauses: [{ operatorName: 'EQUALS', sourceOperandName: 'department', targetOperand: { values: ['Sales'] } }] }]);
    assert.match(file.text, /\/\/ The deployment this workspace provisions\./, 'comments survive');
    await page.locator('#dirty[hidden]').waitFor({ state: 'attached' });
    assert.deepEqual(problems, [], 'no console errors or CSP violations');
    await page.close();
  });

  it('looks right in the dark theme, keeps the draft with setState and restores it', async () => {
    const first = await open('dark');
    await first.page.locator('#edit-u5').click(); // the role mapping (an expression)
    // The function list inserts a call at the caret.
    await first.page.locator('textarea#field-source').fill('');
    await first.page.locator('details.functions summary').click();
    assert.match(await first.page.locator('details.functions').textContent() ?? '', /Mid\(source, start, length\)/);
    await first.page.getByRole('button', { name: 'Insert Join', exact: true }).click();
    assert.equal(await first.page.locator('textarea#field-source').inputValue(), 'Join(');
    await first.page.locator('details.functions summary').click();
    await first.page.locator('textarea#field-source').fill('SingleAppRoleAssignment([appRoleAssignments]');
    await first.page.locator('.expr-mirror .squiggle-error[data-offset="44"]').waitFor();
    await first.page.locator('#preview-search').fill('bob');
    await first.page.locator('#preview-search').press('Enter');
    await first.page.locator('#pick-u-bob').click();
    await shot(first.page, 'dark-1-expression-error');
    const kept = await first.page.evaluate<WebviewPersistedState>('window.__kept');
    assert.equal(kept.draft?.userMapping.attributeMappings.find((m) => m.target === 'role')?.source, 'SingleAppRoleAssignment([appRoleAssignments]');
    assert.equal(kept.selectedUserId, 'u-bob');
    await first.page.close();

    // A reloaded panel comes back with the draft (and is dirty against the file).
    const second = await open('dark', kept);
    await second.page.locator('#dirty:not([hidden])').waitFor();
    assert.match(await second.page.locator('#row-u5').textContent() ?? '', /SingleAppRoleAssignment\(\[appRoleAssignments\]Expression/);
    assert.deepEqual(second.problems, []);
    await second.page.locator('vscode-tab-header[data-tab="scope"]').click();
    await second.page.locator('#add-filter-user').click();
    await second.page.locator('#clause-user-0-0-attribute').fill('jobTitle');
    await chooseOption(second.page, 'clause-user-0-0-operator', 'IS NOT NULL');
    assert.ok(await isDisabled(second.page, '#clause-user-0-0-value'), 'a unary operator takes no value');
    await waitForText(second.page, 'scope-counts', /would leave scope/);
    await shot(second.page, 'dark-2-scope');
    assert.deepEqual(second.problems, []);
    await second.page.close();
  });

  it('is keyboard operable: Add mapping, Edit and Delete by keyboard; restore defaults', async () => {
    const { page, problems } = await open('light');
    await page.locator('#add-user').focus();
    await page.keyboard.press('Enter');
    assert.equal(await page.locator('#table-user tbody tr').count(), 8);
    assert.equal(await page.evaluate('document.activeElement?.id'), 'field-type', 'focus moves into the new mapping');
    await page.locator('#table-user tbody tr').last().locator('vscode-button', { hasText: 'Delete' }).focus();
    await page.keyboard.press('Space');
    assert.equal(await page.locator('#table-user tbody tr').count(), 7);
    // Matching precedence: external_id moves before email.
    await page.locator('#up-u2').click();
    assert.match(await page.locator('.precedence ol').first().textContent() ?? '', /^1\.external_id/);
    // Group mappings have their own table; the scope setting decides whether unassigned users count.
    await page.locator('vscode-tab-header[data-tab="group"]').click();
    assert.equal(await page.locator('#table-group tbody tr').count(), 2);
    await page.locator('vscode-tab-header[data-tab="scope"]').click();
    await waitForText(page, 'scope-counts', /^3 in scope · 1 out of scope$/);
    await page.locator('#scope-all').click();
    await waitForText(page, 'scope-counts', /^4 in scope · 0 out of scope · 1 would come into scope$/);
    await page.locator('#restore').click();
    await page.locator('.notice-info').waitFor();
    assert.equal(await page.locator('#table-user tbody tr').count(), 7);
    assert.deepEqual(problems, []);
    await page.close();
  });
});
