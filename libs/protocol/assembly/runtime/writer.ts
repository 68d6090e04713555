// A growable protobuf wire writer.
import { WIRE_LEN } from './wire';

/** Writes protobuf wire values into a growing buffer; `finish` returns exactly the bytes written. */
export class Writer {
  private buf: Uint8Array;
  private pos: i32 = 0;
  /** Start offsets of the length-delimited values being written (see `fork`/`ldelim`). */
  private forks: Array<i32> = [];

  constructor(initialCapacity: i32 = 64) {
    this.buf = new Uint8Array(initialCapacity > 0 ? initialCapacity : 64);
  }

  /** Writes a tag for a field number and wire type. */
  tag(fieldNumber: u32, wireType: u32): void {
    this.varint32((fieldNumber << 3) | wireType);
  }

  varint64(v: u64): void {
    this.ensure(10);
    const data = this.buf.dataStart;
    let p = <usize>this.pos;
    while (v >= 0x80) {
      store<u8>(data + p, (<u8>(v & 0x7f)) | 0x80);
      v >>= 7;
      p++;
    }
    store<u8>(data + p, <u8>v);
    this.pos = <i32>p + 1;
  }

  varint32(v: u32): void {
    this.varint64(<u64>v);
  }

  /** Negative values are sign-extended to 10 bytes, as proto3 requires for int32. */
  int32(v: i32): void {
    this.varint64(<u64>(<i64>v));
  }

  int64(v: i64): void {
    this.varint64(<u64>v);
  }

  uint32(v: u32): void {
    this.varint64(<u64>v);
  }

  uint64(v: u64): void {
    this.varint64(v);
  }

  sint32(v: i32): void {
    this.varint32(<u32>((v << 1) ^ (v >> 31)));
  }

  sint64(v: i64): void {
    this.varint64(<u64>((v << 1) ^ (v >> 63)));
  }

  bool(v: bool): void {
    this.ensure(1);
    store<u8>(this.buf.dataStart + <usize>this.pos, v ? 1 : 0);
    this.pos++;
  }

  fixed32(v: u32): void {
    this.ensure(4);
    store<u32>(this.buf.dataStart + <usize>this.pos, v);
    this.pos += 4;
  }

  sfixed32(v: i32): void {
    this.fixed32(<u32>v);
  }

  fixed64(v: u64): void {
    this.ensure(8);
    store<u64>(this.buf.dataStart + <usize>this.pos, v);
    this.pos += 8;
  }

  sfixed64(v: i64): void {
    this.fixed64(<u64>v);
  }

  float(v: f32): void {
    this.fixed32(reinterpret<u32>(v));
  }

  double(v: f64): void {
    this.fixed64(reinterpret<u64>(v));
  }

  /** Writes a string as length-prefixed UTF-8. */
  string(s: string): void {
    const n = String.UTF8.byteLength(s);
    this.varint32(<u32>n);
    this.ensure(n);
    String.UTF8.encodeUnsafe(changetype<usize>(s), s.length, this.buf.dataStart + <usize>this.pos);
    this.pos += n;
  }

  /** Writes length-prefixed bytes. */
  bytes(b: Uint8Array): void {
    const n = b.length;
    this.varint32(<u32>n);
    this.ensure(n);
    memory.copy(this.buf.dataStart + <usize>this.pos, b.dataStart, <usize>n);
    this.pos += n;
  }

  /** Starts a length-delimited value (a nested message, a map entry, a packed run); end it with `ldelim`. */
  fork(): void {
    this.forks.push(this.pos);
  }

  /**
   * Ends the value started by the matching `fork`: its length prefix is inserted in front of it.
   * The prefix size is known only now, so the value is moved right by that many bytes.
   */
  ldelim(): void {
    const start = this.forks.pop();
    const len = this.pos - start;
    const prefix = varintSize(<u32>len);
    this.ensure(prefix);
    const data = this.buf.dataStart;
    memory.copy(data + <usize>(start + prefix), data + <usize>start, <usize>len);
    let p = <usize>start;
    let v = <u32>len;
    while (v >= 0x80) {
      store<u8>(data + p, (<u8>(v & 0x7f)) | 0x80);
      v >>= 7;
      p++;
    }
    store<u8>(data + p, <u8>v);
    this.pos += prefix;
  }

  /** Writes a length-delimited field header for a nested value and starts it. */
  beginLen(fieldNumber: u32): void {
    this.tag(fieldNumber, WIRE_LEN);
    this.fork();
  }

  /** The bytes written so far, as a new array of exactly that length. */
  finish(): Uint8Array {
    return this.buf.slice(0, this.pos);
  }

  private ensure(n: i32): void {
    const need = this.pos + n;
    if (need <= this.buf.length) return;
    let cap = this.buf.length << 1;
    if (cap < need) cap = need;
    const next = new Uint8Array(cap);
    memory.copy(next.dataStart, this.buf.dataStart, <usize>this.pos);
    this.buf = next;
  }
}

function varintSize(v: u32): i32 {
  if (v < 0x80) return 1;
  if (v < 0x4000) return 2;
  if (v < 0x200000) return 3;
  if (v < 0x10000000) return 4;
  return 5;
}
