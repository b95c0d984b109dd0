// descent as another project sees it: `npm pack`, then the tarball installed into a fresh project
// (offline, from npm's cache) and used from an ES module, from CommonJS, from TypeScript and as the
// `descent` command. Needs dist/ (npm run build; `npm ci` builds it).
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../e2e/helpers.js';

const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const dir = mkdtempSync(join(tmpdir(), 'descent-consumer-'));
const project = join(dir, 'project');

interface LockEntry {
  readonly dev?: boolean;
  readonly devOptional?: boolean;
  readonly [key: string]: unknown;
}

/**
 * The consumer's lockfile: descent from the tarball, and descent's runtime dependencies at the
 * versions (and integrity hashes) of descent's own lockfile, so that `npm ci --offline` takes them
 * from the cache that installing descent filled, with no registry.
 */
function consumerLock(tarball: string): unknown {
  const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockEntry> };
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Record<string, unknown>;
  const runtime = Object.entries(lock.packages).filter(([key, e]) => key !== '' && e.dev !== true && e.devOptional !== true);
  const spec = `file:../${tarball}`;
  const integrity = `sha512-${createHash('sha512').update(readFileSync(join(dir, tarball))).digest('base64')}`;
  return {
    name: 'consumer', version: '1.0.0', lockfileVersion: 3, requires: true,
    packages: {
      '': { name: 'consumer', version: '1.0.0', dependencies: { descent: spec } },
      'node_modules/descent': {
        version: pkg['version'], resolved: spec, integrity, hasInstallScript: true, license: pkg['license'],
        dependencies: pkg['dependencies'], bin: pkg['bin'], engines: pkg['engines'],
      },
      ...Object.fromEntries(runtime),
    },
  };
}

function node(args: readonly string[], cwd = project, env: NodeJS.ProcessEnv = process.env) {
  const r = spawnSync(process.execPath, args, { cwd, env, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  if (!existsSync(join(ROOT, 'dist', 'index.js'))) throw new Error('dist/ is missing: run npm run build first');
  // --ignore-scripts: packing must not rebuild dist/ (the prepare script); it packs the build there.
  execFileSync(NPM, ['pack', '--ignore-scripts', '--silent', '--pack-destination', dir], { cwd: ROOT, encoding: 'utf8' });
  const tarball = readdirSync(dir).find((f) => f.endsWith('.tgz'))!;
  mkdirSync(join(project, 'esm'), { recursive: true });
  // The project is CommonJS (no "type"); its esm/ folder is an ES module package.
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true, dependencies: { descent: `file:../${tarball}` } }));
  writeFileSync(join(project, 'package-lock.json'), JSON.stringify(consumerLock(tarball)));
  writeFileSync(join(project, 'esm', 'package.json'), JSON.stringify({ type: 'module' }));
  // Lifecycle scripts are skipped here (better-sqlite3 would compile SQLite for a minute); descent's
  // own install script is run by itself below.
  const install = (mode: string) => execFileSync(NPM, ['ci', mode, '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: project, encoding: 'utf8', stdio: 'pipe' });
  try {
    install('--offline');
  } catch {
    // A cache without these tarballs (node_modules copied in, a cleaned cache): fetch what is missing.
    install('--prefer-offline');
  }
}, 120_000);

// 1^2 + 2^2 + 3^2.
const SUM_OF_SQUARES = 14;

describe('descent installed from its tarball', () => {
  it('an ES module imports it', () => {
    writeFileSync(join(project, 'esm', 'main.js'), "import { tensor } from 'descent';\nconst t = tensor([1, 2, 3]);\nconsole.log(t.mul(t).sum().item());\n");
    const r = node(['esm/main.js']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(Number(r.stdout)).toBe(SUM_OF_SQUARES);
  });

  it('CommonJS requires it where Node loads ES modules with require(), the same module an import gets', () => {
    writeFileSync(
      join(project, 'main.cjs'),
      "const d = require('descent');\nconst t = d.tensor([1, 2, 3]);\n" +
        "import('descent').then((e) => console.log(t.mul(t).sum().item(), e.tensor === d.tensor));\n",
    );
    const r = node(['main.cjs']);
    if (process.features.require_module === true) {
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout.trim()).toBe(`${SUM_OF_SQUARES} true`);
    } else {
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('descent is an ES module');
    }
  });

  it('CommonJS on a Node that cannot require() an ES module gets the two ways to load it', () => {
    writeFileSync(join(project, 'require-only.cjs'), "require('descent');\n");
    // The flag turns off require() of ES modules, as in Node before 20.19.
    const r = node(['--no-experimental-require-module', 'require-only.cjs']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('descent is an ES module');
    expect(r.stderr).toContain("const { tensor } = await import('descent');");
    expect(r.stderr).toContain('add "type": "module" to its package.json');
    expect(r.stderr).not.toContain('ERR_REQUIRE_ESM]:'); // not Node's own message
  });

  it('TypeScript type-checks imports from an ES module and from CommonJS', () => {
    writeFileSync(join(project, 'esm', 'main.mts'), "import { tensor, type Tensor } from 'descent';\nexport const t: Tensor = tensor([1, 2, 3]);\n");
    writeFileSync(
      join(project, 'main.cts'),
      "export async function load(): Promise<number> {\n  const { tensor } = await import('descent');\n  return tensor([1, 2]).sum().item();\n}\n",
    );
    // TypeScript's nodenext compiles this to require(), which Node 20.19 and later load.
    writeFileSync(join(project, 'static.cts'), "import { tensor } from 'descent';\nexport const n: number = tensor([1, 2]).sum().item();\n");
    writeFileSync(
      join(project, 'tsconfig.json'),
      JSON.stringify({
        // A Node project has @types/node; this one borrows descent's rather than install it.
        compilerOptions: { module: 'nodenext', target: 'es2022', strict: true, noEmit: true, types: ['node'], typeRoots: [join(ROOT, 'node_modules', '@types')] },
        files: ['esm/main.mts', 'main.cts', 'static.cts'],
      }),
    );
    const r = node([join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json']);
    expect(r.stdout + r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  it('the descent command runs', () => {
    const r = node([join(project, 'node_modules', 'descent', 'dist', 'cli', 'main.js'), 'help']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Usage: descent <command>');
  });

  it('its install script, without build tools, says so in one line and exits 0', () => {
    // No PATH: no python, make or compiler for node-gyp; node itself is run by its full path.
    const env = { HOME: process.env['HOME'] ?? dir, PATH: join(dir, 'no-tools') };
    const r = node([join(project, 'node_modules', 'descent', 'native', 'build.mjs')], project, env);
    expect(r.code).toBe(0);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^descent: native backend unavailable .*descent will use its TypeScript backend\n$/);
    expect(existsSync(join(dirname(r.stderr.match(/log: (\S+)\)/)?.[1] ?? ''), 'Release', 'descent_native.node'))).toBe(false);
  });
});
