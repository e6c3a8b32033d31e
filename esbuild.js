// Builds the three bundles: the extension (Node, CommonJS, `vscode` external), the CLI and the webview (browser).
const esbuild = require('esbuild');
const fs = require('node:fs');

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

/** @type {import('esbuild').BuildOptions[]} */
const builds = [
  {
    entryPoints: ['src/extension/extension.ts'],
    outfile: 'dist/extension.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    // Prefer packages' ESM builds: UMD builds such as jsonc-parser's use dynamic requires esbuild can't bundle.
    mainFields: ['module', 'main'],
  },
  {
    entryPoints: ['src/cli/main.ts'],
    outfile: 'dist/cli.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    mainFields: ['module', 'main'],
    banner: { js: '#!/usr/bin/env node' },
  },
  {
    entryPoints: ['webview/src/main.ts'],
    outfile: 'dist/webview/main.js',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
  },
  {
    // The editor's stylesheet, loaded by <link> (the CSP allows styles from the webview's resource origin only).
    entryPoints: ['webview/src/main.css'],
    outfile: 'dist/webview/main.css',
  },
];

async function main() {
  const contexts = await Promise.all(
    builds.map((options) =>
      esbuild.context({
        bundle: true,
        sourcemap: !production,
        minify: production,
        logLevel: 'warning',
        ...options,
      }),
    ),
  );
  if (watch) {
    await Promise.all(contexts.map((ctx) => ctx.watch()));
    console.log('esbuild: watching for changes');
    return;
  }
  await Promise.all(contexts.map((ctx) => ctx.rebuild()));
  await Promise.all(contexts.map((ctx) => ctx.dispose()));
  fs.chmodSync('dist/cli.js', 0o755);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
