// `descent info [--json]`: the version, the backend descent runs on (native, wasm or TypeScript), its
// SIMD level and threads, and why the native backend is not used when it is not.
import { availableParallelism } from 'node:os';
import { backendRequestFromEnv, chooseBackendAsync, describeBackend } from '../backend-choice.js';
import { boolFlag, parseCommandArgs } from '../args.js';
import type { Command } from '../command.js';
import { EXIT, type IO } from '../io.js';
import { packageVersion } from '../version.js';

export const infoCommand: Command = {
  name: 'info',
  summary: 'print the version, the backend (native, wasm or TypeScript), its SIMD level and thread count',
  usage: 'descent info [--json]',
  async run(args: readonly string[], io: IO): Promise<number> {
    const parsed = parseCommandArgs('info', args, { json: { type: 'boolean' } }, { min: 0, max: 0, names: 'nothing' });
    const choice = await chooseBackendAsync(backendRequestFromEnv(io.env));
    const facts = {
      version: packageVersion(), backend: choice.kind, simd: choice.simd, threads: choice.threads,
      cpus: availableParallelism(), node: process.version, nativeUnavailable: choice.fallbackReason,
    };
    if (boolFlag(parsed, 'json')) {
      io.out(`${JSON.stringify(facts)}\n`);
      return EXIT.ok;
    }
    io.out(`descent ${facts.version}\nbackend: ${describeBackend(choice)}\n`);
    if (choice.fallbackReason !== null) io.out(`native backend unavailable: ${choice.fallbackReason}\n`);
    io.out(`cpus: ${facts.cpus}, node ${facts.node}\n`);
    return EXIT.ok;
  },
};
