// Where JSON text first goes wrong. JSON.parse's messages carry no position on Node 20, and "bad
// JSON at offset N" is what lets someone find a damaged spot in a model file.

class Stop {
  constructor(readonly offset: number) {}
}

/** A recursive-descent recognizer of RFC 8259 JSON that stops at the first character it cannot accept. */
class Scanner {
  i = 0;
  constructor(private readonly text: string) {}

  fail(at = this.i): never {
    throw new Stop(Math.min(at, this.text.length));
  }

  ws(): void {
    while (' \t\n\r'.includes(this.text[this.i] ?? 'x')) this.i++;
  }

  expect(c: string): void {
    if (this.text[this.i] !== c) this.fail();
    this.i++;
  }

  digits(): void {
    const start = this.i;
    while (/[0-9]/.test(this.text[this.i] ?? '')) this.i++;
    if (this.i === start) this.fail();
  }

  string(): void {
    this.expect('"');
    for (;;) {
      const c = this.text.charCodeAt(this.i);
      if (Number.isNaN(c) || c < 32) this.fail();
      if (c === 34) break;
      if (c === 92) {
        const e = this.text[++this.i];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(this.text.slice(this.i + 1, this.i + 5)))
            this.fail(this.i + 1);
          this.i += 4;
        } else if (e === undefined || !'"\\/bfnrt'.includes(e)) this.fail();
      }
      this.i++;
    }
    this.i++;
  }

  number(): void {
    if (this.text[this.i] === '-') this.i++;
    if (this.text[this.i] === '0') this.i++;
    else this.digits();
    if (this.text[this.i] === '.') {
      this.i++;
      this.digits();
    }
    if (this.text[this.i] === 'e' || this.text[this.i] === 'E') {
      this.i++;
      if (this.text[this.i] === '+' || this.text[this.i] === '-') this.i++;
      this.digits();
    }
  }

  /** An object or array body after its opening bracket: items separated by commas, then `close`. */
  list(close: string, item: () => void): void {
    this.i++;
    this.ws();
    if (this.text[this.i] !== close) {
      for (;;) {
        item();
        this.ws();
        if (this.text[this.i] === close) break;
        this.expect(',');
        this.ws();
      }
    }
    this.i++;
  }

  value(): void {
    this.ws();
    const c = this.text[this.i] ?? '';
    if (c === '{') {
      this.list('}', () => {
        this.string();
        this.ws();
        this.expect(':');
        this.value();
      });
    } else if (c === '[') this.list(']', () => this.value());
    else if (c === '"') this.string();
    else if (c === '-' || /[0-9]/.test(c)) this.number();
    else {
      const word = ['true', 'false', 'null'].find((w) => this.text.startsWith(w, this.i));
      if (word === undefined) this.fail();
      this.i += word.length;
    }
  }
}

/**
 * The offset of the first syntax error in `text` (text.length when it ends early), or null when
 * it is valid JSON (RFC 8259).
 * @example jsonErrorOffset('{"a": 1,}'); //=> 8
 */
export function jsonErrorOffset(text: string): number | null {
  const s = new Scanner(text);
  try {
    s.value();
    s.ws();
    return s.i < text.length ? s.i : null;
  } catch (e) {
    if (e instanceof Stop) return e.offset;
    if (e instanceof RangeError) return null; // nested too deep to scan; JSON.parse's message stands
    throw e;
  }
}
