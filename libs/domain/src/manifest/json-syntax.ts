/** Where a JSON text stops being valid: a 1-based line and column, the offset, and what was expected there. */
export interface JsonSyntaxError {
  readonly offset: number;
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const LITERAL = /true|false|null/y;
const ESCAPE = /\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4})/y;
const WHITESPACE = new Set([' ', '\t', '\n', '\r']);

/**
 * Finds the first syntax error of a JSON text (RFC 8259), or returns `undefined` when the text is valid JSON.
 * It exists because `JSON.parse` messages differ between engines and often carry no position at all; this scanner
 * gives every user the same line and column. Iterative, so deep nesting cannot overflow the stack.
 */
export function findJsonSyntaxError(text: string): JsonSyntaxError | undefined {
  const stack: string[] = [];
  let pos = 0;
  let mode: 'value' | 'key' | 'after' = 'value';
  const fail = (message: string): JsonSyntaxError => at(text, pos, message);
  const skip = (): void => {
    while (pos < text.length && WHITESPACE.has(text[pos]!)) pos++;
  };
  const found = (): string => (pos < text.length ? `found ${JSON.stringify(text[pos])}` : 'the text ended');

  for (;;) {
    skip();
    const ch = text[pos];
    if (mode === 'key') {
      if (ch !== '"') return fail(`expected a property name in double quotes, ${found()}`);
      const e = scanString();
      if (e) return e;
      skip();
      if (text[pos] !== ':') return fail(`expected ":" after the property name, ${found()}`);
      pos++;
      mode = 'value';
    } else if (mode === 'value') {
      if (ch === '{' || ch === '[') {
        stack.push(ch);
        pos++;
        skip();
        if (text[pos] === (ch === '{' ? '}' : ']')) {
          stack.pop();
          pos++;
          mode = 'after';
        } else {
          mode = ch === '{' ? 'key' : 'value';
        }
      } else if (ch === '"') {
        const e = scanString();
        if (e) return e;
        mode = 'after';
      } else if (!sticky(NUMBER) && !sticky(LITERAL)) {
        return fail(`expected a value, ${found()}`);
      } else {
        mode = 'after';
      }
    } else {
      const top = stack[stack.length - 1];
      if (top === undefined)
        return pos < text.length ? fail(`unexpected text after the JSON value, ${found()}`) : undefined;
      const close = top === '{' ? '}' : ']';
      if (ch === ',') {
        pos++;
        mode = top === '{' ? 'key' : 'value';
      } else if (ch === close) {
        stack.pop();
        pos++;
      } else {
        return fail(`expected "," or "${close}", ${found()}`);
      }
    }
  }

  function sticky(re: RegExp): boolean {
    re.lastIndex = pos;
    if (!re.test(text)) return false;
    pos = re.lastIndex;
    return true;
  }

  function scanString(): JsonSyntaxError | undefined {
    pos++;
    for (;;) {
      if (pos >= text.length) return fail('unterminated string');
      const c = text.charCodeAt(pos);
      if (c === 0x22) {
        pos++;
        return undefined;
      }
      if (c === 0x5c) {
        if (!sticky(ESCAPE)) return fail('invalid escape sequence in string');
      } else if (c < 0x20) {
        return fail('control character in string (escape it, e.g. \\n)');
      } else {
        pos++;
      }
    }
  }
}

function at(text: string, offset: number, message: string): JsonSyntaxError {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (text.charCodeAt(i) === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  return { offset, line, column: offset - lineStart + 1, message };
}
