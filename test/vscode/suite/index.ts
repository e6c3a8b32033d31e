/**
 * Entry point VS Code's extension host loads as `extensionTestsPath` (code-server payload, see ../run.ts). It runs
 * every bundled `*.test.js` next to it with mocha and rejects when a test fails, which VS Code turns into exit code 1.
 * Bundled by ../build.ts into out/vscode-tests/index.js; `mocha` stays external and resolves from the repository's
 * node_modules (the extension development folder).
 */
import Mocha from 'mocha';
import { readdirSync } from 'node:fs';
import * as path from 'node:path';

/** Lines ../run.ts looks for: mocha's output lies between them, and the result line carries the counts. */
export const BEGIN_MARKER = 'vscode-host-begin';
export const RESULT_MARKER = 'vscode-host-result';

export async function run(): Promise<void> {
  // The bundles carry inline source maps; this makes failure stacks point at the .ts lines.
  process.setSourceMapsEnabled(true);
  const mocha = new Mocha({ ui: 'tdd', color: false, reporter: 'spec', timeout: 20_000 });
  const files = readdirSync(__dirname, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.test.js'))
    .sort();
  for (const file of files) mocha.addFile(path.join(__dirname, file));
  await mocha.loadFilesAsync();
  console.log(BEGIN_MARKER);
  const stats = await new Promise<Mocha.Stats>((resolve) => {
    const runner = mocha.run(() => resolve(runner.stats ?? { passes: 0, failures: 1, pending: 0 } as Mocha.Stats));
  });
  console.log(`${RESULT_MARKER} ${JSON.stringify({ passed: stats.passes, failed: stats.failures, pending: stats.pending })}`);
  if (stats.failures > 0) throw new Error(`${stats.failures} extension-host test(s) failed`);
}
