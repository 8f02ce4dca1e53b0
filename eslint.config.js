// ESLint flat config: typescript-eslint recommended rules over the whole project.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      // StrykerJS sandboxes and reports (npm run mutation).
      '.stryker-tmp/**',
      'reports/**',
      'node_modules/',
      'static/admin/build/',
      'sandbox/web/build/',
      'coverage/',
      'test/artifacts/',
      '.sandbox-data/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
);
