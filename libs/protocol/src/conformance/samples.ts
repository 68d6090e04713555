// Message samples built by reflection, so every message type (contract and test-only) gets the same
// treatment: an empty one, one with extreme values, and seeded random ones.
import { create, ScalarType } from '@bufbuild/protobuf';
import type { DescField, DescMessage, Message } from '@bufbuild/protobuf';

/** A small seeded PRNG (mulberry32): the same seed gives the same samples on every run. */
function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Strings that stress UTF-8: CJK (3 bytes), emoji (4 bytes, surrogate pairs in JS), escapes, NUL. */
const TRICKY_STRINGS = [
  'plain ascii',
  '音楽のアーティスト',
  '🎵🎸 emoji 👩‍🎤',
  'ñandú — “quotes” \'single\' "double" \\ backslash',
  'control \u0000 \u0001 \n \r \t \u001f end',
  '𝄞 music symbol (U+1D11E)',
];

const INT32_EDGES = [-1, -2147483648, 2147483647, 1, 300];
const UINT32_EDGES = [4294967295, 1, 128, 16384];
const INT64_EDGES = [-(2n ** 63n), 2n ** 63n - 1n, -1n, 1n, 2n ** 32n];
const UINT64_EDGES = [2n ** 64n - 1n, 1n, 2n ** 63n, 2n ** 32n];
const DOUBLE_EDGES = [
  Number.MAX_VALUE,
  Number.MIN_VALUE,
  -1.5,
  1e21,
  0.1,
  Number.POSITIVE_INFINITY,
  Number.NaN,
];
const FLOAT_EDGES = [
  Math.fround(3.4028234663852886e38),
  Math.fround(1e-45),
  Math.fround(0.1),
  -2.5,
  Number.NEGATIVE_INFINITY,
];

type Profile = 'extreme' | 'random';

interface Context {
  profile: Profile;
  rnd: () => number;
  depth: number;
  /** Size of a bytes field in the extreme sample (1 MiB at the top level). */
  bigBytes: number;
  /** Entries of a map field in the extreme sample. */
  bigMap: number;
}

/** A message with every field at its default (it encodes to zero bytes). */
export function emptySample(desc: DescMessage): Message {
  return create(desc);
}

/**
 * Every field set to an extreme: 64-bit minimum and maximum, uint64 maximum, negative int32, non-finite
 * floats, tricky UTF-8, repeated fields of several elements, nested messages two levels deep; variant 0
 * also has 1 MiB bytes and 1,000-entry maps at the top level.
 */
export function extremeSample(desc: DescMessage, variant = 0): Message {
  // Only the first variant is big: the others vary the edge values at a size that stays fast.
  const big = variant === 0;
  const ctx: Context = {
    profile: 'extreme',
    rnd: seededRandom(variant + 1),
    depth: 0,
    bigBytes: big ? 1 << 20 : 64,
    bigMap: big ? 1000 : 5,
  };
  return create(desc, initFor(desc, ctx, variant));
}

/** A random message (finite numbers only, so protobuf-es `equals` applies); `seed` fixes it. */
export function randomSample(desc: DescMessage, seed: number): Message {
  const ctx: Context = { profile: 'random', rnd: seededRandom(seed), depth: 0, bigBytes: 0, bigMap: 0 };
  return create(desc, initFor(desc, ctx, 0));
}

function initFor(desc: DescMessage, ctx: Context, variant: number): Record<string, unknown> {
  const init: Record<string, unknown> = {};
  desc.fields.forEach((field, i) => {
    const v = valueFor(field, ctx, variant + i);
    if (v !== undefined) init[field.localName] = v;
  });
  return init;
}

function valueFor(field: DescField, ctx: Context, k: number): unknown {
  const { rnd } = ctx;
  const count = (max: number) => (ctx.profile === 'extreme' ? 3 : Math.floor(rnd() * (max + 1)));
  switch (field.fieldKind) {
    case 'scalar':
      if (ctx.profile === 'random' && rnd() < 0.2) return undefined;
      return scalar(field.scalar, ctx, k, true);
    case 'enum':
      return undefined;
    case 'message':
      if (ctx.depth >= 2 || (ctx.profile === 'random' && rnd() < 0.4)) return undefined;
      return nested(field.message, ctx, k);
    case 'list': {
      if (field.listKind === 'message') {
        if (ctx.depth >= 2) return [];
        return Array.from({ length: count(3) }, (_, j) => nested(field.message, ctx, k + j));
      }
      if (field.listKind === 'scalar') {
        const n = ctx.profile === 'extreme' ? 7 : count(6);
        return Array.from({ length: n }, (_, j) => scalar(field.scalar, ctx, k + j, false));
      }
      return [];
    }
    case 'map': {
      const n = ctx.profile === 'extreme' ? (ctx.depth === 0 ? ctx.bigMap : 3) : count(4);
      const out: Record<string, unknown> = {};
      for (let j = 0; j < n; j++) {
        const key = mapKey(field.mapKey, ctx, j);
        if (field.mapKind === 'message') {
          out[key] = ctx.depth >= 2 ? {} : nested(field.message, ctx, k + j);
        } else if (field.mapKind === 'scalar') {
          out[key] = scalar(field.scalar, ctx, k + j, false);
        }
      }
      return out;
    }
  }
}

function nested(desc: DescMessage, ctx: Context, k: number): Record<string, unknown> {
  return initFor(desc, { ...ctx, depth: ctx.depth + 1, bigBytes: 40 }, k);
}

function pick<T>(list: readonly T[], ctx: Context, k: number): T {
  return list[ctx.profile === 'extreme' ? k % list.length : Math.floor(ctx.rnd() * list.length)] as T;
}

function scalar(type: ScalarType, ctx: Context, k: number, single: boolean): unknown {
  const { rnd } = ctx;
  const extreme = ctx.profile === 'extreme';
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const big = (bits: number, signed: boolean) => {
    let v = 0n;
    for (let i = 0; i < bits; i += 16) v = (v << 16n) | BigInt(int(0, 0xffff));
    v &= (1n << BigInt(bits)) - 1n;
    return signed ? BigInt.asIntN(bits, v) : v;
  };
  switch (type) {
    case ScalarType.INT32:
    case ScalarType.SINT32:
    case ScalarType.SFIXED32:
      return extreme ? pick(INT32_EDGES, ctx, k) : int(-2147483648, 2147483647);
    case ScalarType.UINT32:
    case ScalarType.FIXED32:
      return extreme ? pick(UINT32_EDGES, ctx, k) : int(0, 4294967295);
    case ScalarType.INT64:
    case ScalarType.SINT64:
    case ScalarType.SFIXED64:
      return extreme ? pick(INT64_EDGES, ctx, k) : big(64, true) >> BigInt(int(0, 63));
    case ScalarType.UINT64:
    case ScalarType.FIXED64:
      return extreme ? pick(UINT64_EDGES, ctx, k) : big(64, false) >> BigInt(int(0, 63));
    case ScalarType.DOUBLE:
      return extreme ? pick(DOUBLE_EDGES, ctx, k) : (rnd() - 0.5) * 10 ** int(-10, 30);
    case ScalarType.FLOAT:
      return extreme ? pick(FLOAT_EDGES, ctx, k) : Math.fround((rnd() - 0.5) * 10 ** int(-5, 30));
    case ScalarType.BOOL:
      return extreme ? k % 2 === 0 : rnd() < 0.5;
    case ScalarType.STRING:
      return extreme ? pick(TRICKY_STRINGS, ctx, k) : randomString(ctx);
    case ScalarType.BYTES: {
      const n = extreme ? (single ? ctx.bigBytes : 3 + (k % 5)) : int(0, 24);
      const b = new Uint8Array(n);
      for (let i = 0; i < n; i++) b[i] = extreme ? (i * 31 + k) & 0xff : int(0, 255);
      return b;
    }
  }
}

function mapKey(type: ScalarType, ctx: Context, j: number): string {
  if (type === ScalarType.BOOL) return j % 2 === 0 ? 'true' : 'false';
  if (type === ScalarType.STRING) {
    return ctx.profile === 'extreme'
      ? `${TRICKY_STRINGS[j % TRICKY_STRINGS.length]}#${j}`
      : randomString(ctx) + j;
  }
  const v = scalar(type, { ...ctx, profile: 'random' }, j, false);
  return String(v);
}

function randomString(ctx: Context): string {
  const { rnd } = ctx;
  const pieces = [
    'a',
    'Z',
    '0',
    ' ',
    'é',
    'ß',
    '音',
    '楽',
    '🎵',
    '😀',
    '"',
    '\\',
    '\n',
    '\u0007',
    '\u007f',
    '€',
  ];
  let s = '';
  for (let i = 0, n = Math.floor(rnd() * 12); i < n; i++) s += pieces[Math.floor(rnd() * pieces.length)];
  return s;
}
