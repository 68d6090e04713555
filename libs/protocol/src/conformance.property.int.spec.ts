// Property tests across languages: the AssemblyScript codecs a guest links (through the conformance harness) and
// protobuf-es on the host must read the same bytes the same way. On any input the AssemblyScript decoder aborts
// cleanly (never an out-of-bounds trap), and where both accept the bytes they see the same values.
import { fromBinary, toJson } from '@bufbuild/protobuf';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { AsHarnessModule, GuestAbort, type AsHarness } from './conformance/as-harness.js';
import { MESSAGES } from './conformance/messages.js';
import { wireBytes } from './conformance/wire-bytes.js';
import { hasWireTypeMismatch } from './conformance/wire-mismatch.js';

const RUNS = { numRuns: 300, interruptAfterTimeLimit: 30_000 };

let module: AsHarnessModule;
let harness: AsHarness;

beforeAll(async () => {
  module = await AsHarnessModule.build('stub');
  harness = module.instance();
}, 180_000);

/** The AssemblyScript view of `bytes`, or `undefined` when the guest aborted (a fresh instance is taken then). */
function asDescribe(typeName: string, bytes: Uint8Array): unknown {
  try {
    return JSON.parse(harness.describe(typeName, bytes));
  } catch (e) {
    harness = module.instance(); // an aborted instance is not reused, as in a real guest
    if (e instanceof GuestAbort) return undefined;
    throw new Error(`the AssemblyScript decoder did not abort cleanly: ${String(e)}`, { cause: e });
  }
}

describe('AssemblyScript and protobuf-es decoders agree, properties', () => {
  it('any bytes as any message: AssemblyScript aborts cleanly, and where both decode they see the same values', () => {
    let both = 0;
    fc.assert(
      fc.property(wireBytes(fc.constantFrom(...MESSAGES)), ([desc, bytes]) => {
        const guest = asDescribe(desc.typeName, bytes);
        let host: unknown;
        try {
          host = toJson(desc, fromBinary(desc, bytes), { alwaysEmitImplicit: true });
        } catch {
          return; // the host refuses these bytes; the guest may be more lenient, never less safe
        }
        // Acceptance may differ (the guest aborts on some input protobuf-es takes), and so may the values where
        // a known field carries the wrong wire type: protobuf-es reads it by its declared type (`[9, 0]` is an
        // empty string field 1 to it), the generated codecs skip it as an unknown field.
        if (guest === undefined || hasWireTypeMismatch(desc, bytes)) return;
        both++;
        expect(guest).toEqual(host);
      }),
      RUNS,
    );
    // Most inputs are mutated valid encodings: if almost none decoded on both sides, the property checked nothing.
    expect(both).toBeGreaterThan(RUNS.numRuns / 10);
  });
});
