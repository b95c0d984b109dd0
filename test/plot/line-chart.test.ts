// lineChart: well-formed standalone SVG, one polyline per series with the right points, ticks,
// escaping, skipped non-finite points, downsampling, bands and validation.
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import { lineChart } from '../../src/plot/line-chart.js';
import { escapeXml } from '../../src/plot/svg.js';
import { findAll, parseXml, polylinePoints, type XmlElement } from './xml.js';

const pts = (ys: readonly number[]) => ys.map((y, x) => ({ x, y }));
const texts = (root: XmlElement, cls: string) =>
  findAll(root, 'text').filter((t) => t.attrs.class === cls).map((t) => t.text);

describe('the XML checker used below', () => {
  it('rejects malformed documents', () => {
    for (const bad of ['<a><b></a>', '<a x="1" x="2"/>', '<a>1 < 2</a>', '<a>&nbsp;</a>', '<a/><b/>', '<a>']) {
      expect(() => parseXml(bad), bad).toThrow(/not well-formed/);
    }
    expect(parseXml('<a q="&quot;&amp;">x &lt; y<b/></a>')).toMatchObject({ attrs: { q: '"&' }, text: 'x < y' });
  });
});

describe('escapeXml', () => {
  it('escapes markup characters and drops control characters', () => {
    expect(escapeXml(`a<b>&"c'\u0007`)).toBe('a&lt;b&gt;&amp;&quot;c&apos;');
  });
});

describe('lineChart', () => {
  it('is a standalone SVG with one polyline per series and one point per datum', () => {
    const svg = lineChart({
      title: 'loss', xLabel: 'step', yLabel: 'value',
      series: [{ name: 'a', points: pts([1, 2, 3, 4, 5]) }, { name: 'b', points: pts([3, 1, 2]) }],
    });
    const root = parseXml(svg);
    expect(root.name).toBe('svg');
    expect(root.attrs.xmlns).toBe('http://www.w3.org/2000/svg');
    const lines = findAll(root, 'polyline');
    expect(lines.map((l) => l.attrs['data-series'])).toEqual(['a', 'b']);
    expect(lines.map((l) => polylinePoints(l).length)).toEqual([5, 3]);
    expect(texts(root, 'title')).toEqual(['loss']);
    expect(texts(root, 'x-label')).toEqual(['step']);
    expect(texts(root, 'y-label')).toEqual(['value']);
    expect(findAll(root, 'g').filter((g) => g.attrs.class === 'legend')).toHaveLength(1);
  });

  it('puts the points where the axes say: x 0..4 across, y 0..1 upwards', () => {
    // Default 640 x 400 with a title: plot area x 64..624, y 40..356; y 0..1 fills it (nice ticks).
    const root = parseXml(lineChart({ title: 't', series: [{ name: 's', points: pts([0, 1, 0.5, 0.25, 1]) }] }));
    expect(polylinePoints(findAll(root, 'polyline')[0]!)).toEqual([
      [64, 356], [204, 40], [344, 198], [484, 277], [624, 40],
    ]);
  });

  it('labels nice ticks: 0..1 in steps of 0.2, log 1e-4..1 by decades', () => {
    const linear = parseXml(lineChart({ series: [{ name: 's', points: pts([0, 1]) }] }));
    expect(texts(linear, 'tick-y')).toEqual(['0', '0.2', '0.4', '0.6', '0.8', '1']);
    const log = parseXml(lineChart({ logY: true, series: [{ name: 's', points: pts([1e-4, 1]) }] }));
    expect(texts(log, 'tick-y')).toEqual(['1e-4', '0.001', '0.01', '0.1', '1']);
  });

  it('escapes text so odd names cannot break the document', () => {
    const name = 'val <loss> & "acc"';
    const root = parseXml(lineChart({ title: name, xLabel: 'a<b', series: [{ name, points: pts([1, 2]) }] }));
    expect(texts(root, 'title')).toEqual([name]);
    expect(texts(root, 'x-label')).toEqual(['a<b']);
    expect(findAll(root, 'polyline')[0]!.attrs['data-series']).toBe(name);
    expect(findAll(root, 'title')[0]!.text).toBe(name);
  });

  it('skips non-finite points, and non-positive ones on a log axis', () => {
    const root = parseXml(lineChart({
      series: [
        { name: 'nan', points: pts([1, NaN, 3, Infinity, 2]) },
        { name: 'log', points: pts([0.1, 0, -1, 10]) },
      ],
      logY: true,
    }));
    const [a, b] = findAll(root, 'polyline');
    expect(polylinePoints(a!)).toHaveLength(3);
    expect(polylinePoints(b!)).toHaveLength(2);
    for (const [x, y] of [...polylinePoints(a!), ...polylinePoints(b!)]) {
      expect(Number.isFinite(x) && Number.isFinite(y)).toBe(true);
    }
  });

  it('a series with only NaN still gives a valid chart saying "no data"', () => {
    const root = parseXml(lineChart({ series: [{ name: 'loss', points: pts([NaN, NaN]) }] }));
    expect(findAll(root, 'text').some((t) => t.text === 'no data')).toBe(true);
  });

  it('scatter mode draws one dot per point and no line', () => {
    const root = parseXml(lineChart({ mode: 'scatter', series: [{ name: 's', points: pts([1, 2, 3, 4]) }] }));
    expect(findAll(root, 'polyline')).toHaveLength(0);
    const dots = findAll(root, 'g').filter((g) => g.attrs['data-series'] === 's');
    expect(dots[0]!.children.map((c) => c.name)).toEqual(['circle', 'circle', 'circle', 'circle']);
  });

  it('downsamples 100k points for drawing but keeps a one-step spike', () => {
    const ys = new Array<number>(100_000).fill(0);
    ys[61_234] = 1;
    const root = parseXml(lineChart({ series: [{ name: 's', points: pts(ys) }], maxPoints: 1000 }));
    const drawn = polylinePoints(findAll(root, 'polyline')[0]!);
    expect(drawn.length).toBeLessThanOrEqual(1000);
    // No title: plot area y 16 (value 1) .. 356 (value 0).
    expect(drawn.filter(([, y]) => y === 16)).toHaveLength(1);
    expect(drawn[0]).toEqual([64, 356]);
    expect(drawn[drawn.length - 1]).toEqual([624, 356]);
  });

  it('draws a horizontal band and widens the axis to show it', () => {
    const root = parseXml(lineChart({
      logY: true,
      bands: [{ from: 1e-3, label: 'healthy' }, { from: 0.2, to: 0.5 }],
      series: [{ name: 'ratio', points: pts([0.01, 1]) }],
    }));
    expect(findAll(root, 'line').filter((l) => l.attrs.class === 'band')).toHaveLength(1);
    expect(findAll(root, 'rect').filter((r) => r.attrs.class === 'band')).toHaveLength(1);
    expect(texts(root, 'tick-y')).toEqual(['0.001', '0.01', '0.1', '1']);
    expect(findAll(root, 'text').some((t) => t.text === 'healthy')).toBe(true);
  });

  it('a frame smaller than its margins still has no negative sizes', () => {
    const root = parseXml(lineChart({ title: 't', width: 50, height: 30, series: [{ name: 's', points: pts([1, 2]) }] }));
    for (const r of findAll(root, 'rect').filter((e) => e.attrs.width !== '100%')) {
      expect(Number(r.attrs.width ?? 0)).toBeGreaterThanOrEqual(0);
      expect(Number(r.attrs.height ?? 0)).toBeGreaterThanOrEqual(0);
    }
  });

  it('rejects a bad size or maxPoints with the option named', () => {
    expect(() => lineChart({ series: [], width: 0 })).toThrow(ConfigError);
    expect(() => lineChart({ series: [], height: NaN })).toThrow(/height/);
    expect(() => lineChart({ series: [], maxPoints: 2 })).toThrow(/maxPoints: 2/);
  });
});
