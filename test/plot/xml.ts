// A tiny, strict XML well-formedness checker for the chart tests (no regular expressions, no
// dependencies): one root element, balanced tags, quoted unique attributes, no raw '<' or stray '&'
// in text or attribute values, only the five predefined entities and character references.

export interface XmlElement {
  readonly name: string;
  readonly attrs: Readonly<Record<string, string>>;
  readonly children: readonly XmlElement[];
  /** The decoded text directly inside this element (not in its children), concatenated. */
  readonly text: string;
}

interface Mutable {
  name: string;
  attrs: Record<string, string>;
  children: Mutable[];
  text: string;
}

const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function isNameChar(c: string, first: boolean): boolean {
  const letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_' || c === ':';
  return first ? letter : letter || (c >= '0' && c <= '9') || c === '-' || c === '.';
}

function isSpace(c: string | undefined): boolean {
  return c === ' ' || c === '\n' || c === '\t' || c === '\r';
}

/** Parses `source` or throws an Error naming the offset of the first problem. */
export function parseXml(source: string): XmlElement {
  let i = 0;
  const fail = (why: string): never => {
    throw new Error(`XML not well-formed at ${i}: ${why} near ${JSON.stringify(source.slice(i, i + 30))}`);
  };
  const name = (): string => {
    const start = i;
    if (!isNameChar(source[i] ?? '', true)) fail('expected a name');
    while (i < source.length && isNameChar(source[i]!, false)) i++;
    return source.slice(start, i);
  };
  const skipSpace = () => {
    while (isSpace(source[i])) i++;
  };
  // Decodes text up to `stop`, rejecting raw '<' and '&' that does not start a known reference.
  const decode = (stop: string): string => {
    let out = '';
    while (i < source.length && source[i] !== stop) {
      const c = source[i]!;
      if (c === '<') fail('raw < in text or attribute');
      if (c === '&') {
        const end = source.indexOf(';', i);
        if (end < 0) fail('unterminated reference');
        const ref = source.slice(i + 1, end);
        if (ref.startsWith('#x')) out += String.fromCodePoint(parseInt(ref.slice(2), 16));
        else if (ref.startsWith('#')) out += String.fromCodePoint(parseInt(ref.slice(1), 10));
        else if (ENTITIES[ref] !== undefined) out += ENTITIES[ref];
        else fail(`unknown entity &${ref};`);
        i = end + 1;
      } else {
        out += c;
        i++;
      }
    }
    return out;
  };
  const element = (): Mutable => {
    if (source[i] !== '<') fail('expected <');
    i++;
    const el: Mutable = { name: name(), attrs: {}, children: [], text: '' };
    for (;;) {
      const before = i;
      skipSpace();
      if (source.startsWith('/>', i)) {
        i += 2;
        return el;
      }
      if (source[i] === '>') {
        i++;
        break;
      }
      if (i === before) fail('expected space before an attribute');
      const key = name();
      if (key in el.attrs) fail(`duplicate attribute ${key}`);
      skipSpace();
      if (source[i] !== '=') fail('expected =');
      i++;
      skipSpace();
      const quote = source[i];
      if (quote !== '"' && quote !== "'") fail('expected a quoted value');
      i++;
      el.attrs[key] = decode(quote!);
      if (source[i] !== quote) fail('unterminated attribute');
      i++;
    }
    for (;;) {
      if (i >= source.length) fail(`unclosed <${el.name}>`);
      if (source.startsWith('</', i)) {
        i += 2;
        const closing = name();
        if (closing !== el.name) fail(`</${closing}> closes <${el.name}>`);
        skipSpace();
        if (source[i] !== '>') fail('expected >');
        i++;
        return el;
      }
      if (source[i] === '<') el.children.push(element());
      else el.text += decode('<');
    }
  };
  skipSpace();
  const root = element();
  skipSpace();
  if (i !== source.length) fail('content after the root element');
  return root;
}

/** Every element named `name` in the tree, depth first, the root included. */
export function findAll(root: XmlElement, name: string): XmlElement[] {
  const out: XmlElement[] = [];
  const walk = (e: XmlElement) => {
    if (e.name === name) out.push(e);
    e.children.forEach(walk);
  };
  walk(root);
  return out;
}

/** The x,y pairs of a polyline's `points` attribute. */
export function polylinePoints(e: XmlElement): [number, number][] {
  const text = e.attrs.points ?? '';
  if (text === '') return [];
  return text.split(' ').map((pair) => {
    const [x, y] = pair.split(',').map(Number);
    return [x!, y!];
  });
}
