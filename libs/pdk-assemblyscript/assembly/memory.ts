// Moving bytes between AssemblyScript's linear memory and Extism memory blocks. Everything copies eight bytes
// per host call and finishes byte by byte: the ABI has no bulk copy.
import {
  alloc,
  free,
  input_length,
  input_load_u64,
  input_load_u8,
  length,
  load_u64,
  load_u8,
  output_set,
  store_u64,
  store_u8,
} from './env';

/**
 * Reads this call's whole input.
 * Guarantees: a fresh array of exactly `input_length()` bytes (empty when there is no input).
 */
export function readInput(): Uint8Array {
  const n = input_length();
  const out = new Uint8Array(<i32>n);
  const base = out.dataStart;
  let i: u64 = 0;
  for (; i + 8 <= n; i += 8) store<u64>(base + <usize>i, input_load_u64(i));
  for (; i < n; i++) store<u8>(base + <usize>i, input_load_u8(i));
  return out;
}

/**
 * Copies `bytes` into a new Extism block and returns its handle.
 * Guarantees: the block is exactly `bytes.length` long. Returns 0 for empty input, since the native
 * kernel answers `alloc(0)` with 0 anyway; hosts must read handle 0 as "no bytes".
 */
export function storeBytes(bytes: Uint8Array): u64 {
  const n = <u64>bytes.length;
  if (n == 0) return 0;
  const h = alloc(n);
  if (h == 0) return 0;
  const base = bytes.dataStart;
  let i: u64 = 0;
  for (; i + 8 <= n; i += 8) store_u64(h + i, load<u64>(base + <usize>i));
  for (; i < n; i++) store_u8(h + i, load<u8>(base + <usize>i));
  return h;
}

/** Copies `s` as UTF-8 (never UTF-16 code units) into a new block; 0 for the empty string. */
export function storeString(s: string): u64 {
  return storeBytes(Uint8Array.wrap(String.UTF8.encode(s)));
}

/**
 * Copies a block into a fresh array. Handle 0 (or an invalid handle) gives an empty array.
 * Does not free the block: see `takeBlock`.
 */
export function readBlock(handle: u64): Uint8Array {
  if (handle == 0) return new Uint8Array(0);
  const n = length(handle);
  const out = new Uint8Array(<i32>n);
  const base = out.dataStart;
  let i: u64 = 0;
  for (; i + 8 <= n; i += 8) store<u64>(base + <usize>i, load_u64(handle + i));
  for (; i < n; i++) store<u8>(base + <usize>i, load_u8(handle + i));
  return out;
}

/** Reads a block as UTF-8 text; handle 0 gives "". */
export function readBlockString(handle: u64): string {
  return String.UTF8.decode(readBlock(handle).buffer);
}

/** Reads a block the guest owns (e.g. a host function's answer) and frees it. */
export function takeBlock(handle: u64): Uint8Array {
  const bytes = readBlock(handle);
  if (handle != 0) free(handle);
  return bytes;
}

/**
 * Sets this call's output. The block is allocated with exactly `bytes.length` bytes, because
 * @extism/extism 1.0.3 ignores output_set's length and returns the whole block. Empty output sets nothing,
 * which hosts read as an empty message.
 */
export function writeOutput(bytes: Uint8Array): void {
  const h = storeBytes(bytes);
  if (h != 0) output_set(h, <u64>bytes.length);
}

/** Sets this call's output to `s` as UTF-8. */
export function writeOutputString(s: string): void {
  writeOutput(Uint8Array.wrap(String.UTF8.encode(s)));
}

/** Frees a block this guest allocated and no longer needs; handle 0 is ignored. */
export function release(handle: u64): void {
  if (handle != 0) free(handle);
}
