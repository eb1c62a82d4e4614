// Flat ESLint config: Nx's TypeScript rules plus the layering from STYLE.md, enforced by tags.
//   type:package   → only other packages (core depends on none of ours; health knows no transport)
//   type:app       → packages and the twin config; never another app or a processor (invoked by name)
//   type:processor → @twinflow/core (and payload-mappers if it must)
//   type:tool / type:e2e → anything they test or generate
import nx from '@nx/eslint-plugin';

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  {
    ignores: ['**/dist', '**/node_modules', '**/.serverless', '**/.esbuild', 'tmp', '.nx', '**/fixtures/**', '**/files/**', 'bench/results'],
  },
  {
    files: ['**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allowCircularSelfDependency: false,
          depConstraints: [
            { sourceTag: 'type:package', onlyDependOnLibsWithTags: ['type:package'] },
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:package', 'type:config'] },
            { sourceTag: 'type:processor', onlyDependOnLibsWithTags: ['scope:processor-api'] },
            { sourceTag: 'type:tool', onlyDependOnLibsWithTags: ['type:package', 'type:tool', 'type:config'] },
            { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['type:package', 'type:tool'] },
          ],
        },
      ],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Tests may also use the shared test helpers of tools/testing (type:tool).
    files: ['**/tests/**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          // A tool's suites drive its public entry point (@twinflow/local-twin in its own e2e tests).
          allowCircularSelfDependency: true,
          depConstraints: [
            { sourceTag: 'type:package', onlyDependOnLibsWithTags: ['type:package', 'type:tool'] },
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:package', 'type:config', 'type:tool'] },
            { sourceTag: 'type:processor', onlyDependOnLibsWithTags: ['scope:processor-api', 'type:tool'] },
            { sourceTag: 'type:tool', onlyDependOnLibsWithTags: ['type:package', 'type:tool', 'type:config'] },
            { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['type:package', 'type:tool', 'type:config'] },
          ],
        },
      ],
    },
  },
  {
    files: ['packages/*/src/**/*.ts'],
    rules: { 'no-console': 'error' },
  },
];
