// The gradient-check and doctor buttons: the library's own checks on the page's experiment, with
// the doctor's input built as `descent doctor` builds it from a config.
import type { TrainConfig } from '../../config/schema.js';
import type { Experiment } from '../../config/build.js';
import { experimentDoctorInput } from '../../config/doctor-input.js';
import { runDoctor } from '../../doctor/doctor.js';
import { gradcheckModel, type ParameterGradcheck } from '../../doctor/gradcheck-model.js';
import type { FromWorker, GradcheckRow } from '../protocol.js';

/**
 * The notes' reading of a tensor's check: 'fail' when analytic and numerical gradients disagree
 * (relative error above 1e-4 away from kinks), 'inconclusive' when nothing could be compared (every
 * coordinate on a kink, or every gradient within roundoff of 0: no evidence either way), 'kink' when
 * it agrees but some coordinates sat on a kink of relu or max and were skipped, else 'fine'.
 */
export function gradcheckRow(p: ParameterGradcheck): GradcheckRow {
  const verdict = p.verdict === 'inconclusive' ? 'inconclusive' : !p.passed ? 'fail' : p.kinks > 0 ? 'kink' : 'fine';
  return { tensor: p.name, verdict, maxRelativeError: p.maxRelativeError, kinks: p.kinks, checked: p.checked };
}

/** A gradient check of every parameter tensor in float64 with `descent gradcheck`'s defaults, as rows and one sentence. */
export function gradcheckMessage(config: TrainConfig, exp: Experiment): FromWorker {
  const report = gradcheckModel(experimentDoctorInput(config, exp));
  const rows = report.parameters.map(gradcheckRow);
  const named = (verdict: GradcheckRow['verdict']) => rows.filter((r) => r.verdict === verdict).map((r) => r.tensor);
  const failed = named('fail');
  const kinked = named('kink');
  const unjudged = named('inconclusive');
  const main = failed.length > 0
    ? `The gradients are wrong for ${failed.join(', ')}: backward disagrees with centered differences (relative error above 1e-4), so training follows a wrong direction.`
    : kinked.length > 0
      ? `The gradients are right. Some checked points sat on a kink (where relu or max switches) in ${kinked.join(', ')}; there the two sides differ and the notes say to skip them, not to worry.`
      : 'The gradients are right: every tensor agrees with centered differences (relative error below 1e-4; the notes call below 1e-7 very good).';
  const why = report.parameters.find((p) => p.verdict === 'inconclusive')?.warnings[0];
  const sentence = unjudged.length === 0 ? main
    : `${main} ${unjudged.join(', ')} could not be judged${why === undefined ? '' : ` (${why})`}: no evidence either way, so check again after a few steps of training.`;
  return { type: 'gradcheck', rows, sentence };
}

/** The doctor's checks on the page's experiment, with a one-sentence verdict. */
export function doctorMessage(config: TrainConfig, exp: Experiment): FromWorker {
  const report = runDoctor(experimentDoctorInput(config, exp));
  const fails = report.checks.filter((c) => c.status === 'fail');
  const warns = report.checks.filter((c) => c.status === 'warn');
  const sentence = fails.length > 0
    ? `Something is wrong before training even starts: ${fails.map((c) => `${c.name} (${c.hint})`).join('; ')}.`
    : warns.length > 0
      ? `Nothing is broken, but look at: ${warns.map((c) => `${c.name} (${c.hint})`).join('; ')}.`
      : 'Every check passed: the setup behaves as the notes say a healthy one should.';
  return { type: 'doctor', checks: report.checks, sentence };
}
