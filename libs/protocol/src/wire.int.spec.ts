// Wire-level behaviour of the AssemblyScript decoder that protobuf-es never produces on its own:
// unpacked repeated scalars, unknown fields of every wire type, large field numbers, malformed input.
import { create, toBinary, toJson } from '@bufbuild/protobuf';
import { BinaryWriter, WireType } from '@bufbuild/protobuf/wire';
import { beforeAll, describe, expect, it } from 'vitest';
import { AsHarnessModule, GuestAbort } from './conformance/as-harness.js';
import { FieldNumbersSchema, RepeatedsSchema } from './conformance/gen/ndptest/conformance_pb.js';
import { ArtistMBIDRequestSchema, TrackInfoSchema } from './gen/index.js';

let module: AsHarnessModule;
beforeAll(async () => {
  module = await AsHarnessModule.build('stub');
});

const describeAs = (typeName: string, bytes: Uint8Array): unknown =>
  JSON.parse(module.instance().describe(typeName, bytes));

describe('repeated scalars', () => {
  it('decode unpacked, packed and mixed runs into one list, in wire order', () => {
    const w = new BinaryWriter();
    w.tag(1, WireType.Varint).int32(-5);
    w.tag(1, WireType.LengthDelimited).fork().int32(7).int32(2147483647).join();
    w.tag(1, WireType.Varint).int32(9);
    w.tag(2, WireType.Varint).int64(-(2n ** 63n));
    w.tag(4, WireType.Varint).uint64(2n ** 64n - 1n);
    w.tag(12, WireType.Bit64).double(1.25);
    w.tag(12, WireType.LengthDelimited).fork().double(-2).join();
    w.tag(13, WireType.Varint).bool(true);
    w.tag(5, WireType.Varint).sint32(-3);
    w.tag(7, WireType.Bit32).fixed32(4294967295);
    expect(describeAs('ndptest.Repeateds', w.finish())).toMatchObject({
      int32Values: [-5, 7, 2147483647, 9],
      int64Values: ['-9223372036854775808'],
      uint64Values: ['18446744073709551615'],
      doubleValues: [1.25, -2],
      boolValues: [true],
      sint32Values: [-3],
      fixed32Values: [4294967295],
    });
  });

  it('re-encode packed, as protobuf-es does', () => {
    const msg = create(RepeatedsSchema, { int32Values: [1, -1, 300], boolValues: [true, false] });
    const unpacked = new BinaryWriter();
    for (const v of msg.int32Values) unpacked.tag(1, WireType.Varint).int32(v);
    for (const v of msg.boolValues) unpacked.tag(13, WireType.Varint).bool(v);
    const again = module.instance().roundtrip('ndptest.Repeateds', unpacked.finish());
    expect(Buffer.from(again).equals(Buffer.from(toBinary(RepeatedsSchema, msg)))).toBe(true);
  });
});

describe('unknown fields', () => {
  const known = create(ArtistMBIDRequestSchema, { id: 'ar-1', name: 'Björk 🎵' });

  function withUnknownFields(): Uint8Array {
    const w = new BinaryWriter();
    w.tag(100, WireType.Varint).uint64(2n ** 64n - 1n);
    w.tag(1, WireType.LengthDelimited).string(known.id);
    w.tag(101, WireType.Bit64).fixed64(42n);
    w.tag(102, WireType.LengthDelimited).bytes(new Uint8Array([1, 2, 3, 0xff]));
    w.tag(103, WireType.StartGroup);
    w.tag(1, WireType.Varint).int32(1);
    w.tag(2, WireType.StartGroup).tag(3, WireType.Bit32).fixed32(7).tag(2, WireType.EndGroup);
    w.tag(103, WireType.EndGroup);
    w.tag(2, WireType.LengthDelimited).string(known.name);
    w.tag(104, WireType.Bit32).fixed32(0xdeadbeef);
    // A known field number with an unexpected wire type is skipped like an unknown field.
    w.tag(1, WireType.Varint).int32(5);
    return w.finish();
  }

  it('of every wire type (varint, i64, len, group, i32) are skipped when decoding', () => {
    expect(describeAs('api.ArtistMBIDRequest', withUnknownFields())).toEqual(
      toJson(ArtistMBIDRequestSchema, known, { alwaysEmitImplicit: true }),
    );
  });

  it('are dropped when re-encoding', () => {
    const again = module.instance().roundtrip('api.ArtistMBIDRequest', withUnknownFields());
    expect(Buffer.from(again).equals(Buffer.from(toBinary(ArtistMBIDRequestSchema, known)))).toBe(true);
  });
});

describe('field numbers', () => {
  it('up to 536870911 (5-byte tags) encode as protobuf-es encodes them', () => {
    const msg = create(FieldNumbersSchema, { small: 'a', twoByteTag: -1, largest: 'z' });
    const bytes = toBinary(FieldNumbersSchema, msg);
    expect(
      Buffer.from(module.instance().roundtrip('ndptest.FieldNumbers', bytes)).equals(Buffer.from(bytes)),
    ).toBe(true);
  });
});

describe('merging', () => {
  it('a singular message field seen twice is merged, repeated fields append', () => {
    const w = new BinaryWriter();
    w.tag(6, WireType.LengthDelimited).fork().tag(1, WireType.LengthDelimited).string('A').join();
    w.tag(6, WireType.LengthDelimited).fork().tag(1, WireType.LengthDelimited).string('B').join();
    w.tag(3, WireType.LengthDelimited).string('first');
    w.tag(3, WireType.LengthDelimited).string('last');
    const json = describeAs('api.TrackInfo', w.finish()) as ReturnType<typeof toJson>;
    expect(json).toMatchObject({ name: 'last', artists: [{ name: 'A' }, { name: 'B' }] });
    expect(TrackInfoSchema.typeName).toBe('api.TrackInfo');
  });
});

describe('malformed input aborts the guest instead of looping or reading out of bounds', () => {
  const cases: [string, number[]][] = [
    ['a truncated varint', [0x08, 0x80]],
    ['a varint longer than 10 bytes', [0x08, ...Array<number>(10).fill(0xff), 0x01]],
    ['a length past the end', [0x0a, 0x05, 0x61]],
    ['a truncated fixed64', [0x19, 1, 2, 3]],
    ['wire type 7', [0x0f]],
    ['field number 0', [0x00, 0x01]],
    ['an end group without a start', [0x0c]],
    ['an unterminated group', [0x0b, 0x08, 0x01]],
    ['a nested message that overruns its length', [0x32, 0x02, 0x0a, 0x05, 0x61, 0x62, 0x63, 0x64, 0x65]],
  ];
  it.each(cases)('%s', (_what, bytes) => {
    const harness = module.instance();
    expect(() => harness.describe('api.TrackInfo', new Uint8Array(bytes))).toThrow(GuestAbort);
  });

  it('group nesting deeper than 64 levels', () => {
    const w = new BinaryWriter();
    for (let i = 0; i < 100; i++) w.tag(100, WireType.StartGroup);
    expect(() => module.instance().describe('api.TrackInfo', w.finish())).toThrow(/nested too deeply/);
  });
});
