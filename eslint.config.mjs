// Lint for the extension, its tests and the course content. Type checking is `tsc` (npm run typecheck).
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.vscode-test/**', '.vscode-test-server/**', '.test-evidence/**', '.e2e-work/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2022, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { prefer: 'type-imports', fixStyle: 'separate-type-imports' }],
      'no-restricted-syntax': ['error', { selector: 'ExportDefaultDeclaration', message: 'Use named exports.' }],
      eqeqeq: ['error', 'smart'],
    },
  },
  {
    // Node scripts (build, harness, launchers) are CommonJS.
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { ...globals.node, ...globals.mocha } },
    rules: { '@typescript-eslint/no-require-imports': 'off', 'no-redeclare': 'off' },
  },
  {
    // Code that runs inside a page (evaluated by playwright) refers to browser globals.
    files: ['test/harness/**/*.js', 'test/e2e/**/*.js', 'test/webview/**/*.js'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    // The flat config format requires a default export.
    files: ['eslint.config.mjs'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    // Starters keep the contract's parameter names for the learner; their bodies only throw TODO.
    files: ['exercises/**/starter/**/*.ts'],
    rules: { '@typescript-eslint/no-unused-vars': 'off' },
  },
);
