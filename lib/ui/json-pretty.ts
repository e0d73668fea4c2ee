// Pretty JSON as tokens, so the viewer highlights with React elements rather than HTML strings. The original
// text is re-indented token by token instead of parsed and re-serialised: numbers keep every digit (an int64 id
// beyond 2^53 stays exact) and repeated keys stay visible, which matters when the payload is the evidence.

export type JsonTokenType = 'key' | 'string' | 'number' | 'literal' | 'punct';

export interface JsonToken {
  type: JsonTokenType;
  text: string;
}

export interface JsonLine {
  depth: number;
  tokens: JsonToken[];
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const LITERAL = /true|false|null/y;
const WHITESPACE = /[ \t\n\r]/;

function lex(text: string): JsonToken[] {
  const tokens: JsonToken[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (WHITESPACE.test(c)) {
      i++;
    } else if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      tokens.push({ type: 'string', text: text.slice(i, j + 1) });
      i = j + 1;
    } else if ('{}[],:'.includes(c)) {
      tokens.push({ type: 'punct', text: c });
      i++;
    } else {
      const pattern = c === 't' || c === 'f' || c === 'n' ? LITERAL : NUMBER;
      pattern.lastIndex = i;
      const match = pattern.exec(text);
      if (!match) throw new Error(`unexpected character at ${i}`);
      tokens.push({ type: pattern === LITERAL ? 'literal' : 'number', text: match[0] });
      i += match[0].length;
    }
  }
  return tokens;
}

/** The lines of the pretty-printed JSON text, or null when the text is not JSON. */
export function prettyJson(text: string): JsonLine[] | null {
  try {
    JSON.parse(text);
  } catch {
    return null;
  }
  const tokens = lex(text);
  const lines: JsonLine[] = [];
  let line: JsonLine = { depth: 0, tokens: [] };
  let depth = 0;
  const newLine = () => {
    lines.push(line);
    line = { depth, tokens: [] };
  };
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    const next = tokens[i + 1];
    if (token.type === 'punct') {
      if (token.text === '{' || token.text === '[') {
        const close = token.text === '{' ? '}' : ']';
        if (next?.text === close) {
          line.tokens.push({ type: 'punct', text: token.text + close });
          i++;
        } else {
          line.tokens.push(token);
          depth++;
          newLine();
        }
      } else if (token.text === '}' || token.text === ']') {
        depth--;
        if (line.tokens.length > 0) newLine();
        line.depth = depth;
        line.tokens.push(token);
      } else if (token.text === ',') {
        line.tokens.push(token);
        newLine();
      } else {
        line.tokens.push({ type: 'punct', text: ': ' });
      }
    } else if (token.type === 'string' && next?.text === ':') {
      line.tokens.push({ type: 'key', text: token.text });
    } else {
      line.tokens.push(token);
    }
  }
  if (line.tokens.length > 0) lines.push(line);
  return lines;
}
