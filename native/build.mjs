// Builds descent's native backend (native/binding.gyp) with node-gyp, from the package's own sources.
// Run by `npm install` and by hand (`node native/build.mjs`). It never fails the install: on any
// error it prints one line and exits 0, and descent uses its TypeScript backend.
// Environment: DESCENT_SKIP_NATIVE=1 skips the build; DESCENT_NATIVE_VERBOSE=1 shows node-gyp's output.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const nativeDir = dirname(fileURLToPath(import.meta.url));
const addonPath = join(nativeDir, 'build', 'Release', 'descent_native.node');
const logPath = join(nativeDir, 'build', 'build-log.txt');
const verbose = process.env.DESCENT_NATIVE_VERBOSE === '1';
const FALLBACK = 'descent will use its TypeScript backend';

function say(line) {
  process.stderr.write(`descent: ${line}\n`);
}

/** The node-gyp command: [executable, ...leading args], or null. */
function findNodeGyp() {
  const candidates = [];
  // npm sets this for lifecycle scripts: the node-gyp it bundles.
  if (process.env.npm_config_node_gyp) candidates.push(process.env.npm_config_node_gyp);
  try {
    candidates.push(createRequire(import.meta.url).resolve('node-gyp/bin/node-gyp.js'));
  } catch {
    // not installed locally
  }
  if (process.env.npm_execpath) {
    candidates.push(resolve(dirname(process.env.npm_execpath), '..', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'));
  }
  // npm's global install next to this node binary (Linux/macOS and Windows layouts).
  const prefix = resolve(dirname(process.execPath), '..');
  candidates.push(join(prefix, 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'));
  candidates.push(join(dirname(process.execPath), 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'));
  for (const c of candidates) {
    if (existsSync(c)) return [process.execPath, c];
  }
  return null;
}

/** --nodedir for node-gyp: npm's setting, else the headers installed beside this node (no download). */
function nodedirArgs() {
  const configured = process.env.npm_config_nodedir;
  if (configured && existsSync(join(configured, 'include', 'node', 'node_api.h'))) return [`--nodedir=${configured}`];
  const prefix = resolve(dirname(process.execPath), '..');
  if (existsSync(join(prefix, 'include', 'node', 'node_api.h')) && existsSync(join(prefix, 'include', 'node', 'common.gypi'))) {
    return [`--nodedir=${prefix}`];
  }
  return [];
}

function writeLog(text) {
  try {
    mkdirSync(dirname(logPath), { recursive: true });
    writeFileSync(logPath, text);
  } catch {
    // the log is a convenience only
  }
}

function build() {
  if (process.env.DESCENT_SKIP_NATIVE === '1') {
    say(`native backend build skipped (DESCENT_SKIP_NATIVE=1); ${FALLBACK}`);
    return;
  }
  const gyp = findNodeGyp();
  const [cmd, ...lead] = gyp ?? ['npx', '--no-install', 'node-gyp'];
  const args = [...lead, 'rebuild', '--release', '-j', 'max', ...nodedirArgs()];
  const started = Date.now();
  const result = spawnSync(cmd, args, {
    cwd: nativeDir,
    encoding: 'utf8',
    stdio: verbose ? 'inherit' : 'pipe',
    timeout: 10 * 60 * 1000,
    shell: process.platform === 'win32' && gyp === null,
  });
  const output = `${cmd} ${args.join(' ')}\n${result.stdout ?? ''}${result.stderr ?? ''}`;
  writeLog(output);
  if (result.error || result.status !== 0 || !existsSync(addonPath)) {
    const why = result.error ? result.error.message : `node-gyp exited with ${result.status}`;
    say(`native backend unavailable (${why}; log: ${logPath}); ${FALLBACK}`);
    return;
  }
  // A build that links but cannot load (a wrong ABI or a missing library) is no build.
  const check = spawnSync(process.execPath, ['-e', `require(${JSON.stringify(addonPath)}).supported()`], {
    encoding: 'utf8',
  });
  if (check.status !== 0) {
    say(`native backend built but does not load (${(check.stderr || '').trim().split('\n')[0]}); ${FALLBACK}`);
    return;
  }
  if (verbose) say(`native backend built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

try {
  build();
} catch (error) {
  say(`native backend unavailable (${error instanceof Error ? error.message : String(error)}); ${FALLBACK}`);
}
process.exitCode = 0;
