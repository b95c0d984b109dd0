// The dashboard's axis labels against hand-written ones: a learning rate decaying from 0.003 to
// 0.001 gets ticks 0.0005 apart, which 3-decimal labels (uPlot's) print as 0.001, 0.002, 0.002,
// 0.003, 0.003 (half away from zero); these keep the fourth decimal.
import { describe, expect, it } from 'vitest';
import { axisTickLabels } from '../../src/dashboard/ui/tick-labels.js';

describe('axisTickLabels', () => {
  it('labels the learning-rate ticks 0.0005 apart with distinct, exact decimals', () => {
    expect(axisTickLabels([0.001, 0.0015, 0.002, 0.0025, 0.003])).toEqual(['0.001', '0.0015', '0.002', '0.0025', '0.003']);
  });

  it('drops float noise from the splits (3 * 0.1 is 0.30000000000000004)', () => {
    expect(axisTickLabels([0, 0.1, 0.2, 3 * 0.1, 0.4])).toEqual(['0', '0.1', '0.2', '0.3', '0.4']);
  });

  it('writes tiny and huge ticks in exponent form, distinct as well', () => {
    expect(axisTickLabels([5e-5, 1e-4, 1.5e-4])).toEqual(['5e-5', '1e-4', '1.5e-4']);
    expect(axisTickLabels([100000, 150000, 200000])).toEqual(['1e5', '1.5e5', '2e5']);
  });

  it('leaves a skipped split (null) unlabelled', () => {
    expect(axisTickLabels([0, null, 2])).toEqual(['0', '', '2']);
  });
});
