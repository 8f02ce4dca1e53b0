// ESLint flat config: typescript-eslint recommended rules over the whole project.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/**
 * Only src/storage/ talks to Forge storage (docs/architecture.md § Layout): every record has
 * one module there that validates it and builds its keys in src/storage/keys.ts. A flat config
 * replaces a rule's options per matching block instead of merging them, so every block below
 * that restricts imports repeats this path.
 */
const KVS_ONLY_IN_STORAGE = {
  name: '@forge/kvs',
  message: 'Only src/storage/ imports @forge/kvs: add a typed function to the storage module of the record.',
};

const NO_PANEL = {
  group: ['**/panel/*', '**/panel'],
  message: 'The sync and src/links never import the panel.',
};

/** Folders above storage, jira and zendesk in the layering. */
const UPPER_ROOMS = ['resolvers', 'admin', 'panel', 'sync', 'links', 'webtrigger', 'frontend'];

/** A pattern refusing imports of `rooms` from a module in `what`. */
function below(what, rooms) {
  return {
    group: rooms.flatMap((room) => [`../${room}/*`, `../../${room}/*`, `../../../${room}/*`]),
    message: `Imports only go down: ${what} may not import ${rooms.join(', ')} (docs/architecture.md § Layout).`,
  };
}

/** A direction of the sync reaches the other direction and the run only through src/sync/core. */
function onlyThroughCore(otherDirection) {
  return {
    group: [otherDirection, '../run/*'],
    message: 'A direction shares code with the other only through src/sync/core.',
  };
}

/** no-restricted-imports with the storage rule and the given patterns. */
function restrictedImports(patterns = []) {
  return ['error', { paths: [KVS_ONLY_IN_STORAGE], patterns }];
}

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
      // A name that hides an outer one (a helper's `it` hiding vitest's `it`) reads as the wrong thing.
      'no-shadow': 'off',
      '@typescript-eslint/no-shadow': [
        'error',
        { ignoreTypeValueShadow: true, ignoreFunctionTypeParameterNameValueShadow: true },
      ],
    },
  },
  // Type-aware rules over the TypeScript sources (one program from tsconfig.json): a promise
  // nobody awaits loses its failure, and with it the error a sync path must record.
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: {
      parserOptions: {
        // scripts/ is outside tsconfig.json (run with tsx only): the default project covers it.
        projectService: { allowDefaultProject: ['scripts/*.ts'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: { '@typescript-eslint/no-floating-promises': 'error' },
  },
  {
    files: ['src/**/*.ts', 'src/**/*.tsx'],
    ignores: ['src/storage/**'],
    rules: { 'no-restricted-imports': restrictedImports() },
  },
  // Imports only go down (docs/architecture.md § Layout): resolvers → admin | panel → sync |
  // links → storage | jira | zendesk → domain | util.
  {
    files: ['src/admin/**/*.ts'],
    rules: { 'no-restricted-imports': restrictedImports([below('admin', ['resolvers'])]) },
  },
  {
    files: ['src/storage/**/*.ts'],
    rules: {
      // Storage is where @forge/kvs belongs: only the layering applies here.
      'no-restricted-imports': ['error', { patterns: [below('storage', UPPER_ROOMS)] }],
    },
  },
  {
    files: ['src/jira/**/*.ts', 'src/zendesk/**/*.ts'],
    rules: { 'no-restricted-imports': restrictedImports([below('jira and zendesk', UPPER_ROOMS)]) },
  },
  {
    files: ['src/domain/**/*.ts', 'src/util/**/*.ts'],
    rules: {
      'no-restricted-imports': restrictedImports([
        below('domain and util', [...UPPER_ROOMS, 'storage', 'jira', 'zendesk']),
      ]),
    },
  },
  // The rooms of the sync (docs/architecture.md § Layout): the sync never reaches into the
  // panel, the shared core depends on neither direction nor on the run that drives them, and
  // the two directions meet only through the core.
  {
    files: ['src/sync/**/*.ts', 'src/links/**/*.ts'],
    rules: { 'no-restricted-imports': restrictedImports([NO_PANEL]) },
  },
  {
    files: ['src/sync/core/**/*.ts'],
    rules: {
      'no-restricted-imports': restrictedImports([
        NO_PANEL,
        {
          group: ['../fromZendesk/*', '../toZendesk/*', '../run/*', '../lifecycle/*'],
          message: 'The core depends on no direction and not on the run.',
        },
      ]),
    },
  },
  {
    files: ['src/sync/fromZendesk/**/*.ts'],
    rules: { 'no-restricted-imports': restrictedImports([NO_PANEL, onlyThroughCore('../toZendesk/*')]) },
  },
  {
    files: ['src/sync/toZendesk/**/*.ts'],
    rules: { 'no-restricted-imports': restrictedImports([NO_PANEL, onlyThroughCore('../fromZendesk/*')]) },
  },
);
