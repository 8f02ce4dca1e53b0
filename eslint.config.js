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
  // The rooms of the sync (docs/architecture.md § Layout): the sync never reaches into the
  // panel, the shared core depends on neither direction nor on the run that drives them, and
  // the two directions meet only through the core.
  {
    files: ['src/sync/**/*.ts', 'src/links/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/panel/*', '**/panel'], message: 'The sync and src/links never import the panel.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src/sync/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/panel/*'], message: 'The sync never imports the panel.' },
            {
              group: ['../fromZendesk/*', '../toZendesk/*', '../run/*', '../lifecycle/*'],
              message: 'The core depends on no direction and not on the run.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/sync/fromZendesk/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/panel/*'], message: 'The sync never imports the panel.' },
            {
              group: ['../toZendesk/*', '../run/*'],
              message: 'A direction shares code with the other only through src/sync/core.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/sync/toZendesk/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/panel/*'], message: 'The sync never imports the panel.' },
            {
              group: ['../fromZendesk/*', '../run/*'],
              message: 'A direction shares code with the other only through src/sync/core.',
            },
          ],
        },
      ],
    },
  },
);
