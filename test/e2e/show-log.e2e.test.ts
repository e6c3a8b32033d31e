/**
 * End to end, the way an admin meets the extension: `npm run package` builds the .vsix, code-server installs it
 * with --install-extension, and headless Chromium runs "Entra Zendesk: Show Log" from the command palette.
 * The server runs WITHOUT the smoke-test driver flag, which would hide notification toasts.
 * Screenshots of every step land in test-results/screenshots/show-log/.
 */
import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { installExtension, type CodeServerDirs } from './support/code-server';
import { runPaletteCommand, screenshot } from './support/workbench';
import { useWorkbench } from './support/workbench-suite';

const EXTENSION_ID = 'entra-zendesk.entra-zendesk-provisioning';
const LOG_CHANNEL_NAME = 'Entra → Zendesk Provisioning';
const SHOTS = 'show-log';

describe('VS Code UI: packaged extension in code-server', function () {
  this.timeout(180_000);
  this.bail(true); // each step builds on the previous one: after a failure the rest would only fail confusingly
  // The install and the start are steps this suite checks itself: the before hook only packages and makes folders.
  const wb = useWorkbench(SHOTS, {
    installAndStart: 'in-tests',
    onFailure({ server, dirs }) {
      if (server) console.log(`    --- code-server output ---\n${server.output()}`);
      if (dirs) console.log(`    --- extension host logs ---\n${extensionHostLogs(dirs)}`);
    },
  });

  it('installs the .vsix with code-server --install-extension', async function () {
    const output = await installExtension(wb.tools, wb.dirs, wb.vsix);
    assert.match(output, /successfully installed/i);
    const installed = readdirSync(wb.dirs.extensions).filter((name) => name.startsWith(`${EXTENSION_ID}-`));
    assert.equal(installed.length, 1, `extensions dir holds: ${readdirSync(wb.dirs.extensions).join(', ')}`);
    const manifest = JSON.parse(readFileSync(path.join(wb.dirs.extensions, installed[0], 'package.json'), 'utf8'));
    assert.equal(`${manifest.publisher}.${manifest.name}`, EXTENSION_ID);
    assert.ok(existsSync(path.join(wb.dirs.extensions, installed[0], 'dist', 'extension.js')), 'bundle is in the .vsix');
  });

  it('opens the workbench in Chromium', async function () {
    await wb.start();
    await screenshot(wb.page, SHOTS, '01-workbench');
  });

  it('runs "Entra Zendesk: Show Log" from the palette and shows the log channel', async function () {
    const page = wb.page;
    const runShowLog = () =>
      runPaletteCommand(page, 'Entra Zendesk: Show Log', async (step) => {
        await screenshot(page, SHOTS, step === 'palette-open' ? '02-palette-open' : '03-palette-filtered');
      });
    // The Output panel opens on our channel (its picker shows the name) and shows the activation line.
    const panel = page.locator('.part.panel');
    const channelShown = async (timeout: number) => {
      await panel
        .locator('.monaco-select-box', { hasText: LOG_CHANNEL_NAME })
        .or(panel.locator(`.monaco-select-box[title="${LOG_CHANNEL_NAME}"]`))
        .first()
        .waitFor({ state: 'visible', timeout });
      await panel.locator('.view-lines', { hasText: 'activated' }).waitFor({ state: 'visible', timeout });
    };
    await runShowLog();
    try {
      await channelShown(15_000);
    } catch {
      // Seen once in ~18 runs on a loaded machine: the palette closed but nothing ran (the workbench was still
      // settling). Retry the palette once, visibly; a second miss is a real failure.
      console.log('    (Output panel not shown 15 s after the palette closed; running the command once more)');
      await screenshot(page, SHOTS, '03b-no-output-after-first-try');
      await runShowLog();
      await channelShown(30_000);
    }
    await screenshot(page, SHOTS, '04-output-channel');
  });

  it('activated the installed extension (its log file says so)', function () {
    const logs = findFiles(path.join(wb.dirs.userData, 'logs'), (file) => file.endsWith(`${LOG_CHANNEL_NAME}.log`));
    assert.ok(logs.length > 0, `no "${LOG_CHANNEL_NAME}.log" under ${wb.dirs.userData}/logs`);
    assert.match(readFileSync(logs[0], 'utf8'), /Entra → Zendesk Provisioning activated/);
  });
});

/** The extension host's own log and our channel's log, for failure reports. */
function extensionHostLogs(dirs: CodeServerDirs): string {
  const logs = findFiles(
    path.join(dirs.userData, 'logs'),
    (file) => file.endsWith('remoteexthost.log') || file.endsWith(`${LOG_CHANNEL_NAME}.log`),
  );
  return logs.map((file) => `${file}:\n${readFileSync(file, 'utf8')}`).join('\n');
}

function findFiles(dir: string, wanted: (file: string) => boolean): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((file) => path.join(dir, file))
    .filter(wanted);
}
