// `descent bench [--workload w1|w4] [--threads N] [--epochs E] [--steps N] [--backend native|wasm|cpu] [--synthetic]
// [--data DIR] [--gemm] [--json]`: a standard workload, W1 (the MLP) or W4 (the convnet), in seconds per
// epoch, samples/s, GFLOP/s and test accuracy; or, with --gemm, the GFLOP/s of the matrix product at W1's shapes.
import { chooseBackendAsync, describeBackend } from '../backend-choice.js';
import { benchFlags } from '../bench/flags.js';
import { benchGemm } from '../bench/gemm.js';
import { runW1, W1_FLOPS_PER_SAMPLE } from '../bench/w1.js';
import { runW4, W4_FLOPS_PER_SAMPLE } from '../bench/w4.js';
import { parseCommandArgs } from '../args.js';
import type { Command } from '../command.js';
import { EXIT, type IO } from '../io.js';

export const benchCommand: Command = {
  name: 'bench',
  summary: 'time a standard workload, W1 (Fashion-MNIST MLP) or W4 (convnet), or the matrix products (--gemm)',
  usage:
    'descent bench [--workload w1|w4] [--threads N] [--epochs E] [--steps N] [--backend native|wasm|cpu] [--synthetic] [--data DIR] [--gemm] [--json]',
  async run(args: readonly string[], io: IO): Promise<number> {
    const parsed = parseCommandArgs('bench', args, {
      workload: { type: 'string' },
      threads: { type: 'string' },
      epochs: { type: 'string' },
      steps: { type: 'string' },
      backend: { type: 'string' },
      synthetic: { type: 'boolean' },
      data: { type: 'string' },
      gemm: { type: 'boolean' },
      json: { type: 'boolean' },
    }, { min: 0, max: 0, names: 'nothing' });
    const flags = benchFlags(parsed, io.env);
    const choice = await chooseBackendAsync(flags.request);
    // main() has already said on stderr when the native backend is unavailable.
    const { json } = flags;
    const head = { backend: choice.kind, simd: choice.simd, threads: choice.threads };
    if (flags.gemm) {
      const gemm = benchGemm(choice.backend);
      if (json) {
        io.out(`${JSON.stringify({ ...head, gemm })}\n`);
      } else {
        io.out(`GEMM on ${describeBackend(choice)}, float32, median GFLOP/s:\n`);
        for (const g of gemm) {
          const op = `${g.transA ? 'T' : 'N'}${g.transB ? 'T' : 'N'}`;
          io.out(`  ${`${g.m}x${g.k}x${g.n} ${op}`.padEnd(20)}${g.gflops.toFixed(1).padStart(8)}\n`);
        }
      }
      return EXIT.ok;
    }
    const { epochs, steps, dataDir, workload } = flags;
    const w4 = workload === 'w4';
    if (!json) {
      const layers = w4
        ? '1x28x28, conv 3x3 32 pad 1, relu, max-pool 2, conv 3x3 64 pad 1, relu, max-pool 2, linear 128, relu, linear 10'
        : '784-512-256-10 relu';
      io.out(`${w4 ? 'W4' : 'W1'} on ${describeBackend(choice)}: ${layers}, Adam 1e-3, batch 128, float32, ${epochs} epoch(s)\n`);
    }
    const r = (w4 ? runW4 : runW1)({
      backend: choice.backend, epochs,
      ...(steps === undefined ? {} : { steps }),
      ...(dataDir === undefined ? {} : { dataDir }),
      synthetic: flags.synthetic,
    });
    // The process's peak resident memory so far (maxRSS is in KiB), against issue 8's target of the
    // dataset's size plus 150 MiB.
    const peakRssMiB = process.resourceUsage().maxRSS / 1024;
    const datasetMiB = r.datasetBytes / 2 ** 20;
    if (json) {
      io.out(`${JSON.stringify({
        ...head, workload, data: r.data, peakRssMiB, datasetMiB, secondsPerEpoch: r.secondsPerEpoch, samplesPerSecond: r.samplesPerSecond,
        gflops: r.gflops, testAccuracy: r.testAccuracy, epochs, steps: r.steps, extrapolated: r.extrapolated,
      })}\n`);
      return EXIT.ok;
    }
    if (r.data === 'synthetic') io.out('  Fashion-MNIST not found: synthetic data of the same shape (60,000 x 784, 10 classes)\n');
    io.out(
      `  ${r.secondsPerEpoch.toFixed(2)} s/epoch${r.extrapolated ? ` (extrapolated from ${r.steps} steps)` : ''}, ` +
        `${r.samplesPerSecond.toFixed(0)} samples/s, ${r.gflops.toFixed(1)} GFLOP/s ` +
        `(${(w4 ? W4_FLOPS_PER_SAMPLE : W1_FLOPS_PER_SAMPLE).toLocaleString('en-US')} FLOPs/sample), test accuracy ${(100 * r.testAccuracy).toFixed(2)}%\n` +
        `  peak memory ${peakRssMiB.toFixed(0)} MiB (dataset ${datasetMiB.toFixed(0)} MiB + ${(peakRssMiB - datasetMiB).toFixed(0)} MiB)\n`,
    );
    return EXIT.ok;
  },
};
