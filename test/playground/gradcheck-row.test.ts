// The playground's reading of one tensor's gradient check: 'inconclusive' (nothing compared) is its
// own verdict, never shown as fine, and a failure is a failure whatever the kinks.
import { describe, expect, it } from 'vitest';
import type { ParameterGradcheck } from '../../src/doctor/index.js';
import { gradcheckRow } from '../../src/playground/worker/checks.js';

function check(over: Partial<ParameterGradcheck>): ParameterGradcheck {
  return {
    name: 'layers.0.bias', checked: 8, kinks: 0, maxRelativeError: 1e-9, verdict: 'fine', passed: true, h: 1e-5,
    retries: [], maxGradient: 0.3, smallGradients: false, warnings: [], ...over,
  };
}

describe('gradcheckRow', () => {
  it('reads fine, kink, fail and inconclusive as the notes do', () => {
    expect(gradcheckRow(check({})).verdict).toBe('fine');
    expect(gradcheckRow(check({ kinks: 3, checked: 5 })).verdict).toBe('kink');
    expect(gradcheckRow(check({ verdict: 'wrong', passed: false, maxRelativeError: 0.3, kinks: 2 })).verdict).toBe('fail');
    expect(gradcheckRow(check({ verdict: 'suspicious', passed: false, maxRelativeError: 1e-3 })).verdict).toBe('fail');
    // Every coordinate on a kink: nothing judged, which is no evidence the gradient is right.
    expect(gradcheckRow(check({ verdict: 'inconclusive', passed: false, checked: 0, kinks: 8, maxRelativeError: 0 })).verdict).toBe('inconclusive');
    expect(gradcheckRow(check({ verdict: 'inconclusive', passed: false, smallGradients: true })).verdict).toBe('inconclusive');
  });
});
