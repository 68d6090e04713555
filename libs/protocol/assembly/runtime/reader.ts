// A protobuf wire reader over a Uint8Array.
//
// Malformed input (a truncated field, a varint longer than 10 bytes, a length past the end, an invalid
// wire type, an unbalanced group) throws. In AssemblyScript a throw calls `abort`, so with
// `--use abort=` or an aborting handler the guest traps: decoding never loops forever and never reads
// outside the buffer, but it does not return a partial message either.
import { WIRE_EGROUP, WIRE_I32, WIRE_I64, WIRE_LEN, WIRE_SGROUP, WIRE_VARINT } from './wire';

/** Deepest group nesting `skip` follows before it gives up (bounds recursion on hostile input). */
const MAX_GROUP_DEPTH: i32 = 64;

/** Reads protobuf wire values; every read advances `pos` or throws. */
export class Reader {
  /** The input. Not copied: strings and bytes read from it are copies, so it may be reused afterwards. */
  readonly buf: Uint8Array;
  /** Offset of the next byte to read. */
  pos: i32 = 0;
  /** Offset one past the last readable byte. */
  readonly end: i32;

  constructor(buf: Uint8Array) {
    this.buf = buf;
    this.end = buf.length;
  }

  /** Reads a field tag (field number << 3 | wire type); field number 0 is malformed. */
  tag(): u32 {
    const t = this.varint32();
    if (t >>> 3 == 0) throw new Error('protobuf: field number 0');
    return t;
  }

  /** Reads a varint of up to 10 bytes as 64 bits. */
  varint64(): u64 {
    let result: u64 = 0;
    let shift: u64 = 0;
    const data = this.buf.dataStart;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.end) throw new Error('protobuf: truncated varint');
      const b = <u64>load<u8>(data + <usize>this.pos);
      this.pos++;
      result |= (b & 0x7f) << shift;
      if (b < 0x80) return result;
      shift += 7;
    }
    throw new Error('protobuf: varint longer than 10 bytes');
  }

  /** Reads a varint and keeps its low 32 bits (how int32/uint32 values are read, even when sign-extended). */
  varint32(): u32 {
    return <u32>this.varint64();
  }

  int32(): i32 {
    return <i32>this.varint64();
  }

  int64(): i64 {
    return <i64>this.varint64();
  }

  uint32(): u32 {
    return <u32>this.varint64();
  }

  uint64(): u64 {
    return this.varint64();
  }

  sint32(): i32 {
    const n = this.varint32();
    return <i32>((n >>> 1) ^ (0 - (n & 1)));
  }

  sint64(): i64 {
    const n = this.varint64();
    return <i64>((n >>> 1) ^ (0 - (n & 1)));
  }

  bool(): bool {
    return this.varint64() != 0;
  }

  fixed32(): u32 {
    this.need(4);
    const v = load<u32>(this.buf.dataStart + <usize>this.pos);
    this.pos += 4;
    return v;
  }

  sfixed32(): i32 {
    return <i32>this.fixed32();
  }

  fixed64(): u64 {
    this.need(8);
    const v = load<u64>(this.buf.dataStart + <usize>this.pos);
    this.pos += 8;
    return v;
  }

  sfixed64(): i64 {
    return <i64>this.fixed64();
  }

  float(): f32 {
    return reinterpret<f32>(this.fixed32());
  }

  double(): f64 {
    return reinterpret<f64>(this.fixed64());
  }

  /** Reads a length prefix and returns the offset where the length-delimited value ends. */
  lengthEnd(): i32 {
    const len = this.varint64();
    if (len > <u64>(this.end - this.pos)) throw new Error('protobuf: length past the end of the input');
    return this.pos + <i32>len;
  }

  /** Checks that a length-delimited value was consumed exactly (a nested field did not overrun it). */
  expectAt(end: i32): void {
    if (this.pos != end) throw new Error('protobuf: nested value overruns its length');
  }

  /** Reads a length-delimited UTF-8 string. */
  string(): string {
    const end = this.lengthEnd();
    const s = String.UTF8.decodeUnsafe(this.buf.dataStart + <usize>this.pos, <usize>(end - this.pos));
    this.pos = end;
    return s;
  }

  /** Reads length-delimited bytes into a fresh copy. */
  bytes(): Uint8Array {
    const end = this.lengthEnd();
    const out = this.buf.slice(this.pos, end);
    this.pos = end;
    return out;
  }

  /**
   * Skips the value of a field whose tag was just read (unknown fields are dropped, not kept).
   * Groups are skipped up to their matching end tag.
   */
  skip(tag: u32): void {
    this.skipAt(tag, 0);
  }

  private skipAt(tag: u32, depth: i32): void {
    const wireType = tag & 7;
    if (wireType == WIRE_VARINT) {
      this.varint64();
    } else if (wireType == WIRE_I64) {
      this.need(8);
      this.pos += 8;
    } else if (wireType == WIRE_LEN) {
      this.pos = this.lengthEnd();
    } else if (wireType == WIRE_I32) {
      this.need(4);
      this.pos += 4;
    } else if (wireType == WIRE_SGROUP) {
      if (depth >= MAX_GROUP_DEPTH) throw new Error('protobuf: groups nested too deeply');
      while (true) {
        const t = this.tag();
        if ((t & 7) == WIRE_EGROUP) {
          if (t >>> 3 != tag >>> 3) throw new Error('protobuf: mismatched end group');
          return;
        }
        this.skipAt(t, depth + 1);
      }
    } else {
      throw new Error('protobuf: invalid wire type');
    }
  }

  private need(n: i32): void {
    if (this.end - this.pos < n) throw new Error('protobuf: truncated fixed-width value');
  }
}
