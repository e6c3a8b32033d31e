/**
 * Runs the extension-host suite (suite/**) INSIDE code-server's real Node extension host (npm run test:vscode).
 *
 * code-server's CLI rejects --extensionDevelopmentPath, so the paths travel in the workbench URL's `payload`, which
 * VS Code honours when the server runs with `--vscode-option enable-smoke-test-driver`; the workbench then reports
 * the host's console through window.codeAutomationLog and the result through window.codeAutomationExit (the
 * mechanism @vscode/test-web uses). Headless Chromium, driven by playwright-core, opens that URL.
 *
 * Prints mocha's output and closes with `vscode-host: N passed, N failed`; exits 1 when a test fails or the run
 * breaks, 2 when the test tools are not installed.
 */
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { format } from 'node:util';
import * as path from 'node:path';
import { buildHostTests, HOST_TESTS_INDEX } from './build';
import { BEGIN_MARKER, RESULT_MARKER } from './suite/index';
import { startCodeServer, type CodeServer } from '../e2e/support/code-server';
import { resolveTestTools, REPO_ROOT, type TestTools } from '../e2e/support/tools';
import { launchBrowser, SCREENSHOT_DIR, type Browser } from '../e2e/support/workbench';

const RUN_TIMEOUT_MS = Number(process.env.ENTRA_ZENDESK_HOST_TESTS_TIMEOUT_MS ?? 240_000);

interface HostResult {
  readonly exitCode: number;
  readonly passed: number;
  readonly failed: number;
}

/** Everything the workbench reported, for when the run needs explaining (test-results/ is a CI artefact). */
const AUTOMATION_LOG = path.join(REPO_ROOT, 'test-results', 'vscode-host', 'automation.log');

/**
 * Workbench chatter reaches codeAutomationLog alongside mocha's output: `[AgentHost] …`-style component messages and
 * failed gallery/telemetry/GitHub requests (no internet here) with workbench stack traces. Only lines between the
 * suite's begin and result markers are printed, minus these.
 */
const NOISE = [/^\[[\w:. -]+\] /, /\/static\/out\/vs\//];

async function main(): Promise<number> {
  let tools: TestTools;
  try {
    tools = resolveTestTools();
  } catch (error) {
    console.error(`vscode-host: ${(error as Error).message}`);
    return 2;
  }
  await buildHostTests();

  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  const started = Date.now();
  try {
    server = await startCodeServer({ tools, smokeTestDriver: true });
    browser = await launchBrowser(tools);
    const result = await runInHost(server, browser);
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    console.log(`vscode-host: ran in ${seconds} s, extension host exit code ${result.exitCode}`);
    console.log(`vscode-host: ${result.passed} passed, ${result.failed} failed`);
    return result.exitCode === 0 && result.failed === 0 ? 0 : 1;
  } catch (error) {
    console.error(`vscode-host: the run broke: ${(error as Error).message}`);
    if (browser) await saveFailureScreenshot(browser);
    if (server) console.error(`--- code-server output ---\n${server.output()}`);
    console.log('vscode-host: 0 passed, 1 failed');
    return 1;
  } finally {
    await browser?.close();
    await server?.stop();
  }
}

async function runInHost(server: CodeServer, browser: Browser): Promise<HostResult> {
  const { page } = browser;
  let counts: { passed: number; failed: number } | undefined;
  let settle: (code: number) => void = () => undefined;
  const exited = new Promise<number>((resolve) => (settle = resolve));

  mkdirSync(path.dirname(AUTOMATION_LOG), { recursive: true });
  writeFileSync(AUTOMATION_LOG, '');
  let inSuite = false;
  const preamble: string[] = [];
  await page.exposeFunction('codeAutomationLog', (type: string, args: unknown[]) => {
    // Arguments arrive as console.log got them: mocha's reporter passes printf-style format strings.
    const text = format(...args);
    appendFileSync(AUTOMATION_LOG, `[${type}] ${text}\n`);
    for (const line of text.split('\n')) {
      if (line.startsWith(BEGIN_MARKER)) {
        inSuite = true;
      } else if (line.startsWith(RESULT_MARKER)) {
        inSuite = false;
        counts = JSON.parse(line.slice(RESULT_MARKER.length)) as { passed: number; failed: number };
      } else if (NOISE.some((pattern) => pattern.test(line))) {
        // workbench chatter
      } else if (inSuite) {
        (type === 'error' ? console.error : console.log)(line);
      } else if (type === 'error') {
        preamble.push(line);
      }
    }
  });
  await page.exposeFunction('codeAutomationExit', (code: number) => settle(code));

  const payload = [
    ['extensionDevelopmentPath', `vscode-remote://${server.host}${REPO_ROOT}`],
    ['extensionTestsPath', `vscode-remote://${server.host}${HOST_TESTS_INDEX}`],
  ] as const;
  await page.goto(server.workbenchUrl(payload));

  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no result from the extension host within ${RUN_TIMEOUT_MS} ms`)), RUN_TIMEOUT_MS);
  });
  try {
    const exitCode = await Promise.race([exited, timedOut]);
    if (counts === undefined) {
      console.error(preamble.join('\n'));
      console.error(`vscode-host: the suite reported no result; everything the workbench said is in ${AUTOMATION_LOG}`);
      // The host exited without running the suite (e.g. the test bundle failed to load): count that as a failure.
      return { exitCode: exitCode === 0 ? 1 : exitCode, passed: 0, failed: 1 };
    }
    return { exitCode, ...counts };
  } finally {
    clearTimeout(timer);
  }
}

async function saveFailureScreenshot(browser: Browser): Promise<void> {
  try {
    const file = path.join(SCREENSHOT_DIR, 'vscode-host', 'failure.png');
    mkdirSync(path.dirname(file), { recursive: true });
    await browser.page.screenshot({ path: file });
    console.error(`vscode-host: screenshot of the workbench: ${file}`);
  } catch {
    // The page may already be gone; the code-server output is the better clue then.
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
