/**
 * A minimal reader and rewriter for the WebAssembly binary format: just enough to list a module's imports,
 * exports and memories, and to rewrite the declared memory and table limits. `WebAssembly.Module.imports()` cannot tell
 * memory limits, and V8 offers no per-module memory cap, so the ceiling is written into the module itself.
 */

const MAGIC = 0x6d736100;
const SECTION_TYPE = 1;
const SECTION_IMPORT = 2;
const SECTION_TABLE = 4;
const SECTION_MEMORY = 5;
const SECTION_EXPORT = 7;
const KIND_NAMES = ['function', 'table', 'memory', 'global', 'tag'] as const;

/** What an import or export refers to. */
export type ExternKind = (typeof KIND_NAMES)[number];

/** A WebAssembly value type, by its text-format name. */
export type ValueType = 'i32' | 'i64' | 'f32' | 'f64' | 'v128' | 'funcref' | 'externref';

/** The parameter and result types of a function. */
export interface FunctionSignature {
  readonly params: readonly ValueType[];
  readonly results: readonly ValueType[];
}

const VALUE_TYPES: Readonly<Record<number, ValueType>> = {
  0x7f: 'i32',
  0x7e: 'i64',
  0x7d: 'f32',
  0x7c: 'f64',
  0x7b: 'v128',
  0x70: 'funcref',
  0x6f: 'externref',
};

/** `(i64, i32) -> i64`, as messages show a signature. */
export function formatSignature(signature: FunctionSignature): string {
  const results =
    signature.results.length === 1 ? signature.results[0]! : `(${signature.results.join(', ')})`;
  return `(${signature.params.join(', ')}) -> ${results}`;
}

/** The limits of one linear memory, in 64 KiB pages. */
export interface MemoryLimits {
  readonly min: number;
  readonly max: number | undefined;
  readonly shared: boolean;
  readonly memory64: boolean;
}

/**
 * One import of a module. `memory` is set for memory imports; `signature` for function imports whose type is a
 * plain function type (absent for the type forms of newer proposals, which this reader does not decode).
 */
export interface WasmImport {
  readonly module: string;
  readonly name: string;
  readonly kind: ExternKind;
  readonly memory?: MemoryLimits;
  readonly signature?: FunctionSignature;
}

/** One export of a module. */
export interface WasmExport {
  readonly name: string;
  readonly kind: ExternKind;
}

/** The parts of a module the engine reasons about. */
export interface WasmModuleInfo {
  readonly imports: readonly WasmImport[];
  readonly exports: readonly WasmExport[];
  /** Memories defined by the module (not imported ones). */
  readonly memories: readonly MemoryLimits[];
}

/** Thrown for bytes that are not a well-formed module header or section layout. */
export class WasmFormatError extends Error {
  override readonly name = 'WasmFormatError';
}

class Reader {
  pos = 0;
  constructor(private readonly bytes: Uint8Array) {}

  get done(): boolean {
    return this.pos >= this.bytes.length;
  }

  byte(): number {
    if (this.pos >= this.bytes.length)
      throw new WasmFormatError(`unexpected end of module at byte ${this.pos}`);
    return this.bytes[this.pos++]!;
  }

  u32(): number {
    let result = 0;
    let shift = 0;
    for (;;) {
      const b = this.byte();
      result += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) break;
      shift += 7;
      if (shift > 35) throw new WasmFormatError(`LEB128 value too long at byte ${this.pos}`);
    }
    return result;
  }

  /** Reads an unsigned LEB128 up to 64 bits as a number (exact below 2^53, enough for page counts). */
  u64(): number {
    let result = 0;
    let shift = 0;
    for (;;) {
      const b = this.byte();
      result += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) break;
      shift += 7;
      if (shift > 70) throw new WasmFormatError(`LEB128 value too long at byte ${this.pos}`);
    }
    return result;
  }

  name(): string {
    const len = this.u32();
    const end = this.pos + len;
    if (end > this.bytes.length) throw new WasmFormatError(`name runs past the end of the module`);
    const text = new TextDecoder('utf-8', { fatal: true }).decode(this.bytes.subarray(this.pos, end));
    this.pos = end;
    return text;
  }

  skip(n: number): void {
    this.pos += n;
    if (this.pos > this.bytes.length) throw new WasmFormatError(`section runs past the end of the module`);
  }
}

function readLimits(r: Reader): MemoryLimits {
  const flags = r.byte();
  const memory64 = (flags & 0x04) !== 0;
  const min = memory64 ? r.u64() : r.u32();
  const max = flags & 0x01 ? (memory64 ? r.u64() : r.u32()) : undefined;
  return { min, max, shared: (flags & 0x02) !== 0, memory64 };
}

function skipTableType(r: Reader): void {
  r.byte(); // reftype
  readLimits(r);
}

function kindName(kind: number): ExternKind {
  const name = KIND_NAMES[kind];
  if (!name) throw new WasmFormatError(`unknown extern kind ${kind}`);
  return name;
}

interface Section {
  readonly id: number;
  /** Offset of the section id byte. */
  readonly start: number;
  /** Offset of the section content. */
  readonly contentStart: number;
  readonly end: number;
}

function sections(bytes: Uint8Array): Section[] {
  if (bytes.length < 8) throw new WasmFormatError('not a WebAssembly module: too short');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(0, true) !== MAGIC)
    throw new WasmFormatError('not a WebAssembly module: bad magic number');
  if (view.getUint32(4, true) !== 1) throw new WasmFormatError('unsupported WebAssembly binary version');
  const r = new Reader(bytes);
  r.pos = 8;
  const out: Section[] = [];
  while (!r.done) {
    const start = r.pos;
    const id = r.byte();
    const size = r.u32();
    const contentStart = r.pos;
    r.skip(size);
    out.push({ id, start, contentStart, end: r.pos });
  }
  return out;
}

/** Lists the imports, exports and defined memories of a module. Throws WasmFormatError on malformed bytes. */
export function readModuleInfo(bytes: Uint8Array): WasmModuleInfo {
  const imports: WasmImport[] = [];
  const exports: WasmExport[] = [];
  const memories: MemoryLimits[] = [];
  let types: readonly (FunctionSignature | undefined)[] = [];
  for (const s of sections(bytes)) {
    const r = new Reader(bytes.subarray(0, s.end));
    r.pos = s.contentStart;
    if (s.id === SECTION_TYPE) {
      types = readTypes(r, s.end);
    } else if (s.id === SECTION_IMPORT) {
      for (let n = r.u32(); n > 0; n--) {
        const module = r.name();
        const name = r.name();
        const kind = kindName(r.byte());
        if (kind === 'function') {
          const signature = types[r.u32()];
          imports.push(signature ? { module, name, kind, signature } : { module, name, kind });
        } else if (kind === 'table') {
          skipTableType(r);
          imports.push({ module, name, kind });
        } else if (kind === 'memory') {
          imports.push({ module, name, kind, memory: readLimits(r) });
        } else if (kind === 'global') {
          r.byte();
          r.byte();
          imports.push({ module, name, kind });
        } else {
          r.byte();
          r.u32();
          imports.push({ module, name, kind });
        }
      }
    } else if (s.id === SECTION_MEMORY) {
      for (let n = r.u32(); n > 0; n--) memories.push(readLimits(r));
    } else if (s.id === SECTION_EXPORT) {
      for (let n = r.u32(); n > 0; n--) {
        const name = r.name();
        const kind = kindName(r.byte());
        r.u32();
        exports.push({ name, kind });
      }
    }
  }
  return { imports, exports, memories };
}

// The function types of the type section. A type form other than a plain `func` (GC proposal) ends the decoding:
// the rest stay unknown rather than guessed.
function readTypes(r: Reader, end: number): (FunctionSignature | undefined)[] {
  const types: (FunctionSignature | undefined)[] = [];
  const valueTypes = (): ValueType[] | undefined => {
    const out: ValueType[] = [];
    for (let n = r.u32(); n > 0; n--) {
      const t = VALUE_TYPES[r.byte()];
      if (!t) return undefined;
      out.push(t);
    }
    return out;
  };
  for (let n = r.u32(); n > 0 && r.pos < end; n--) {
    if (r.byte() !== 0x60) break;
    const params = valueTypes();
    const results = params && valueTypes();
    if (!params || !results) break;
    types.push({ params, results });
  }
  return types;
}

function leb(value: number): number[] {
  const out: number[] = [];
  let v = value;
  do {
    let b = v % 128;
    v = Math.floor(v / 128);
    if (v > 0) b |= 0x80;
    out.push(b);
  } while (v > 0);
  return out;
}

function encodeLimits(l: MemoryLimits): number[] {
  const flags = (l.max !== undefined ? 0x01 : 0) | (l.shared ? 0x02 : 0) | (l.memory64 ? 0x04 : 0);
  return [flags, ...leb(l.min), ...(l.max !== undefined ? leb(l.max) : [])];
}

/**
 * Returns a copy of the module whose defined memories declare at most `maxPages` pages as their maximum, so that
 * `memory.grow` fails inside the guest instead of taking host memory. Throws a RangeError naming the numbers when
 * a memory needs more than `maxPages` from the start. Imported memories are not touched (the engine never
 * provides memory imports).
 */
export function capMemoryPages(bytes: Uint8Array, maxPages: number): Uint8Array<ArrayBuffer> {
  const memorySection = sections(bytes).find((s) => s.id === SECTION_MEMORY);
  if (!memorySection) return bytes.slice();
  const info = readModuleInfo(bytes);
  const capped = info.memories.map((m, i) => {
    if (m.min > maxPages) {
      throw new RangeError(
        `memory ${i} starts at ${m.min} pages (${m.min * 64} KiB), above the ceiling of ${maxPages} pages (${maxPages * 64} KiB)`,
      );
    }
    return { ...m, max: Math.min(m.max ?? Number.POSITIVE_INFINITY, maxPages) };
  });
  const content = [...leb(capped.length), ...capped.flatMap(encodeLimits)];
  const section = [SECTION_MEMORY, ...leb(content.length), ...content];
  const out = new Uint8Array(bytes.length - (memorySection.end - memorySection.start) + section.length);
  out.set(bytes.subarray(0, memorySection.start), 0);
  out.set(section, memorySection.start);
  out.set(bytes.subarray(memorySection.end), memorySection.start + section.length);
  return out;
}

/**
 * Returns a copy of the module whose defined tables declare at most `maxElements` elements as their maximum, so
 * that `table.grow` fails inside the guest (it answers -1) instead of taking host memory: tables live outside
 * linear memory, so the memory ceiling does not bound them. Throws a RangeError naming the numbers when a table
 * needs more than `maxElements` from the start, and for a table with an initializer expression (a newer encoding
 * this reader does not parse). Imported tables are not touched (the engine never provides table imports).
 */
export function capTableElements(bytes: Uint8Array, maxElements: number): Uint8Array<ArrayBuffer> {
  const tableSection = sections(bytes).find((s) => s.id === SECTION_TABLE);
  if (!tableSection) return bytes.slice();
  const r = new Reader(bytes);
  r.pos = tableSection.contentStart;
  const count = r.u32();
  const content: number[] = [...leb(count)];
  for (let i = 0; i < count; i++) {
    const refType = r.byte();
    if (refType === 0x40) {
      throw new RangeError(`table ${i} has an initializer expression, which cannot be capped`);
    }
    const limits = readLimits(r);
    if (limits.min > maxElements) {
      throw new RangeError(
        `table ${i} starts with ${limits.min} elements, above the ceiling of ${maxElements} elements`,
      );
    }
    content.push(refType, ...encodeLimits({ ...limits, max: Math.min(limits.max ?? Infinity, maxElements) }));
  }
  if (r.pos !== tableSection.end) throw new WasmFormatError('table section has trailing bytes');
  const section = [SECTION_TABLE, ...leb(content.length), ...content];
  const out = new Uint8Array(bytes.length - (tableSection.end - tableSection.start) + section.length);
  out.set(bytes.subarray(0, tableSection.start), 0);
  out.set(section, tableSection.start);
  out.set(bytes.subarray(tableSection.end), tableSection.start + section.length);
  return out;
}
