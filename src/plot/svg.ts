// SVG text helpers shared by the charts: XML escaping, compact coordinates, elements as strings.
// Strings only: no DOM, so charts render the same in Node, a worker or a browser.

/**
 * Escapes text for XML content or a double-quoted attribute, and drops the control characters
 * XML 1.0 forbids (a stray \x1b in a series name would otherwise make the whole SVG unreadable).
 * @example escapeXml('loss < 1 & "val"'); //=> 'loss &lt; 1 &amp; &quot;val&quot;'
 */
export function escapeXml(text: string): string {
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (ch === '&') out += '&amp;';
    else if (ch === '<') out += '&lt;';
    else if (ch === '>') out += '&gt;';
    else if (ch === '"') out += '&quot;';
    else if (ch === "'") out += '&apos;';
    else if (code < 0x20 && ch !== '\t' && ch !== '\n' && ch !== '\r') continue;
    else if ((code >= 0xd800 && code <= 0xdfff) || code === 0xfffe || code === 0xffff) continue;
    else out += ch;
  }
  return out;
}

/**
 * A pixel coordinate with at most two decimals: sub-pixel enough, and keeps 100k-point files small.
 * @example px(12.3456); //=> '12.35'
 */
export function px(value: number): string {
  const r = Math.round(value * 100) / 100;
  return String(Object.is(r, -0) ? 0 : r);
}

/** Attribute values; `undefined` leaves the attribute out. */
export type Attrs = Readonly<Record<string, string | number | undefined>>;

/**
 * One SVG element as a string; attribute values are escaped, `content` is inserted as is (already
 * SVG), so pass text through `escapeXml` first.
 * @example el('line', { x1: 0, y1: 0, x2: 5, y2: 5 }); //=> '<line x1="0" y1="0" x2="5" y2="5"/>'
 */
export function el(name: string, attrs: Attrs, content?: string): string {
  let s = `<${name}`;
  for (const [key, value] of Object.entries(attrs)) {
    if (value !== undefined) s += ` ${key}="${escapeXml(String(value))}"`;
  }
  return content === undefined ? `${s}/>` : `${s}>${content}</${name}>`;
}

/** Tableau 10: categorical colours that stay distinct for the colour-blind and in print. */
export const PALETTE: readonly string[] = [
  '#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f',
  '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac',
];

/**
 * Wraps panels in a standalone SVG document (xmlns set, so it opens directly in a browser).
 * @example svgDocument(100, 50, 'empty', ''); //=> '<svg xmlns="http://www.w3.org/2000/svg" …'
 */
export function svgDocument(width: number, height: number, title: string, content: string): string {
  return el(
    'svg',
    {
      xmlns: 'http://www.w3.org/2000/svg',
      width: px(width),
      height: px(height),
      viewBox: `0 0 ${px(width)} ${px(height)}`,
      'font-family': 'system-ui, -apple-system, "Segoe UI", Helvetica, Arial, sans-serif',
      'font-size': 12,
    },
    el('title', {}, escapeXml(title)) +
      el('rect', { width: '100%', height: '100%', fill: '#ffffff' }) +
      content,
  ) + '\n';
}
