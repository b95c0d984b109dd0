// Batch size 1 with batch norm: the architecture lint warns (as issue 6 asks), and the checks that
// train at the configured batch size (learning-rate range, update-to-weight ratio, dead units)
// skip with a note instead of crashing with "batchNorm: training mode needs at least 2 examples",
// so the doctor does not fail the config over its own inability to run them.
import { describe, expect, it } from 'vitest';
import { deadUnitsCheck } from '../../src/doctor/dead-units.js';
import { runDoctor } from '../../src/doctor/doctor.js';
import { lrRangeCheck } from '../../src/doctor/lr-range.js';
import { updateRatioCheck } from '../../src/doctor/update-ratio.js';
import { fixture } from './fixtures.js';

const BN = [{ type: 'linear', units: 16 }, { type: 'batchNorm' }, 'relu', { type: 'linear', units: 3 }];
const SKIPPED = ['learning-rate range', 'update-to-weight ratio', 'dead and saturated units'];

describe('the doctor at batch size 1 with batch norm', () => {
  it('warns in the lint and skips the training-step checks with a note; nothing fails', () => {
    const report = runDoctor(fixture({ layers: BN, batchSize: 1 }), { gradcheck: { coordinates: 5 } });
    expect(report.checks.filter((c) => c.status === 'fail'), JSON.stringify(report.checks)).toEqual([]);
    expect(report.passed).toBe(true);
    const lint = report.checks.find((c) => c.name === 'architecture lint')!;
    expect(lint.status).toBe('warn');
    expect(lint.hint).toMatch(/batch norm with batch size 1/);
    for (const name of SKIPPED) {
      const c = report.checks.find((x) => x.name === name)!;
      expect(c.status, name).toBe('warn');
      expect(c.value).toBe('skipped: batch size 1 with batch norm');
      expect(c.hint).toMatch(/at least 2/);
    }
  });

  it('still runs those checks at batch size 1 without batch norm, and at batch size 2 with it', () => {
    const plain = fixture({ batchSize: 1 });
    const two = fixture({ layers: BN, batchSize: 2 });
    // Each check's own finding, not a skip note or an error.
    const shapes: [(input: ReturnType<typeof fixture>) => { value: string }, RegExp][] = [
      [(i) => lrRangeCheck(i), /^fastest fall at \S+, blows up from \S+; configured 0\.01 \(loss /],
      [(i) => updateRatioCheck(i), /^layers\.0\.weight \d/],
      [(i) => deadUnitsCheck(i), /^init: dead layers\.\d 0; after \d+ steps: dead layers\.\d /],
    ];
    for (const [check, shape] of shapes) {
      expect(check(plain).value).toMatch(shape);
      expect(check(two).value).toMatch(shape);
    }
  });
});
