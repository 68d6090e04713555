// The conformance harness: a raw wasm ABI over the generated registries, so TypeScript tests can hand any
// message's bytes to the AssemblyScript codecs and read back the re-encoded bytes or the JSON form.
// Type ids: the contract messages first, then the test-only messages.
import * as contract from '../../assembly/gen/registry';
import * as conformance from './gen/registry';

let inputBuf = new Uint8Array(0);
let outputBuf = new Uint8Array(0);

/** Makes room for `len` input bytes and returns where the caller writes them. */
export function input(len: i32): usize {
  inputBuf = new Uint8Array(len);
  return inputBuf.dataStart;
}

export function type_count(): i32 {
  return contract.MESSAGE_NAMES.length + conformance.MESSAGE_NAMES.length;
}

/** The full name of message `id`, as ptr << 32 | len of UTF-8 bytes. */
export function type_name(id: i32): i64 {
  const n = contract.MESSAGE_NAMES.length;
  return output(
    Uint8Array.wrap(
      String.UTF8.encode(id < n ? contract.MESSAGE_NAMES[id] : conformance.MESSAGE_NAMES[id - n]),
    ),
  );
}

/** Decodes the input as message `id`, encodes it again; returns the bytes as ptr << 32 | len. */
export function roundtrip(id: i32): i64 {
  const n = contract.MESSAGE_NAMES.length;
  return output(id < n ? contract.reencode(id, inputBuf) : conformance.reencode(id - n, inputBuf));
}

/** Decodes the input as message `id`; returns its JSON form (UTF-8) as ptr << 32 | len. */
export function describe(id: i32): i64 {
  const n = contract.MESSAGE_NAMES.length;
  const json = id < n ? contract.describe(id, inputBuf) : conformance.describe(id - n, inputBuf);
  return output(Uint8Array.wrap(String.UTF8.encode(json)));
}

function output(bytes: Uint8Array): i64 {
  // Kept in a global so that a collecting runtime does not free it before the host reads it.
  outputBuf = bytes;
  return ((<i64>bytes.dataStart) << 32) | (<i64>bytes.length);
}
