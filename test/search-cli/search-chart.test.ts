// search.svg: well-formed XML, one dot per finished trial, the best-so-far line, log axes for log
// dimensions, choices drawn at their index.
import { describe, expect, it } from 'vitest';
import { bestSoFar, searchChart, type SearchChartTrial } from '../../src/plot/search-chart.js';
import { parseXml, type XmlElement } from '../plot/xml.js';

const trials: SearchChartTrial[] = [
  { number: 0, state: 'complete', value: 0.5, params: { lr: 0.001, act: 'relu' } },
  { number: 1, state: 'complete', value: 0.3, params: { lr: 0.01, act: 'tanh' } },
  { number: 2, state: 'pruned', value: 0.9, params: { lr: 0.1, act: 'relu' } },
  { number: 3, state: 'failed', value: null, params: { lr: 1, act: 'relu' } },
  { number: 4, state: 'complete', value: 0.4, params: { lr: 0.05, act: 'tanh' } },
  { number: 5, state: 'complete', value: 0.2, params: { lr: 0.02, act: 'relu' } },
];

function all(e: XmlElement, pred: (e: XmlElement) => boolean): XmlElement[] {
  return [...(pred(e) ? [e] : []), ...e.children.flatMap((c) => all(c, pred))];
}

function panel(root: XmlElement, id: string): XmlElement {
  const found = all(root, (e) => e.attrs['data-panel'] === id);
  expect(found).toHaveLength(1);
  return found[0]!;
}

const dots = (p: XmlElement, series: string): number =>
  all(p, (e) => e.name === 'g' && e.attrs['data-series'] === series).flatMap((g) =>
    all(g, (e) => e.name === 'circle'),
  ).length;

describe('searchChart', () => {
  const svg = searchChart({
    metric: 'valLoss',
    direction: 'minimize',
    trials,
    dimensions: [
      { path: 'lr', log: true },
      { path: 'act', choices: ['relu', 'tanh'] },
    ],
  });
  const root = parseXml(svg);

  it('draws one dot per finished trial (4 complete, 1 pruned; failed left out)', () => {
    const p = panel(root, 'trials');
    expect(dots(p, 'complete')).toBe(4);
    expect(dots(p, 'pruned')).toBe(1);
    expect(dots(panel(root, 'lr'), 'complete') + dots(panel(root, 'lr'), 'pruned')).toBe(5);
  });

  it('uses a log axis for log dimensions (decade ticks) and indexes named choices', () => {
    const ticks = all(panel(root, 'lr'), (e) => e.attrs.class === 'tick-x').map((e) => e.text);
    expect(ticks).toEqual(expect.arrayContaining(['0.001', '0.01', '0.1']));
    const label = all(panel(root, 'act'), (e) => e.attrs.class === 'x-label')[0]!.text;
    expect(label).toBe('act (0="relu", 1="tanh")');
  });

  it('has the best-so-far line: the running minimum of complete values', () => {
    expect(bestSoFar(trials, 'minimize')).toEqual([
      { x: 0, y: 0.5 },
      { x: 1, y: 0.3 },
      { x: 4, y: 0.3 },
      { x: 5, y: 0.2 },
    ]);
    expect(bestSoFar(trials, 'maximize').map((p) => p.y)).toEqual([0.5, 0.5, 0.5, 0.5]);
    const line = all(
      panel(root, 'trials'),
      (e) => e.name === 'polyline' && e.attrs['data-series'] === 'best so far',
    );
    expect(line).toHaveLength(1);
    expect(line[0]!.attrs.points!.split(' ')).toHaveLength(4);
  });

  it('draws an empty study without failing', () => {
    expect(() =>
      parseXml(
        searchChart({ metric: 'valLoss', direction: 'minimize', trials: [], dimensions: [] }),
      ),
    ).not.toThrow();
  });
});
