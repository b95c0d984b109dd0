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
  // Exchange formats (safetensors, ONNX): they read nn/ models, data/ preprocessing and config/ records.
  ['interop'],
  ['cli', 'dashboard', 'playground'],
];

// What needs Node lives in folders named node/ (and in backend/native, cli, dashboard, the Node entry
// src/index.ts and script-entry.ts); everything else is the core that runs in any JavaScript engine.
const NODE_ONLY_FILES = ['src/**/node/**', 'src/backend/native/**', 'src/cli/**', 'src/dashboard/**', 'src/index.ts', 'src/script-entry.ts', 'src/playground/bundle.ts'];
const NODE_BUILTINS = [
  'assert', 'buffer', 'child_process', 'cluster', 'crypto', 'dgram', 'dns', 'events', 'fs', 'fs/promises', 'http', 'https',
  'module', 'net', 'os', 'path', 'perf_hooks', 'process', 'readline', 'stream', 'string_decoder', 'timers', 'tls', 'tty',
  'url', 'util', 'v8', 'vm', 'worker_threads', 'zlib',
];
const PLATFORM_PATTERNS = [
  {
    group: ['node:*', ...NODE_BUILTINS, 'better-sqlite3', 'cli-progress', 'playwright-core', 'csv-parse/sync', 'csv-parse/stream'],
    message: 'The core runs in any JavaScript engine: Node built-ins and Node-only packages belong in a node/ folder (see docs/architecture.md).',
  },
  {
    group: ['**/node/*', '**/node/**', '**/backend/native/**', '**/backend/native', '**/script-entry*', '**/cli/**', '**/dashboard/**'],
    message: 'The core may not import Node-only modules (node/ folders, the native backend, the CLI, the dashboard).',
  },
];
// Node's globals are not there in a browser: the core reads none of them.
const NODE_GLOBALS = ['process', 'Buffer', 'require', '__dirname', '__filename', 'global', 'setImmediate'].map((name) => ({
  name,
  message: 'Not in a browser: the core runs in any JavaScript engine (Node-only code lives in node/ folders).',
}));

function importRule(patterns) {
  return { 'no-restricted-imports': ['error', { patterns }] };
}

function boundaryRules() {
  return LAYERS.flatMap((group, rank) => {
    const above = LAYERS.slice(rank + 1).flat();
    // search/ optimizes any objective: it knows nothing of the neural-network layers.
    const extra = group.includes('search')
      ? ['autograd', 'ops', 'nn', 'losses', 'optim', 'data', 'train', 'check', 'doctor']
      : [];
    const banned = [...above, ...extra];
    const layerPatterns = banned.length === 0 ? [] : [
      {
        group: banned.flatMap((b) => [`**/${b}/*`, `**/${b}`, `**/${b}/**`]),
        message: `this layer may not import from a higher layer (see docs/architecture.md).`,
      },
    ];
    return group.flatMap((dir) => {
      const files = [`src/${dir}/**/*.ts`];
      const nodeOnly = dir === 'cli' || dir === 'dashboard';
      const core = nodeOnly ? [] : [{
        files, ignores: NODE_ONLY_FILES,
        rules: { ...importRule([...layerPatterns, ...PLATFORM_PATTERNS]), 'no-restricted-globals': ['error', ...NODE_GLOBALS] },
      }];
      const node = layerPatterns.length === 0 ? [] : [{
        files: nodeOnly ? files : [`src/${dir}/**/node/**/*.ts`, ...(dir === 'backend' ? ['src/backend/native/**/*.ts'] : [])],
        rules: importRule(layerPatterns),
      }];
      return [...core, ...node];
    });
  });
}

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'build/**', 'runs/**', 'coverage/**', 'native/build/**', 'test-output/**', '.vitest-out/**', 'wasm/**'] },
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
  // The browser test page runs as a plain module script in Chromium.
  {
    files: ['test/browser/page/**/*.js'],
    languageOptions: {
      globals: { window: 'readonly', self: 'readonly', setTimeout: 'readonly', AbortController: 'readonly', TextEncoder: 'readonly' },
    },
  },
  // The playground is a browser page (its bundle.ts runs in Node at build time): the core, and the
  // dashboard's browser chart card under dashboard/ui, but nothing Node-only.
  {
    files: ['src/playground/**/*.ts'], ignores: NODE_ONLY_FILES,
    rules: {
      ...importRule([PLATFORM_PATTERNS[0], {
        group: ['**/node/*', '**/node/**', '**/backend/native/**', '**/backend/native', '**/script-entry*', '**/cli/**', '**/dashboard/*.js'],
        message: 'The playground runs in a browser: it may not import Node-only modules (node/ folders, the native backend, the CLI, the dashboard server).',
      }]),
      'no-restricted-globals': ['error', ...NODE_GLOBALS],
    },
  },
  // The files at the top of src/ that the browser entry reaches.
  {
    files: ['src/*.ts'], ignores: NODE_ONLY_FILES,
    rules: { ...importRule(PLATFORM_PATTERNS), 'no-restricted-globals': ['error', ...NODE_GLOBALS] },
  },
);
