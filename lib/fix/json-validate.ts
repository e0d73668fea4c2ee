// JSON syntax check for the fix editor, run on every keystroke. JSON.parse says where it failed only in some engines
// and phrasings ("Unexpected token 'x', "x" is not valid JSON" has no position at all), so this scanner finds the
// first error itself and reports it as line and column, which is what an operator can act on.

export type JsonCheck =
  { ok: true; value: unknown } | { ok: false; message: string; offset: number; line: number; column: number };

const MAX_DEPTH = 2000;

class SyntaxProblem {
  constructor(
    readonly message: string,
    readonly offset: number,
  ) {}
}

class Scanner {
  i = 0;
  constructor(private readonly s: string) {}

  fail(message: string, at = this.i): never {
    throw new SyntaxProblem(message, at);
  }

  describe(at = this.i): string {
    const c = this.s[at];
    return c === undefined ? 'the end of the text' : `${JSON.stringify(c)}`;
  }

  ws() {
    while (this.i < this.s.length && ' \t\n\r'.includes(this.s[this.i]!)) this.i++;
  }

  value(depth: number) {
    this.ws();
    const c = this.s[this.i];
    if (c === '{') return this.object(depth + 1);
    if (c === '[') return this.array(depth + 1);
    if (c === '"') return this.string();
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return this.number();
    for (const word of ['true', 'false', 'null']) {
      if (this.s.startsWith(word, this.i)) {
        this.i += word.length;
        return;
      }
    }
    this.fail(`expected a value but found ${this.describe()}`);
  }

  object(depth: number) {
    if (depth > MAX_DEPTH) this.fail(`nested deeper than ${MAX_DEPTH} levels`);
    this.i++;
    this.ws();
    if (this.s[this.i] === '}') {
      this.i++;
      return;
    }
    for (;;) {
      this.ws();
      if (this.s[this.i] !== '"')
        this.fail(`expected a member name in double quotes but found ${this.describe()}`);
      this.string();
      this.ws();
      if (this.s[this.i] !== ':')
        this.fail(`expected ":" after the member name but found ${this.describe()}`);
      this.i++;
      this.value(depth);
      this.ws();
      const c = this.s[this.i];
      if (c === ',') {
        this.i++;
        this.ws();
        if (this.s[this.i] === '}') this.fail('trailing comma before "}"');
        continue;
      }
      if (c === '}') {
        this.i++;
        return;
      }
      this.fail(`expected "," or "}" but found ${this.describe()}`);
    }
  }

  array(depth: number) {
    if (depth > MAX_DEPTH) this.fail(`nested deeper than ${MAX_DEPTH} levels`);
    this.i++;
    this.ws();
    if (this.s[this.i] === ']') {
      this.i++;
      return;
    }
    for (;;) {
      this.value(depth);
      this.ws();
      const c = this.s[this.i];
      if (c === ',') {
        this.i++;
        this.ws();
        if (this.s[this.i] === ']') this.fail('trailing comma before "]"');
        continue;
      }
      if (c === ']') {
        this.i++;
        return;
      }
      this.fail(`expected "," or "]" but found ${this.describe()}`);
    }
  }

  string() {
    const start = this.i;
    this.i++;
    for (;;) {
      const c = this.s[this.i];
      if (c === undefined) this.fail('unterminated string', start);
      if (c === '"') {
        this.i++;
        return;
      }
      if (c < ' ') this.fail('control character in a string (write it as an escape such as \\n)');
      if (c === '\\') {
        const e = this.s[this.i + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(this.s.slice(this.i + 2, this.i + 6))) this.fail('bad \\u escape');
          this.i += 6;
          continue;
        }
        if (e === undefined || !'"\\/bfnrt'.includes(e)) this.fail(`bad escape "\\${e ?? ''}"`);
        this.i += 2;
        continue;
      }
      this.i++;
    }
  }

  number() {
    const match = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(this.s.slice(this.i, this.i + 400));
    if (!match || match[0] === '-') this.fail('malformed number');
    this.i += match[0].length;
    const next = this.s[this.i];
    if (next !== undefined && /[0-9.eE]/.test(next)) this.fail('malformed number');
  }
}

/** Line and column (both from 1) of a UTF-16 offset in `text`. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text[i] === '\n') {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

export function checkJson(text: string): JsonCheck {
  const scanner = new Scanner(text);
  try {
    scanner.value(0);
    scanner.ws();
    if (scanner.i < text.length) scanner.fail(`unexpected ${scanner.describe()} after the JSON value`);
  } catch (e) {
    if (!(e instanceof SyntaxProblem)) throw e;
    return { ok: false, message: e.message, offset: e.offset, ...lineColumn(text, e.offset) };
  }
  return { ok: true, value: JSON.parse(text) };
}
