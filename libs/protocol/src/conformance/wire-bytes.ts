// Inputs for the decoder property tests: what a guest (or a corrupted channel) can hand a decoder.
import { toBinary } from '@bufbuild/protobuf';
import type { DescMessage } from '@bufbuild/protobuf';
import fc from 'fast-check';
import { randomSample } from './samples.js';

/**
 * Random bytes, valid encodings, and valid encodings with a few bytes flipped, cut short or extended (closer to
 * real faults).
 */
export const wireBytes = (desc: fc.Arbitrary<DescMessage>) =>
  fc.oneof(
    fc.tuple(desc, fc.uint8Array({ maxLength: 200 })),
    fc
      .tuple(desc, fc.integer({ min: 1, max: 1_000_000 }))
      .map(([d, seed]) => [d, toBinary(d, randomSample(d, seed))] as const),
    fc
      .tuple(
        desc,
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 4 }),
        fc.nat(),
        fc.uint8Array({ maxLength: 8 }),
      )
      .map(([d, seed, flips, cut, tail]) => {
        const bytes = toBinary(d, randomSample(d, seed));
        for (const [at, v] of flips) if (bytes.length > 0) bytes[at % bytes.length] = v;
        const kept = bytes.subarray(0, bytes.length === 0 ? 0 : cut % (bytes.length + 1));
        return [d, Uint8Array.from([...kept, ...tail])] as const;
      }),
  );
