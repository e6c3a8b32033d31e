// ESLint flat config: typescript-eslint's recommended rules, plus the architecture rule that keeps src/core pure.
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
);
