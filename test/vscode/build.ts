/**
 * Bundles the extension-host tests (suite/**) with esbuild into out/vscode-tests/: they run in the extension host's
 * Node, not through tsx. `vscode` is provided by the host; `mocha` resolves from the repository's node_modules.
 * Each test file is its own bundle so @vscode/test-cli (.vscode-test.mjs) can load the same files.
 */
import * as esbuild from 'esbuild';
import { readdirSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from '../e2e/support/tools';

const SUITE_DIR = path.join(__dirname, 'suite');
export const HOST_TESTS_OUT_DIR = path.join(REPO_ROOT, 'out', 'vscode-tests');
/** The module VS Code loads as `extensionTestsPath`. */
export const HOST_TESTS_INDEX = path.join(HOST_TESTS_OUT_DIR, 'index.js');

export async function buildHostTests(): Promise<void> {
  const entryPoints = readdirSync(SUITE_DIR, { recursive: true, encoding: 'utf8' })
    .filter((file) => file === 'index.ts' || file.endsWith('.test.ts'))
    .map((file) => path.join(SUITE_DIR, file));
  rmSync(HOST_TESTS_OUT_DIR, { recursive: true, force: true });
  await esbuild.build({
    entryPoints,
    outbase: SUITE_DIR,
    outdir: HOST_TESTS_OUT_DIR,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode', 'mocha'],
    // As esbuild.js: packages' ESM builds, since UMD builds (jsonc-parser's, via src/core/config) use dynamic requires.
    mainFields: ['module', 'main'],
    sourcemap: 'inline', // suite/index.ts enables source maps, so failure stacks show .ts lines
    logLevel: 'warning',
  });
}

if (require.main === module) {
  buildHostTests().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
