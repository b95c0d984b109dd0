// Tick labels for the page's linear chart axes. uPlot's own labels keep at most 3 decimals, so
// ticks 0.0005 apart (a decaying learning rate) read 0.002, 0.002, 0.001; these keep every digit
// the ticks differ by, through src/plot's formatTick (12 significant digits, exponent form when
// tiny or huge), which also drops float noise (0.30000000000000004 reads 0.3).
import { formatTick } from '../../plot/ticks.js';

/**
 * One label per tick, distinct wherever the tick values are. null (a split uPlot leaves out)
 * gets an empty label.
 * @example axisTickLabels([0.001, 0.0015, 0.002]); //=> ['0.001', '0.0015', '0.002']
 */
export function axisTickLabels(splits: readonly (number | null)[]): string[] {
  return splits.map((v) => (v === null || !Number.isFinite(v) ? '' : formatTick(v)));
}
