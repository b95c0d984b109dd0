// Lint: typescript-eslint's recommended rules, plus the import-boundary rule from ARCHITECTURE.md:
// each layer of src/ imports only from the layers below it.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Layers of src/, bottom up. A file in layer i may import layers 0..i (same-rank groups share an index). */
const LAYERS = [
  ['backend'],
  ['tensor'],
  ['autograd'],
  ['ops'],
  ['nn', 'losses'],
  ['optim'],
  ['data'],
  ['plot'],
  ['train'],
  ['check'],
  ['doctor'],
  ['search'],
  ['config'],
  ['cli', 'dashboard'],
];

function boundaryRules() {
  return LAYERS.flatMap((group, rank) => {
    const above = LAYERS.slice(rank + 1).flat();
    // search/ optimizes any objective: it knows nothing of the neural-network layers.
    const extra = group.includes('search')
      ? ['autograd', 'ops', 'nn', 'losses', 'optim', 'data', 'train', 'check', 'doctor']
      : [];
    const banned = [...above, ...extra];
    if (banned.length === 0) return [];
    return group.map((dir) => ({
      files: [`src/${dir}/**/*.ts`],
      rules: {
        'no-restricted-imports': [
          'error',
          {
            patterns: [
              {
                group: banned.flatMap((b) => [`**/${b}/*`, `**/${b}`, `**/${b}/**`]),
                message: `src/${dir} may not import from a higher layer (see docs/architecture.md).`,
              },
            ],
          },
        ],
      },
    }));
  });
}

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'build/**', 'runs/**', 'coverage/**', 'native/build/**', 'test-output/**', '.vitest-out/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { console: 'readonly', process: 'readonly' } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': ['error'],
    },
  },
  // Only the CLI, benchmarks, tools and examples talk to the terminal.
  { files: ['src/cli/**', 'bench/**', 'tools/**', 'examples/**', 'test/**'], rules: { 'no-console': 'off' } },
  ...boundaryRules(),
);
