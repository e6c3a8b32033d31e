/**
 * The mappings and scope editor end to end in code-server, driven like an admin would (issue 7, item 5): "Start
 * Sandbox Tenant" from the palette, "Edit Mappings and Scope", add a mapping, type an invalid expression (the error is
 * underlined where it is), fix it (a preview value for a sandbox user), add a scoping clause (the preview counts
 * change), Save — and the sandbox's configuration file on disk has both changes. Screenshots in the light and the dark
 * theme: test-results/screenshots/mappings-editor/.
 *
 * The webview is two nested iframes in the workbench (VS Code's outer `iframe.webview` host and the `#active-frame`
 * that holds our HTML); its selectors are the ones test/webview/editor.webview.test.ts uses against the same DOM.
 */
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { FrameLocator, Page } from 'playwright-core';
import { loadConfig } from '../../src/core/config';
import type { CodeServerDirs } from './support/code-server';
import { runPaletteCommand, screenshot } from './support/workbench';
import { useWorkbench } from './support/workbench-suite';

const SHOTS = 'mappings-editor';
/** A demo-tenant user (src/sandbox/graph/seeds/graph-demo.json): department Marketing, employeeId E01064. */
const PREVIEW_USER = 'Greta Jansen';
const TARGET = 'user_fields.cost_center'; // a user field of the Zendesk demo account that the defaults leave unmapped
const INVALID = 'Join("-", [department] [employeeId])'; // a missing comma: the parser stops at the second attribute
const INVALID_OFFSET = 'Join("-", [department] '.length;
const FIXED = 'Join("-", [department], [employeeId])';
/** Setting ids; the theme picker lists them by label ("Dark Modern"). */
const THEMES = { light: 'Default Light Modern', dark: 'Default Dark Modern' } as const;
const DARK_THEME_LABEL = 'Dark Modern';
const HIGH_CONTRAST_THEME_LABEL = 'Dark High Contrast';

describe('VS Code UI: the mappings and scope editor on the sandbox tenant', function () {
  this.timeout(180_000);
  this.bail(true);
  const wb = useWorkbench(SHOTS, {
    beforeStart: (dirs) => writeUserSettings(dirs, { 'workbench.colorTheme': THEMES.light }),
  });
  const started = Date.now();
  const timings: string[] = [];
  const lap = (what: string) => timings.push(`${what} ${((Date.now() - started) / 1000).toFixed(1)} s`);

  // Registered after useWorkbench's hooks, so "workbench ready" is taken once its before hook has opened the workbench.
  before(function () {
    lap('workbench ready');
  });

  after(function () {
    if (timings.length > 0) console.log(`    timings: ${timings.join(', ')}`);
  });

  /** The editor's document inside VS Code's webview host frame. */
  const editorFrame = (page: Page): FrameLocator => page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');

  async function chooseOption(frame: FrameLocator, selectId: string, option: string): Promise<void> {
    await frame.locator(`#${selectId}`).click();
    await frame.locator(`#${selectId}`).getByRole('option', { name: option, exact: true }).click();
  }

  async function scopeCounts(frame: FrameLocator): Promise<{ text: string; inScope: number; outOfScope: number }> {
    const counts = frame.locator('#scope-counts', { hasText: /^\d+ in scope · \d+ out of scope/ });
    await counts.waitFor({ timeout: 30_000 });
    const text = (await counts.textContent()) ?? '';
    const match = /^(\d+) in scope · (\d+) out of scope/.exec(text);
    assert.ok(match, `scope counts read "${text}"`);
    return { text, inScope: Number(match[1]), outOfScope: Number(match[2]) };
  }

  it('starts the sandbox tenant and opens "Edit Mappings and Scope" on its configuration', async function () {
    const page = wb.page;
    await runPaletteCommand(page, 'Entra Zendesk: Start Sandbox Tenant');
    // The preview users come from the imported snapshot: wait until the trees show it.
    await page.locator('.part.sidebar .monaco-list-row', { hasText: '(sandbox)' }).first().waitFor({ state: 'visible', timeout: 90_000 });
    lap('sandbox loaded');
    await runPaletteCommand(page, 'Entra Zendesk: Edit Mappings and Scope');
    await page.locator('.tab', { hasText: 'Mappings and Scope' }).first().waitFor({ state: 'visible', timeout: 30_000 });
    const frame = editorFrame(page);
    await frame.locator('#table-user tbody tr').first().waitFor({ timeout: 60_000 });
    assert.ok(await frame.locator('#table-user tbody tr').count() > 0, 'the sandbox configuration has user mappings');
    assert.ok(await page.locator('.monaco-workbench.vs').count(), 'the workbench starts in the light theme');
    lap('editor open');
    await screenshot(page, SHOTS, 'light-1-mappings');
  });

  it('adds a mapping, underlines an invalid expression at its position, then previews the fixed value', async function () {
    const page = wb.page;
    const frame = editorFrame(page);
    const rowsBefore = await frame.locator('#table-user tbody tr').count();
    await frame.locator('#add-user').click();
    await frame.locator('#table-user tbody tr').nth(rowsBefore).waitFor();
    await chooseOption(frame, 'field-type', 'Expression');
    await frame.locator('#field-target').fill(TARGET);
    await frame.locator('textarea#field-source').fill(INVALID);

    const squiggle = frame.locator(`.expr-mirror .squiggle-error[data-offset="${INVALID_OFFSET}"]`);
    await squiggle.waitFor({ timeout: 30_000 });
    assert.equal(await squiggle.textContent(), '[employeeId]', 'the offending token is underlined');
    assert.match((await frame.locator('#field-source-message').textContent()) ?? '', new RegExp(`Error at line 1, column ${INVALID_OFFSET + 1}`));
    assert.equal(await frame.locator('textarea#field-source').getAttribute('aria-invalid'), 'true');
    assert.notEqual(await frame.locator('#save').getAttribute('disabled'), null, 'Save is disabled while there are errors');

    // Pick a sandbox user by search (served by the extension host from the imported snapshot + Graph).
    await frame.locator('#preview-search').fill('greta');
    await frame.locator('#preview-search').press('Enter');
    const pick = frame.locator('[id^="pick-"]', { hasText: PREVIEW_USER });
    await pick.waitFor({ timeout: 30_000 });
    await pick.click();
    await frame.locator('#preview-result .badge.err').waitFor({ timeout: 30_000 });
    await screenshot(page, SHOTS, 'light-2-expression-error');

    await frame.locator('textarea#field-source').fill(FIXED);
    await frame.locator('#preview-value', { hasText: '"Marketing-E01064"' }).waitFor({ timeout: 30_000 });
    await frame.locator('.expr-mirror .squiggle-error').waitFor({ state: 'detached' });
    await frame.locator('#dirty:not([hidden])').waitFor();
    lap('expression previewed');
    await screenshot(page, SHOTS, 'light-3-preview');
  });

  it('adds a scoping clause and the in/out counts change', async function () {
    const page = wb.page;
    const frame = editorFrame(page);
    await frame.locator('vscode-tab-header[data-tab="scope"]').click();
    const before = await scopeCounts(frame);
    assert.ok(before.inScope > 0, `someone is in scope before the clause (${before.text})`);
    // The sandbox configuration has no scoping filter (defaults), so this is group 0, clause 0.
    await frame.locator('#add-filter-user').click();
    await frame.locator('#clause-user-0-0-attribute').fill('department');
    await frame.locator('#clause-user-0-0-value input').fill('Marketing');
    await frame.locator('#scope-counts', { hasText: /would leave scope/ }).waitFor({ timeout: 30_000 });
    const after = await scopeCounts(frame);
    assert.ok(after.inScope < before.inScope, `fewer users in scope: "${before.text}" → "${after.text}"`);
    assert.ok(after.inScope > 0, `Marketing users stay in scope ("${after.text}")`);
    assert.equal(after.inScope + after.outOfScope, before.inScope + before.outOfScope, 'the same users are previewed');
    assert.match((await frame.locator('#warning-leaving').textContent()) ?? '', /\d+ users? will go out of scope/);
    lap('scope previewed');
    await screenshot(page, SHOTS, 'light-4-scope');
  });

  it('looks right in the dark theme', async function () {
    const page = wb.page;
    await pickColorTheme(page, DARK_THEME_LABEL);
    await page.locator('.monaco-workbench.vs-dark').waitFor({ timeout: 30_000 });
    // The webview follows the workbench: VS Code sets the body class of the inner document.
    await editorFrame(page).locator('body.vscode-dark').waitFor({ timeout: 30_000 });
    await screenshot(page, SHOTS, 'dark-1-scope');
    await editorFrame(page).locator('vscode-tab-header[data-tab="user"]').click();
    await screenshot(page, SHOTS, 'dark-2-mappings');
  });

  it('saves, and the sandbox configuration file on disk has the new mapping and scoping filter', async function () {
    const page = wb.page;
    const frame = editorFrame(page);
    await frame.locator('#save:not([disabled])').waitFor({ timeout: 30_000 });
    await frame.locator('#save').click();
    await frame.locator('.notice-info', { hasText: /^Saved / }).waitFor({ timeout: 30_000 });
    await frame.locator('#dirty[hidden]').waitFor({ state: 'attached' });
    lap('saved');
    await screenshot(page, SHOTS, 'dark-3-saved');

    // The editor's header names the file it edits: the sandbox configuration in the extension's global storage
    // (Session.startSandbox), inside this server's own user-data folder.
    const configPath = (await frame.locator('header.toolbar .origin').getAttribute('title')) ?? '';
    assert.ok(configPath.startsWith(wb.dirs.userData) && configPath.endsWith(path.join('sandbox', '.vscode', 'entra-zendesk.json')), `the editor edits the sandbox configuration (header: "${configPath}")`);
    assert.ok(existsSync(configPath), `${configPath} exists`);
    const { config } = loadConfig(readFileSync(configPath, 'utf8'), configPath); // throws, listing every problem, if invalid
    assert.deepEqual(config.userMapping.attributeMappings.find((m) => m.target === TARGET), { type: 'Expression', source: FIXED, target: TARGET, apply: 'Always' });
    assert.deepEqual(config.userMapping.scopingFilters, [{
      name: 'Scoping filter 1',
      clauses: [{ operatorName: 'EQUALS', sourceOperandName: 'department', targetOperand: { values: ['Marketing'] } }],
    }]);
  });

  it('looks right in the high contrast theme', async function () {
    const page = wb.page;
    await pickColorTheme(page, HIGH_CONTRAST_THEME_LABEL);
    await page.locator('.monaco-workbench.hc-black').waitFor({ timeout: 30_000 });
    await editorFrame(page).locator('body.vscode-high-contrast').waitFor({ timeout: 30_000 });
    await editorFrame(page).locator('vscode-tab-header[data-tab="scope"]').click();
    await screenshot(page, SHOTS, 'hc-1-scope');
    await editorFrame(page).locator('vscode-tab-header[data-tab="user"]').click();
    await screenshot(page, SHOTS, 'hc-2-mappings');
  });
});

/**
 * Switches the colour theme as a user does it: the palette's theme picker (the settings file is not re-read by
 * code-server's workbench live). Not runPaletteCommand: "Browse Color Themes in Marketplace" ranks first for this
 * title, so the row is clicked.
 */
async function pickColorTheme(page: Page, label: string): Promise<void> {
  const input = page.locator('.quick-input-widget input');
  await page.keyboard.press('F1');
  await input.waitFor({ state: 'visible' });
  await input.fill('>Preferences: Color Theme');
  await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Preferences: Color Theme' }).filter({ hasNotText: 'Marketplace' }).first().click();
  await page.locator('.quick-input-widget .monaco-list-row', { hasText: label }).first().waitFor({ state: 'visible', timeout: 10_000 });
  await input.fill(label);
  await page.locator('.quick-input-widget .monaco-list-row.focused', { hasText: label }).waitFor({ state: 'visible', timeout: 10_000 });
  await page.keyboard.press('Enter');
  await input.waitFor({ state: 'hidden' });
}

/** Merges `settings` into the user settings the harness wrote (before the server starts). */
function writeUserSettings(dirs: CodeServerDirs, settings: Record<string, unknown>): void {
  const file = path.join(dirs.userData, 'User', 'settings.json');
  const current = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  writeFileSync(file, JSON.stringify({ ...current, ...settings }, null, 2));
}

