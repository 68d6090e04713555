// Property tests of the host's protobuf decoders (protobuf-es over the generated contract): a guest controls
// every byte it hands the host, so decoding any bytes as any contract message must either fail with an Error or
// give a message that encodes and decodes back to itself.
import { equals, fromBinary, toBinary } from '@bufbuild/protobuf';
import type { DescMessage } from '@bufbuild/protobuf';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MESSAGES } from './conformance/messages.js';
import { wireBytes } from './conformance/wire-bytes.js';

const RUNS = { numRuns: 500, interruptAfterTimeLimit: 20_000 };

const message = fc.constantFrom(...MESSAGES);

function hasNaN(bytes: Uint8Array, desc: DescMessage): boolean {
  // NaN never equals itself; compare such messages by their encoding only.
  return JSON.stringify(fromBinary(desc, bytes), (_k, v: unknown) =>
    typeof v === 'bigint' ? String(v) : v,
  ).includes('null');
}

describe('protobuf-es decoders of the contract, properties', () => {
  it('any bytes as any message: an Error, or a message that round-trips', () => {
    fc.assert(
      fc.property(wireBytes(message), ([desc, bytes]) => {
        let decoded;
        try {
          decoded = fromBinary(desc, bytes);
        } catch (e) {
          expect(e).toBeInstanceOf(Error);
          expect((e as Error).message.length).toBeGreaterThan(0);
          return;
        }
        const again = toBinary(desc, decoded);
        const redecoded = fromBinary(desc, again);
        // Canonical after one pass: encoding the re-decoded message gives the same bytes.
        expect(Buffer.from(toBinary(desc, redecoded)).equals(Buffer.from(again))).toBe(true);
        if (!hasNaN(again, desc)) expect(equals(desc, redecoded, decoded)).toBe(true);
      }),
      RUNS,
    );
  });
});
