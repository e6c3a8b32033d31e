// @vscode/test-cli configuration: the extension-host suite (test/vscode/suite, bundled into out/vscode-tests by
// `npm run test:electron`) in a downloaded Electron VS Code, for machines that can download it. Where VS Code cannot
// be downloaded, `npm run test:vscode` runs the same files inside code-server instead.
import { defineConfig } from '@vscode/test-cli';
import * as os from 'node:os';
import * as path from 'node:path';

export default defineConfig([
  {
    label: 'extensionHost',
    files: 'out/vscode-tests/**/*.test.js',
    workspaceFolder: 'out/vscode-test-workspace',
    mocha: { ui: 'tdd', timeout: 20000, color: true },
    // Other installed extensions stay off (the one under development still loads); a short user-data dir because the
    // IPC socket path inside it has a length limit.
    launchArgs: ['--disable-extensions', '--user-data-dir', path.join(os.tmpdir(), 'ezp-vst')],
    env: { VSCODE_RUNNING_TESTS: '1' },
  },
]);
