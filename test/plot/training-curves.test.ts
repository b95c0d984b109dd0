// trainingCurves: the two panels of curves.svg for classification and regression runs.
import { describe, expect, it } from 'vitest';
import { trainingCurves, type TrainingHistory } from '../../src/plot/training-curves.js';
import { findAll, parseXml, polylinePoints, type XmlElement } from './xml.js';

const iterations = [2.3, 1.9, 1.4, 1.1, 0.9, 0.8].map((loss, i) => ({ step: i + 1, loss }));
const panels = (root: XmlElement) => findAll(root, 'g').filter((g) => g.attrs.class === 'chart');
const titleOf = (panel: XmlElement) => findAll(panel, 'text').find((t) => t.attrs.class === 'title')?.text;
const seriesOf = (panel: XmlElement) =>
  findAll(panel, 'polyline').map((l) => [l.attrs['data-series'], polylinePoints(l).length]);

describe('trainingCurves', () => {
  it('draws loss per iteration (raw + smoothed) beside train/validation accuracy per epoch', () => {
    const history: TrainingHistory = {
      title: 'spiral & <mlp>',
      iterations,
      epochs: [
        { epoch: 1, trainAccuracy: 0.5, valAccuracy: 0.45, trainLoss: 1.2 },
        { epoch: 2, trainAccuracy: 0.8, valAccuracy: 0.7, trainLoss: 0.8 },
        { epoch: 3, trainAccuracy: 0.9, valAccuracy: 0.85, trainLoss: 0.6 },
      ],
    };
    const root = parseXml(trainingCurves(history));
    expect(root.attrs.xmlns).toBe('http://www.w3.org/2000/svg');
    expect(findAll(root, 'text').some((t) => t.text === 'spiral & <mlp>')).toBe(true);
    const [loss, epochs] = panels(root);
    expect(titleOf(loss!)).toBe('Loss per iteration');
    expect(seriesOf(loss!)).toEqual([['loss', 6], ['loss (smoothed)', 6]]);
    expect(titleOf(epochs!)).toBe('Accuracy per epoch');
    expect(seriesOf(epochs!)).toEqual([['train', 3], ['validation', 3]]);
  });

  it('smoothing 0 draws the smoothed line on top of the raw one', () => {
    const root = parseXml(trainingCurves({ iterations, epochs: [] }, { smoothing: 0 }));
    const [raw, smoothed] = findAll(panels(root)[0]!, 'polyline');
    expect(smoothed!.attrs.points).toBe(raw!.attrs.points);
  });

  it('the smoothed line lies within the range of the raw losses and starts at the first loss', () => {
    const root = parseXml(trainingCurves({ iterations, epochs: [] }, { smoothing: 0.9 }));
    const [raw, smoothed] = findAll(panels(root)[0]!, 'polyline').map(polylinePoints);
    expect(smoothed![0]).toEqual(raw![0]); // debiased: s1 = v1
    const ys = raw!.map(([, y]) => y);
    for (const [, y] of smoothed!) {
      expect(y).toBeGreaterThanOrEqual(Math.min(...ys));
      expect(y).toBeLessThanOrEqual(Math.max(...ys));
    }
  });

  it('leaves validation out when absent', () => {
    const root = parseXml(trainingCurves({ iterations, epochs: [{ epoch: 1, trainAccuracy: 0.5 }] }));
    expect(seriesOf(panels(root)[1]!)).toEqual([['train', 1]]);
  });

  it('shows train/validation loss per epoch for a regression run (no accuracy)', () => {
    const epochs = [{ epoch: 1, trainLoss: 0.5, valLoss: 0.6 }, { epoch: 2, trainLoss: 0.3, valLoss: 0.4 }];
    const root = parseXml(trainingCurves({ iterations, epochs }, { logLoss: true }));
    const right = panels(root)[1]!;
    expect(titleOf(right)).toBe('Loss per epoch');
    expect(seriesOf(right)).toEqual([['train', 2], ['validation', 2]]);
  });

  it('draws the validation loss on the iteration panel at each epoch\'s last step, when there is one', () => {
    const epochs = [{ epoch: 1, step: 3, trainAccuracy: 0.5, valAccuracy: 0.4, trainLoss: 1.2, valLoss: 1.3 },
      { epoch: 2, step: 6, trainAccuracy: 0.7, valAccuracy: 0.6, trainLoss: 0.9, valLoss: 1.0 }];
    const left = panels(parseXml(trainingCurves({ iterations, epochs })))[0]!;
    const val = findAll(left, 'polyline').find((l) => l.attrs['data-series'] === 'validation loss (epoch end)');
    expect(val).toBeDefined();
    // At steps 3 and 6 of the 6 iterations: the second point lies at the right end, with the last iteration's.
    const [p1, p2] = polylinePoints(val!);
    const raw = polylinePoints(findAll(left, 'polyline')[0]!);
    expect(p1![0]).toBeCloseTo(raw[2]![0], 6);
    expect(p2![0]).toBeCloseTo(raw[5]![0], 6);
    expect(findAll(left, 'text').find((t) => t.attrs.class === 'y-label')?.text).toBe('data loss');
  });

  it('draws no validation loss without a validation split', () => {
    const epochs = [{ epoch: 1, step: 3, trainAccuracy: 0.5, trainLoss: 1.2 }, { epoch: 2, step: 6, trainAccuracy: 0.7, trainLoss: 0.9 }];
    const svg = trainingCurves({ iterations, epochs });
    expect(svg).not.toContain('validation loss');
    expect(seriesOf(panels(parseXml(svg))[0]!)).toEqual([['loss', 6], ['loss (smoothed)', 6]]);
  });

  it('survives a NaN loss and an empty history', () => {
    const diverged = [...iterations, { step: 7, loss: NaN }];
    const root = parseXml(trainingCurves({ iterations: diverged, epochs: [] }));
    expect(seriesOf(panels(root)[0]!)).toEqual([['loss', 6], ['loss (smoothed)', 6]]);
    const empty = parseXml(trainingCurves({ iterations: [], epochs: [] }));
    expect(findAll(empty, 'text').filter((t) => t.text === 'no data')).toHaveLength(2);
  });
});
