// Charts as SVG strings (pure functions, no DOM, no files): line/scatter charts and the training
// curves of a run.
export { makeAxis, project, type Axis } from './axis.js';
export { downsample, type Point } from './downsample.js';
export {
  chartPanel,
  lineChart,
  type Frame,
  type HorizontalBand,
  type LineChartOptions,
  type Series,
} from './line-chart.js';
export { smooth } from './smooth.js';
export { escapeXml } from './svg.js';
export { formatTick, logTicks, niceTicks } from './ticks.js';
export { trainingCurves, type TrainingCurvesOptions, type TrainingHistory } from './training-curves.js';
