// Cross-language conformance: protobuf-es (the host) and the generated AssemblyScript codecs (the guest)
// must agree on every message, byte for byte and value for value.
import { equals, fromBinary, toBinary, toJson } from '@bufbuild/protobuf';
import type { DescMessage, Message } from '@bufbuild/protobuf';
import { beforeAll, describe, expect, it } from 'vitest';
import { AsHarnessModule } from './conformance/as-harness.js';
import type { AsHarness, AsRuntime } from './conformance/as-harness.js';
import { MESSAGES } from './conformance/messages.js';
import { emptySample, extremeSample, randomSample } from './conformance/samples.js';

const RANDOM_PER_TYPE: Record<AsRuntime, number> = { stub: 200, incremental: 25 };

/** Decodes in AssemblyScript, checks the JSON values and the re-encoded bytes against protobuf-es. */
function expectAgreement(harness: AsHarness, desc: DescMessage, msg: Message): void {
  const bytes = toBinary(desc, msg);
  const asJson: unknown = JSON.parse(harness.describe(desc.typeName, bytes));
  expect(asJson).toEqual(toJson(desc, msg, { alwaysEmitImplicit: true }));
  const again = harness.roundtrip(desc.typeName, bytes);
  // Both sides write fields in declaration order, pack repeated scalars and keep map order.
  expect(Buffer.from(again).equals(Buffer.from(bytes))).toBe(true);
  // NaN never equals itself, so `equals` applies only to samples without one.
  if (!hasNaN(desc, msg)) expect(equals(desc, fromBinary(desc, again), msg)).toBe(true);
}

describe.each<AsRuntime>(['stub', 'incremental'])('AssemblyScript codecs, %s runtime', (runtime) => {
  let module: AsHarnessModule;
  beforeAll(async () => {
    module = await AsHarnessModule.build(runtime);
  });

  it('cover exactly the messages protobuf-es knows', () => {
    expect(module.instance().typeNames.sort()).toEqual(MESSAGES.map((m) => m.typeName));
  });

  describe.each(MESSAGES.map((m) => [m.typeName, m] as const))('%s', (_name, desc) => {
    it('agrees on the empty message (zero bytes both ways)', () => {
      const harness = module.instance();
      expect(harness.roundtrip(desc.typeName, new Uint8Array(0))).toHaveLength(0);
      expectAgreement(harness, desc, emptySample(desc));
    });

    it('agrees on extreme values (64-bit limits, 4-byte UTF-8, 1 MiB bytes, 1,000-entry maps)', () => {
      const harness = module.instance();
      for (let variant = 0; variant < 3; variant++) {
        const msg = extremeSample(desc, variant);
        expectAgreement(harness, desc, msg);
      }
    });

    it(`agrees on ${RANDOM_PER_TYPE[runtime]} seeded random messages`, () => {
      const harness = module.instance();
      for (let i = 0; i < RANDOM_PER_TYPE[runtime]; i++) {
        expectAgreement(harness, desc, randomSample(desc, 1000 * (i + 1) + desc.typeName.length));
      }
    });
  });
});

function hasNaN(desc: DescMessage, msg: Message): boolean {
  return JSON.stringify(toJson(desc, msg, { alwaysEmitImplicit: true })).includes('"NaN"');
}
