// A small JSON reader and writer for plugins. AssemblyScript has no JSON in its standard library, and most
// upstream APIs a plugin talks to speak it. The reader is strict RFC 8259 (no comments, no trailing commas, no
// leading zeros); the writer escapes exactly what JSON requires plus lone surrogates, so the text it builds always
// encodes to valid UTF-8.

/** What a {@link JsonValue} holds. */
export enum JsonKind {
  Null,
  Bool,
  Number,
  String,
  Array,
  Object,
}

/**
 * One parsed JSON value. A single class rather than a hierarchy, so that reading a document needs no casts:
 * accessors of the wrong kind answer empty defaults instead of failing.
 */
export class JsonValue {
  kind: JsonKind = JsonKind.Null;
  boolValue: bool = false;
  numberValue: f64 = 0;
  stringValue: string = '';
  /** Array elements, or object member values (in document order). */
  items: Array<JsonValue> = new Array<JsonValue>();
  /** Object member names, parallel to `items`. */
  keys: Array<string> = new Array<string>();

  get isNull(): bool {
    return this.kind == JsonKind.Null;
  }

  get isString(): bool {
    return this.kind == JsonKind.String;
  }

  get isArray(): bool {
    return this.kind == JsonKind.Array;
  }

  get isObject(): bool {
    return this.kind == JsonKind.Object;
  }

  /** Number of array elements or object members; 0 for scalars. */
  get length(): i32 {
    return this.kind == JsonKind.Array || this.kind == JsonKind.Object ? this.items.length : 0;
  }

  /** The member `key` of an object (the first one when a name repeats), or null. */
  get(key: string): JsonValue | null {
    if (this.kind != JsonKind.Object) return null;
    for (let i = 0; i < this.keys.length; i++) {
      if (this.keys[i] == key) return this.items[i];
    }
    return null;
  }

  /** The element `index` of an array, or null. */
  at(index: i32): JsonValue | null {
    if (this.kind != JsonKind.Array || index < 0 || index >= this.items.length) return null;
    return this.items[index];
  }

  /** The string member `key`, or `fallback` when absent or not a string. */
  getString(key: string, fallback: string = ''): string {
    const v = this.get(key);
    return v != null && v.kind == JsonKind.String ? v.stringValue : fallback;
  }

  /** The boolean member `key`, or false when absent or not a boolean. */
  getBool(key: string): bool {
    const v = this.get(key);
    return v != null && v.kind == JsonKind.Bool ? v.boolValue : false;
  }

  /** The number member `key`, or `fallback` when absent or not a number. */
  getNumber(key: string, fallback: f64 = 0): f64 {
    const v = this.get(key);
    return v != null && v.kind == JsonKind.Number ? v.numberValue : fallback;
  }

  /** Follows object members by name (`path(['content_urls', 'desktop', 'page'])`); null when any is missing. */
  path(names: Array<string>): JsonValue | null {
    let current: JsonValue | null = this;
    for (let i = 0; i < names.length && current != null; i++) current = current.get(names[i]);
    return current;
  }
}

/** Nesting deeper than this is refused: the parser recurses, and guests have a small stack. */
const MAX_DEPTH = 128;

class Parser {
  pos: i32 = 0;
  failed: bool = false;

  constructor(private readonly text: string) {}

  fail(): JsonValue {
    this.failed = true;
    return new JsonValue();
  }

  skipSpace(): void {
    const t = this.text;
    while (this.pos < t.length) {
      const c = t.charCodeAt(this.pos);
      if (c != 0x20 && c != 0x09 && c != 0x0a && c != 0x0d) break;
      this.pos++;
    }
  }

  value(depth: i32): JsonValue {
    if (depth > MAX_DEPTH) return this.fail();
    this.skipSpace();
    if (this.pos >= this.text.length) return this.fail();
    const c = this.text.charCodeAt(this.pos);
    if (c == 0x7b) return this.object(depth);
    if (c == 0x5b) return this.array(depth);
    if (c == 0x22) {
      const v = new JsonValue();
      v.kind = JsonKind.String;
      v.stringValue = this.string();
      return v;
    }
    if (c == 0x74) return this.literal('true', JsonKind.Bool, true);
    if (c == 0x66) return this.literal('false', JsonKind.Bool, false);
    if (c == 0x6e) return this.literal('null', JsonKind.Null, false);
    return this.number();
  }

  literal(word: string, kind: JsonKind, flag: bool): JsonValue {
    if (this.text.substr(this.pos, word.length) != word) return this.fail();
    this.pos += word.length;
    const v = new JsonValue();
    v.kind = kind;
    v.boolValue = flag;
    return v;
  }

  digits(): i32 {
    const start = this.pos;
    const t = this.text;
    while (this.pos < t.length) {
      const c = t.charCodeAt(this.pos);
      if (c < 0x30 || c > 0x39) break;
      this.pos++;
    }
    return this.pos - start;
  }

  number(): JsonValue {
    const t = this.text;
    const start = this.pos;
    if (this.pos < t.length && t.charCodeAt(this.pos) == 0x2d) this.pos++;
    if (this.pos >= t.length) return this.fail();
    if (t.charCodeAt(this.pos) == 0x30) {
      this.pos++;
    } else if (this.digits() == 0) {
      return this.fail();
    }
    if (this.pos < t.length && t.charCodeAt(this.pos) == 0x2e) {
      this.pos++;
      if (this.digits() == 0) return this.fail();
    }
    if (this.pos < t.length && (t.charCodeAt(this.pos) | 0x20) == 0x65) {
      this.pos++;
      if (this.pos < t.length && (t.charCodeAt(this.pos) == 0x2b || t.charCodeAt(this.pos) == 0x2d))
        this.pos++;
      if (this.digits() == 0) return this.fail();
    }
    const v = new JsonValue();
    v.kind = JsonKind.Number;
    v.numberValue = parseFloat(t.substring(start, this.pos));
    return v;
  }

  hex4(): i32 {
    if (this.pos + 4 > this.text.length) return -1;
    let n = 0;
    for (let i = 0; i < 4; i++) {
      const c = this.text.charCodeAt(this.pos + i);
      let d: i32;
      if (c >= 0x30 && c <= 0x39) d = c - 0x30;
      else if ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x66) d = (c | 0x20) - 0x61 + 10;
      else return -1;
      n = (n << 4) | d;
    }
    this.pos += 4;
    return n;
  }

  /** Reads a string literal starting at the opening quote. Escapes may build surrogate pairs: strings are UTF-16. */
  string(): string {
    const t = this.text;
    this.pos++; // opening quote
    let parts: Array<string> | null = null;
    let runStart = this.pos;
    while (true) {
      if (this.pos >= t.length) {
        this.failed = true;
        return '';
      }
      const c = t.charCodeAt(this.pos);
      if (c == 0x22) {
        const tail = t.substring(runStart, this.pos);
        this.pos++;
        if (parts == null) return tail;
        parts.push(tail);
        return parts.join('');
      }
      if (c < 0x20) {
        this.failed = true;
        return '';
      }
      if (c != 0x5c) {
        this.pos++;
        continue;
      }
      if (parts == null) parts = new Array<string>();
      parts.push(t.substring(runStart, this.pos));
      this.pos++;
      if (this.pos >= t.length) {
        this.failed = true;
        return '';
      }
      const e = t.charCodeAt(this.pos);
      this.pos++;
      if (e == 0x22) parts.push('"');
      else if (e == 0x5c) parts.push('\\');
      else if (e == 0x2f) parts.push('/');
      else if (e == 0x62) parts.push('\b');
      else if (e == 0x66) parts.push('\f');
      else if (e == 0x6e) parts.push('\n');
      else if (e == 0x72) parts.push('\r');
      else if (e == 0x74) parts.push('\t');
      else if (e == 0x75) {
        const unit = this.hex4();
        if (unit < 0) {
          this.failed = true;
          return '';
        }
        parts.push(String.fromCharCode(unit));
      } else {
        this.failed = true;
        return '';
      }
      runStart = this.pos;
    }
  }

  array(depth: i32): JsonValue {
    const v = new JsonValue();
    v.kind = JsonKind.Array;
    this.pos++; // [
    this.skipSpace();
    if (this.pos < this.text.length && this.text.charCodeAt(this.pos) == 0x5d) {
      this.pos++;
      return v;
    }
    while (true) {
      v.items.push(this.value(depth + 1));
      if (this.failed) return v;
      this.skipSpace();
      if (this.pos >= this.text.length) return this.fail();
      const c = this.text.charCodeAt(this.pos++);
      if (c == 0x5d) return v;
      if (c != 0x2c) return this.fail();
    }
  }

  object(depth: i32): JsonValue {
    const v = new JsonValue();
    v.kind = JsonKind.Object;
    this.pos++; // {
    this.skipSpace();
    if (this.pos < this.text.length && this.text.charCodeAt(this.pos) == 0x7d) {
      this.pos++;
      return v;
    }
    while (true) {
      this.skipSpace();
      if (this.pos >= this.text.length || this.text.charCodeAt(this.pos) != 0x22) return this.fail();
      const key = this.string();
      if (this.failed) return v;
      this.skipSpace();
      if (this.pos >= this.text.length || this.text.charCodeAt(this.pos) != 0x3a) return this.fail();
      this.pos++;
      const member = this.value(depth + 1);
      if (this.failed) return v;
      v.keys.push(key);
      v.items.push(member);
      this.skipSpace();
      if (this.pos >= this.text.length) return this.fail();
      const c = this.text.charCodeAt(this.pos++);
      if (c == 0x7d) return v;
      if (c != 0x2c) return this.fail();
    }
  }
}

/**
 * Parses a whole JSON document. Returns null when `text` is not exactly one valid JSON value (surrounding
 * whitespace allowed), or when it nests deeper than 128 levels. Never aborts.
 */
export function parseJson(text: string): JsonValue | null {
  const parser = new Parser(text);
  const v = parser.value(0);
  if (parser.failed) return null;
  parser.skipSpace();
  return parser.pos == text.length ? v : null;
}

/** Parses UTF-8 bytes (an HTTP body) as JSON; null when they are not valid JSON. */
export function parseJsonBytes(bytes: Uint8Array): JsonValue | null {
  return parseJson(String.UTF8.decodeUnsafe(bytes.dataStart, <usize>bytes.length));
}

const HEX = '0123456789abcdef';

function escapeUnit(c: i32): string {
  return (
    '\\u' +
    HEX.charAt((c >> 12) & 15) +
    HEX.charAt((c >> 8) & 15) +
    HEX.charAt((c >> 4) & 15) +
    HEX.charAt(c & 15)
  );
}

/**
 * `s` as a JSON string literal, quotes included. Escapes `"`, `\`, control characters and lone surrogates (so the
 * text stays valid UTF-8); every other character, non-ASCII included, is kept as is.
 */
export function jsonQuote(s: string): string {
  const parts = new Array<string>();
  parts.push('"');
  let runStart = 0;
  const n = s.length;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    let escaped: string | null = null;
    if (c == 0x22) escaped = '\\"';
    else if (c == 0x5c) escaped = '\\\\';
    else if (c == 0x0a) escaped = '\\n';
    else if (c == 0x0d) escaped = '\\r';
    else if (c == 0x09) escaped = '\\t';
    else if (c < 0x20) escaped = escapeUnit(c);
    else if (c >= 0xd800 && c <= 0xdbff) {
      const next = i + 1 < n ? s.charCodeAt(i + 1) : 0;
      if (next >= 0xdc00 && next <= 0xdfff) {
        i++; // a valid pair: keep both units
        continue;
      }
      escaped = escapeUnit(c);
    } else if (c >= 0xdc00 && c <= 0xdfff) escaped = escapeUnit(c);
    if (escaped == null) continue;
    parts.push(s.substring(runStart, i));
    parts.push(escaped);
    runStart = i + 1;
  }
  parts.push(s.substring(runStart, n));
  parts.push('"');
  return parts.join('');
}

/**
 * Builds a JSON document left to right, placing commas and colons itself.
 *
 * ```ts
 * const w = new JsonWriter();
 * w.beginObject().key('name').string('Björk').key('year').int(1993).endObject();
 * w.toString(); // {"name":"Björk","year":1993}
 * ```
 * Guarantees well-formed output when begin/end calls are balanced and every object member is a key then a value;
 * it does not check that they are.
 */
export class JsonWriter {
  private parts: Array<string> = new Array<string>();
  // Per open container: has it a member yet? Decides whether the next value needs a comma.
  private hasMember: Array<bool> = new Array<bool>();
  private afterKey: bool = false;

  private separate(): void {
    if (this.afterKey) {
      this.afterKey = false;
      return;
    }
    const depth = this.hasMember.length;
    if (depth == 0) return;
    if (this.hasMember[depth - 1]) this.parts.push(',');
    else this.hasMember[depth - 1] = true;
  }

  beginObject(): JsonWriter {
    this.separate();
    this.parts.push('{');
    this.hasMember.push(false);
    return this;
  }

  endObject(): JsonWriter {
    this.hasMember.pop();
    this.parts.push('}');
    return this;
  }

  beginArray(): JsonWriter {
    this.separate();
    this.parts.push('[');
    this.hasMember.push(false);
    return this;
  }

  endArray(): JsonWriter {
    this.hasMember.pop();
    this.parts.push(']');
    return this;
  }

  /** An object member's name; the next call writes its value. */
  key(name: string): JsonWriter {
    this.separate();
    this.parts.push(jsonQuote(name));
    this.parts.push(':');
    this.afterKey = true;
    return this;
  }

  string(value: string): JsonWriter {
    this.separate();
    this.parts.push(jsonQuote(value));
    return this;
  }

  int(value: i64): JsonWriter {
    this.separate();
    this.parts.push(value.toString());
    return this;
  }

  bool(value: bool): JsonWriter {
    this.separate();
    this.parts.push(value ? 'true' : 'false');
    return this;
  }

  nullValue(): JsonWriter {
    this.separate();
    this.parts.push('null');
    return this;
  }

  toString(): string {
    return this.parts.join('');
  }
}
