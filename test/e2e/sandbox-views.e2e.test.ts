/**
 * End to end with the packaged extension in code-server, driven like an admin would: "Start Sandbox Tenant" from the
 * palette, the Entra → Zendesk container with its trees filled with "(sandbox)" data, "Test Connection" (report
 * document), and "Trial Provision User…" (quick pick with search → dry-run document → Apply → applied document and
 * a run in Provisioning Activity). Screenshots of each step: test-results/screenshots/sandbox-views/.
 */
import * as assert from 'node:assert/strict';
import { runPaletteCommand, screenshot } from './support/workbench';
import { useWorkbench } from './support/workbench-suite';

const SHOTS = 'sandbox-views';
/** A demo-tenant user in scope with no Zendesk account yet: the trial creates them. */
const TRIAL_USER = 'Greta Jansen';

describe('VS Code UI: sandbox tenant, trees, Test Connection and Trial Provision', function () {
  this.timeout(180_000);
  this.bail(true);
  const wb = useWorkbench(SHOTS);

  it('opens the container from the activity bar and offers the sandbox while nothing is configured', async function () {
    const page = wb.page;
    await page.locator('.part.activitybar [aria-label*="Entra → Zendesk"]').first().click({ timeout: 60_000 });
    const sidebar = page.locator('.part.sidebar');
    await sidebar.getByText('No configuration found', { exact: false }).first().waitFor({ state: 'visible', timeout: 60_000 });
    await sidebar.locator('.monaco-button', { hasText: 'Start Sandbox Tenant' }).first().waitFor({ state: 'visible', timeout: 10_000 });
    await screenshot(page, SHOTS, '00-welcome-no-config');
  });

  it('starts the sandbox tenant from the palette and shows the trees with sandbox data', async function () {
    const page = wb.page;
    await runPaletteCommand(page, 'Entra Zendesk: Start Sandbox Tenant');
    const sidebar = page.locator('.part.sidebar');
    await sidebar.locator('.pane-header', { hasText: 'Entra Assignments' }).waitFor({ state: 'visible', timeout: 60_000 });
    await sidebar.locator('.monaco-list-row', { hasText: '(sandbox)' }).first().waitFor({ state: 'visible', timeout: 60_000 });
    await screenshot(page, SHOTS, '01-trees');
    for (const view of ['Zendesk Users', 'Zendesk Roles', 'Zendesk Groups', 'Provisioning Activity']) {
      assert.ok(await sidebar.locator('.pane-header', { hasText: view }).count(), `${view} view is shown`);
    }
    // The status bar says where we are.
    await page.locator('.statusbar-item', { hasText: 'Zendesk: connected (sandbox)' }).waitFor({ state: 'visible', timeout: 30_000 });
  });

  it('runs Test Connection and opens the report with every check', async function () {
    const page = wb.page;
    await runPaletteCommand(page, 'Entra Zendesk: Test Connection');
    const editor = page.locator('.editor-instance .view-lines');
    await editor.filter({ hasText: 'Test Connection (sandbox)' }).waitFor({ state: 'visible', timeout: 60_000 });
    await editor.filter({ hasText: 'Connection OK' }).waitFor({ state: 'visible', timeout: 10_000 });
    await screenshot(page, SHOTS, '02-test-connection');
  });

  it('runs Trial Provision from the palette: search, dry run, Apply', async function () {
    const page = wb.page;
    await runPaletteCommand(page, 'Entra Zendesk: Trial Provision User…');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: 30_000 });
    await input.fill(TRIAL_USER);
    await page.locator('.quick-input-widget .monaco-list-row.focused', { hasText: TRIAL_USER }).waitFor({ state: 'visible', timeout: 10_000 });
    await screenshot(page, SHOTS, '03-trial-pick');
    await page.keyboard.press('Enter');
    const editor = page.locator('.editor-instance .view-lines');
    await editor.filter({ hasText: 'dry run (sandbox)' }).waitFor({ state: 'visible', timeout: 60_000 });
    const apply = page.locator('.notification-toast .monaco-button', { hasText: 'Apply' });
    await apply.waitFor({ state: 'visible', timeout: 30_000 });
    await screenshot(page, SHOTS, '04-trial-dry-run');
    await apply.click();
    // Regular expressions: string hasText matches case-insensitively ("Nothing was sent to Zendesk" would do); \s also matches the no-break spaces Monaco renders.
    await editor.filter({ hasText: /_Sent\sto\sZendesk\._/ }).waitFor({ state: 'visible', timeout: 60_000 });
    await page.locator('.part.sidebar .monaco-list-row', { hasText: /Trial\sprovision\s\d{4}-/ }).first().waitFor({ state: 'visible', timeout: 60_000 });
    await screenshot(page, SHOTS, '05-trial-applied');
  });

  it('runs Full Sync: plan document, modal confirmation, then a Sync run in Provisioning Activity', async function () {
    const page = wb.page;
    await runPaletteCommand(page, 'Entra Zendesk: Full Sync…');
    const editor = page.locator('.editor-instance .view-lines');
    await editor.filter({ hasText: 'Full Sync — plan (sandbox)' }).waitFor({ state: 'visible', timeout: 90_000 });
    const apply = page.locator('.monaco-dialog-box .monaco-button', { hasText: 'Apply' });
    await apply.waitFor({ state: 'visible', timeout: 30_000 });
    await screenshot(page, SHOTS, '06-full-sync-confirm');
    await apply.click();
    await page.locator('.part.sidebar .monaco-list-row', { hasText: /Sync\s\d{4}-/ }).first().waitFor({ state: 'visible', timeout: 120_000 });
    await screenshot(page, SHOTS, '07-full-sync-done');
  });
});
