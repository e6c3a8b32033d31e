// ESLint flat config: typescript-eslint's recommended rules, plus the architecture rules: src/core stays pure,
// src/app (shared by both front ends) imports no front end, and the CLI and the extension never import each other.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.vscode-test/**', '.cache/**', 'out/**', '**/*.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2022, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
    },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', module: 'writable', process: 'readonly', console: 'readonly', __dirname: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Core is pure TypeScript: it declares ports, it never reaches for the outside world itself.
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['vscode', 'axios', 'http', 'https', 'net', 'node:http', 'node:https', 'node:net', 'node:http2'], message: 'src/core is pure: declare a port and let clients implement it.' },
          { group: ['**/clients/**', '**/sandbox/**', '**/cli/**', '**/extension/**', '**/auth/**'], message: 'Dependencies point inward: core never imports outer layers.' },
        ],
      }],
    },
  },
  {
    // The application layer both front ends share: no front end in it, and it never reaches back into one.
    files: ['src/app/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['vscode', 'commander'], message: 'src/app is front-end neutral: VS Code and commander belong to src/extension and src/cli.' },
          { group: ['**/cli', '**/cli/**', '**/extension', '**/extension/**'], message: 'Dependencies point inward: src/app never imports a front end.' },
        ],
      }],
    },
  },
  {
    // The VS Code layer is a front end over src/app and core, never over the CLI.
    files: ['src/extension/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ group: ['**/cli', '**/cli/**'], message: 'The extension does not import the CLI: move what both front ends need to src/app.' }],
      }],
    },
  },
  {
    // The CLI is a front end over src/app and core, never over the extension.
    files: ['src/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ group: ['**/extension', '**/extension/**'], message: 'The CLI does not import the extension: move what both front ends need to src/app.' }],
      }],
    },
  },
);
