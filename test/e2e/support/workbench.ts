/**
 * Drives the VS Code workbench served by code-server with playwright-core and Debian's Chromium (Playwright's own
 * browser download is not reachable here). Selectors are VS Code's own DOM classes, the ones its smoke tests use.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { REPO_ROOT, type TestTools } from './tools';

/** Screenshots are CI artefacts; test-results/ is gitignored. */
export const SCREENSHOT_DIR = path.join(REPO_ROOT, 'test-results', 'screenshots');

export interface Browser {
  readonly context: BrowserContext;
  readonly page: Page;
  /** Closes Chromium and removes its profile folder. Safe to call twice. */
  close(): Promise<void>;
}

/**
 * Launches headless Chromium with a fresh profile. A `--user-data-dir` argument is rejected by Playwright, so the
 * profile folder goes through launchPersistentContext instead.
 */
export async function launchBrowser(tools: TestTools): Promise<Browser> {
  const profile = mkdtempSync(path.join(os.tmpdir(), 'ezp-chromium-'));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: tools.chromium,
      headless: true,
      viewport: { width: 1400, height: 900 },
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  } catch (error) {
    rmSync(profile, { recursive: true, force: true });
    throw error;
  }
  const page = context.pages()[0] ?? (await context.newPage());
  let closed: Promise<void> | undefined;
  return {
    context,
    page,
    close() {
      closed ??= context.close().finally(() => rmSync(profile, { recursive: true, force: true }));
      return closed;
    },
  };
}

/** Opens `url` and waits until the workbench has rendered. */
export async function openWorkbench(page: Page, url: string, timeoutMs = 60_000): Promise<void> {
  await page.goto(url, { timeout: timeoutMs });
  await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: timeoutMs });
}

/**
 * Runs a command from the palette by its full title ("Category: Title"), the way a user does: F1, type, pick the row.
 * The palette builds its list when it opens, and an installed extension's contributions arrive a few seconds after
 * the workbench renders, so a palette without the row is closed and opened again until `timeoutMs`.
 */
export async function runPaletteCommand(
  page: Page,
  title: string,
  onStep?: (step: 'palette-open' | 'palette-filtered') => Promise<void>,
  timeoutMs = 60_000,
): Promise<void> {
  const input = page.locator('.quick-input-widget input');
  const row = page.locator('.quick-input-widget .monaco-list-row', { hasText: title }).first();
  const deadline = Date.now() + timeoutMs;
  for (let attempt = 1; ; attempt++) {
    await page.keyboard.press('F1');
    await input.waitFor({ state: 'visible' });
    if (attempt === 1) await onStep?.('palette-open');
    await input.fill(`>${title}`);
    try {
      await row.waitFor({ state: 'visible', timeout: 3000 });
      break;
    } catch (error) {
      if (Date.now() > deadline) {
        throw new Error(`the command palette never listed "${title}" (${attempt} attempts in ${timeoutMs} ms)`, { cause: error });
      }
      await page.keyboard.press('Escape');
      await input.waitFor({ state: 'hidden' });
    }
  }
  await onStep?.('palette-filtered');
  // Enter accepts the *active* row; right after the list changes there may be none yet, and Enter then closes the
  // palette without running anything.
  await page.locator('.quick-input-widget .monaco-list-row.focused', { hasText: title }).first().waitFor({ state: 'visible' });
  await page.keyboard.press('Enter');
  // The command may open its own quick pick straight away, in the same widget: so wait for the *palette* to go (the
  // widget hidden, or showing an input that is no longer the `>`-prefixed command filter), not for the widget.
  // (A string, as this file is type-checked without the DOM library.)
  await page.waitForFunction(`(() => {
    const el = document.querySelector('.quick-input-widget input');
    return !el || el.offsetParent === null || !el.value.startsWith('>');
  })()`);
}

/** Empties test-results/screenshots/<group>/, so a run shows no stale shots from earlier runs. */
export function clearScreenshots(group: string): void {
  rmSync(path.join(SCREENSHOT_DIR, group), { recursive: true, force: true });
}

/** Saves a full-page screenshot as test-results/screenshots/<group>/<name>.png and returns its path. */
export async function screenshot(page: Page, group: string, name: string): Promise<string> {
  const dir = path.join(SCREENSHOT_DIR, group);
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name.replace(/[^\w.-]+/g, '-')}.png`);
  await page.screenshot({ path: file });
  return file;
}
