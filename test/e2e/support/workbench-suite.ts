/**
 * The mocha hooks every UI suite needs around one packaged extension in code-server, registered by one call:
 * before — resolve the tools, clear the suite's screenshots, `npm run package`, fresh code-server folders, install the
 * .vsix, start code-server, launch Chromium at 1600×1000 (wide enough for the side bar's descriptions) and open the
 * workbench; afterEach — a screenshot of a failed test; after — close Chromium, stop code-server, remove the folders.
 */
import type { Page } from 'playwright-core';
import {
  createCodeServerDirs,
  installExtension,
  packageExtension,
  removeCodeServerDirs,
  startCodeServer,
  type CodeServer,
  type CodeServerDirs,
} from './code-server';
import { resolveTestTools, type TestTools } from './tools';
import { clearScreenshots, launchBrowser, openWorkbench, screenshot, type Browser } from './workbench';

/** The suite's running workbench. Each getter throws if used before the `before` hook has set its part up. */
export interface WorkbenchSession {
  readonly tools: TestTools;
  /** The packaged .vsix. */
  readonly vsix: string;
  readonly dirs: CodeServerDirs;
  readonly server: CodeServer;
  readonly browser: Browser;
  /** `browser.page`. */
  readonly page: Page;
  /**
   * Starts code-server on `dirs`, launches Chromium and opens the workbench. The `before` hook calls it, unless the
   * suite passed `installAndStart: 'in-tests'` (then the suite installs the .vsix and calls this from its own tests).
   */
  start(): Promise<void>;
}

/** What exists so far, for failure reports (a failure may come before the server or the browser is up). */
export interface WorkbenchParts {
  readonly dirs?: CodeServerDirs;
  readonly server?: CodeServer;
  readonly browser?: Browser;
}

export interface UseWorkbenchOptions {
  /** Runs on the fresh folders before the extension is installed and code-server starts (e.g. extra user settings). */
  beforeStart?(dirs: CodeServerDirs): void;
  /** Extra output for a failed test, after its screenshot (e.g. code-server's output, extension-host logs). */
  onFailure?(parts: WorkbenchParts): void;
  /**
   * 'before' (default): the `before` hook installs the .vsix and starts everything. 'in-tests': it only packages and
   * creates the folders, for a suite whose tests check those steps themselves.
   */
  readonly installAndStart?: 'before' | 'in-tests';
}

const VIEWPORT = { width: 1600, height: 1000 } as const;

/**
 * Registers the before/after/afterEach hooks on the calling `describe` and returns the session they manage.
 * `shots` names the suite's folder under test-results/screenshots/.
 */
export function useWorkbench(shots: string, options: UseWorkbenchOptions = {}): WorkbenchSession {
  let tools: TestTools | undefined;
  let vsix: string | undefined;
  let dirs: CodeServerDirs | undefined;
  let server: CodeServer | undefined;
  let browser: Browser | undefined;

  const ready = <T>(part: T | undefined, name: string): T => {
    if (part === undefined) {
      throw new Error(
        `useWorkbench('${shots}'): ${name} used before it was set up — use it inside a test or a hook that runs after ` +
          `useWorkbench's before hook${options.installAndStart === 'in-tests' ? ' (and after session.start())' : ''}`,
      );
    }
    return part;
  };

  const session: WorkbenchSession = {
    get tools() {
      return ready(tools, 'tools');
    },
    get vsix() {
      return ready(vsix, 'vsix');
    },
    get dirs() {
      return ready(dirs, 'dirs');
    },
    get server() {
      return ready(server, 'server');
    },
    get browser() {
      return ready(browser, 'browser');
    },
    get page() {
      return ready(browser, 'page').page;
    },
    async start() {
      server = await startCodeServer({ tools: session.tools, dirs: session.dirs });
      browser = await launchBrowser(session.tools);
      await browser.page.setViewportSize(VIEWPORT);
      await openWorkbench(browser.page, server.workbenchUrl());
    },
  };

  before(async function () {
    tools = resolveTestTools();
    clearScreenshots(shots);
    vsix = await packageExtension();
    dirs = createCodeServerDirs();
    if (options.installAndStart === 'in-tests') return;
    options.beforeStart?.(dirs);
    await installExtension(tools, dirs, vsix);
    await session.start();
  });

  after(async function () {
    await browser?.close();
    await server?.stop();
    if (dirs) removeCodeServerDirs(dirs);
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && browser) {
      const file = await screenshot(browser.page, shots, `failed-${this.currentTest.title}`).catch(() => undefined);
      if (file) console.log(`    screenshot: ${file}`);
      options.onFailure?.({ dirs, server, browser });
    }
  });

  return session;
}
