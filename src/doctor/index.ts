// The doctor's public surface: the runner, each check, the model gradient check and the run-log
// diagnosis.
export { architectureFindings, architectureLintCheck } from './architecture-lint.js';
export { type CheckResult, type CheckStatus, checkResult, worstStatus } from './check-result.js';
export { classBalanceCheck, constantFeaturesCheck, dataChecks, finiteCheck, overlapCheck, preprocessingCheck } from './data-checks.js';
export { deadUnitsCheck, unitHealth } from './dead-units.js';
export { type DoctorOptions, type DoctorReport, doctorReport, runDoctor } from './doctor.js';
export { type DoctorInput, setDropout } from './doctor-input.js';
export { gradcheckModel, type ModelGradcheckOptions, type ModelGradcheckReport, type ParameterGradcheck } from './gradcheck-model.js';
export { gradientCheck, summarizeGradcheck } from './gradient-check.js';
export { expectedInitialLoss, initialLossCheck, regularizationCheck } from './initial-loss.js';
export { type LrPoint, type LrRangeOptions, lrRangeCheck, lrSweep } from './lr-range.js';
export { type OverfitOptions, overfitTinyCheck } from './overfit-tiny.js';
export { diagnoseRun } from './run-diagnosis.js';
export { signalPropagationCheck, signalStds } from './signal-propagation.js';
export { symmetryCheck } from './symmetry.js';
export { updateRatioCheck, updateRatios } from './update-ratio.js';
