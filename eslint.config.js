// Lint config: typescript-eslint's recommended rules over every TypeScript file, and the import
// boundaries between the core (src/), the chat adapters (adapters/) and the SQLite store (src/store/).
// Import cycles are checked by test/unit/import-graph.test.ts (no lint plugin for them is installed).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** `no-restricted-imports` sees static imports only; this catches `import('…')` too. */
const noDynamicImport = (pattern, message) => ({ selector: `ImportExpression[source.value=${pattern}]`, message });

const CORE_NOT_ADAPTERS = 'The core does not import adapters/: only src/main.ts (the composition root) builds them.';
const ADAPTER_SURFACE = 'Adapters import only the core\'s port and shared types (src/model.ts, src/platform.ts, src/errors.ts, src/log.ts, src/commands/grammar.ts).';
const STORE_INTERNALS = 'Outside src/store/, storage is reached through the ports its users declare; open it through src/store/index.ts.';
// What outside src/store/ may import of it: the store's front door, the lock and the backup.
const STORE_DOORS = ['!**/store/index.ts', '!**/store/db-lock.ts', '!**/store/backup-database.ts'];
const storeInternals = { group: ['**/store/*', ...STORE_DOORS], message: STORE_INTERNALS };
const noDynamicStoreImport = noDynamicImport('/store\\/(?!index|db-lock|backup-database)/', STORE_INTERNALS);

export default tseslint.config(
  { ignores: ['node_modules/', 'data/*.db*', 'coverage/', 'dist/', '.scratch/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
      // Stripping control characters from untrusted feed text is deliberate.
      'no-control-regex': 'off',
    },
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/main.ts', 'src/store/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/adapters/**'], message: CORE_NOT_ADAPTERS },
            storeInternals,
          ],
        },
      ],
      'no-restricted-syntax': ['error', noDynamicImport('/adapters\\//', CORE_NOT_ADAPTERS), noDynamicStoreImport],
    },
  },
  {
    files: ['src/main.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [storeInternals] }],
      'no-restricted-syntax': ['error', noDynamicStoreImport],
    },
  },
  {
    files: ['adapters/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        // A folder excluded hides its files from a later `!`: src/commands is let through, then its files but grammar.ts held back.
        { patterns: [{ group: ['**/src/*', '!**/src/model.ts', '!**/src/platform.ts', '!**/src/errors.ts', '!**/src/log.ts', '!**/src/commands', '**/src/commands/*', '!**/src/commands/grammar.ts'], message: ADAPTER_SURFACE }] },
      ],
      'no-restricted-syntax': ['error', noDynamicImport('/\\/src\\/(?!(model|platform|errors|log|commands\\/grammar)\\.ts$)/', ADAPTER_SURFACE)],
    },
  },
  {
    files: ['src/**/*.js', 'scripts/**/*.js', 'eslint.config.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
);
