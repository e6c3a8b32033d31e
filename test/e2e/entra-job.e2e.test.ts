/**
 * End to end with the packaged extension in code-server: the "Entra Provisioning Job" view on the sandbox tenant, as an
 * admin meets it. The view (collapsed at first) is opened → "no job yet" welcome with its Push button → the push review
 * document and modal confirmation → the job's status in the tree → Start from the palette → the last cycle and the
 * provisioning logs with steps → Restart's reset options with their explanations. Screenshots:
 * test-results/screenshots/entra-job/.
 */
import * as assert from 'node:assert/strict';
import { runPaletteCommand, screenshot } from './support/workbench';
import { useWorkbench } from './support/workbench-suite';

const SHOTS = 'entra-job';
const VIEW = 'Entra Provisioning Job';

describe('VS Code UI: the Entra Provisioning Job view and its commands', function () {
  this.timeout(180_000);
  this.bail(true);
  const wb = useWorkbench(SHOTS);

  /** The job view's pane (header + body). */
  const pane = () => wb.page.locator('.part.sidebar .pane', { has: wb.page.locator('.pane-header', { hasText: VIEW }) });

  it('shows the view collapsed next to the trees; opened, it says the app has no job yet and offers Push', async function () {
    const page = wb.page;
    await page.locator('.part.activitybar [aria-label*="Entra → Zendesk"]').first().click({ timeout: 60_000 });
    await runPaletteCommand(page, 'Entra Zendesk: Start Sandbox Tenant');
    const sidebar = page.locator('.part.sidebar');
    await sidebar.locator('.monaco-list-row', { hasText: '(sandbox)' }).first().waitFor({ state: 'visible', timeout: 60_000 });
    const header = sidebar.locator('.pane-header', { hasText: VIEW });
    await header.waitFor({ state: 'visible', timeout: 30_000 });
    assert.equal(await header.getAttribute('aria-expanded'), 'false', 'collapsed at first: nothing is read until it is opened');
    // Room for the job view: fold the other trees. (Click the title text: the header's middle may be a title button.)
    for (const other of ['Entra Assignments', 'Zendesk Users', 'Zendesk Roles', 'Zendesk Groups', 'Provisioning Activity']) {
      const h = sidebar.locator('.pane-header', { hasText: other });
      if ((await h.getAttribute('aria-expanded')) === 'true') await h.locator('.title').first().click();
    }
    await header.locator('.title').first().click();
    // A wider side bar, so the rows' descriptions (status sentence, counts) are readable in the screenshots.
    const box = await sidebar.boundingBox();
    if (box) {
      await page.mouse.move(box.x + box.width + 1, box.y + box.height / 2);
      await page.mouse.down();
      await page.mouse.move(760, box.y + box.height / 2, { steps: 8 });
      await page.mouse.up();
    }
    await pane().getByText('has no provisioning job in Entra yet', { exact: false }).waitFor({ state: 'visible', timeout: 60_000 });
    await pane().locator('.monaco-button', { hasText: 'Push Configuration to Entra' }).waitFor({ state: 'visible', timeout: 10_000 });
    await screenshot(page, SHOTS, '01-no-job-welcome');
  });

  it('Push: the review document first, then a modal confirmation; the view then shows the job status', async function () {
    const page = wb.page;
    await pane().locator('.monaco-button', { hasText: 'Push Configuration to Entra' }).click();
    const editor = page.locator('.editor-instance .view-lines');
    await editor.filter({ hasText: /Push\sConfiguration\sto\sEntra\s—\sreview\s\(sandbox\)/ }).waitFor({ state: 'visible', timeout: 60_000 });
    const push = page.locator('.monaco-dialog-box .monaco-button', { hasText: /^Push$/ });
    await push.waitFor({ state: 'visible', timeout: 30_000 });
    await screenshot(page, SHOTS, '02-push-review-and-confirm');
    await push.click();
    await pane().locator('.monaco-list-row', { hasText: /Status:\sNotRun\s\(sandbox\)/ }).waitFor({ state: 'visible', timeout: 60_000 });
    await page.locator('.notification-toast', { hasText: 'Pushed to the Entra provisioning job' }).first().waitFor({ state: 'visible', timeout: 30_000 });
    await screenshot(page, SHOTS, '03-pushed-status');
  });

  it('Start from the palette: the job turns Active, with the last cycle and the provisioning logs', async function () {
    const page = wb.page;
    await runPaletteCommand(page, 'Entra Zendesk: Start Entra Provisioning Job');
    const active = pane().locator('.monaco-list-row', { hasText: /Status:\sActive\s\(sandbox\)/ });
    // The sandbox runs the cycle in the background: refresh (the view's title button) until it has finished.
    const deadline = Date.now() + 90_000;
    while (!(await active.isVisible())) {
      if (Date.now() > deadline) throw new Error('the job never showed Active');
      await page.waitForTimeout(2000);
      await pane().locator('.pane-header .title').first().hover();
      await pane().locator('.pane-header .action-label[aria-label*="Refresh Entra Provisioning Job"]').click();
    }
    await pane().locator('.monaco-list-row', { hasText: /Last\scycle:\s\w+/ }).waitFor({ state: 'visible', timeout: 30_000 });
    await pane().locator('.monaco-list-row', { hasText: 'Recent provisioning logs' }).waitFor({ state: 'visible', timeout: 30_000 });
    // Open a failed record to show its steps (label and description are adjacent in the row's text: no space between).
    const firstRecord = pane().locator('.monaco-list-row[aria-level="2"]', { hasText: /(create|update|other|disable|delete)\s·\sfailure\s·/ }).first();
    await firstRecord.click();
    await pane().locator('.monaco-list-row[aria-level="3"]').first().waitFor({ state: 'visible', timeout: 10_000 });
    await firstRecord.hover();
    await page.waitForTimeout(1500);
    await screenshot(page, SHOTS, '04-active-cycle-and-logs');
  });

  it('Restart offers every reset option with what it does', async function () {
    const page = wb.page;
    await runPaletteCommand(page, 'Entra Zendesk: Restart Entra Provisioning Job…');
    const widget = page.locator('.quick-input-widget');
    await widget.locator('.monaco-list-row', { hasText: 'Re-evaluate everything' }).waitFor({ state: 'visible', timeout: 30_000 });
    for (const label of ['Stop retrying failed objects', 'Lift quarantine', 'Allow deletes']) assert.ok(await widget.locator('.monaco-list-row', { hasText: label }).count(), label);
    await widget.locator('.monaco-list-row', { hasText: 'Re-evaluate everything' }).locator('.quick-input-list-checkbox, input[type="checkbox"], .monaco-checkbox').first().click();
    await widget.getByText('1 Selected').waitFor({ state: 'visible', timeout: 10_000 });
    await screenshot(page, SHOTS, '05-restart-options');
    // In a multi-select pick, Enter on a row toggles it: accept with the OK button.
    await widget.locator('.monaco-button', { hasText: /^OK$/ }).click();
    await page.locator('.notification-toast', { hasText: 'restarted (Watermark)' }).first().waitFor({ state: 'visible', timeout: 60_000 });
    await screenshot(page, SHOTS, '06-restarted');
  });
});
