// Property tests of the Extism kernel's handle arithmetic (kernel.wat): a guest may call alloc, length, load and
// store with any 64-bit value; the kernel must keep live blocks apart and inside its memory, answer 0 for a handle
// it never gave out, and trap (never wrap around) on an address outside its memory.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KERNEL_WASM_BASE64 } from '../gen/kernel-wasm.js';

interface Kernel {
  memory: WebAssembly.Memory;
  set_limit(bytes: bigint): void;
  reset(): void;
  alloc(n: bigint): bigint;
  free(h: bigint): void;
  length(h: bigint): bigint;
  load_u8(a: bigint): number;
  load_u64(a: bigint): bigint;
  store_u8(a: bigint, v: number): void;
  store_u64(a: bigint, v: bigint): void;
}

const kernelModule = new WebAssembly.Module(Buffer.from(KERNEL_WASM_BASE64, 'base64'));
const newKernel = () => new WebAssembly.Instance(kernelModule).exports as unknown as Kernel;

const RUNS = { numRuns: 300, interruptAfterTimeLimit: 20_000 };
const U64 = 2n ** 64n;
const LIMIT = 4n * 1024n * 1024n; // a per-instance ceiling like the engine's, small enough to reach in a test

/** Sizes a guest might ask for: small, around page edges, near the ceiling, and any 64-bit value. */
const size = fc.oneof(
  fc.bigInt({ min: 0n, max: 300n }),
  fc.bigInt({ min: 65_000n, max: 70_000n }),
  fc.bigInt({ min: LIMIT - 64n, max: LIMIT + 64n }),
  fc.bigInt({ min: 0n, max: U64 - 1n }),
  fc.constantFrom(U64 - 1n, U64 - 8n, U64 - 16n, 2n ** 63n, 2n ** 32n, 2n ** 32n - 1n),
);

type Op =
  | { kind: 'alloc'; n: bigint }
  | { kind: 'free'; pick: number }
  | { kind: 'write'; pick: number; byte: number }
  | { kind: 'reset' };

const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: size.map((n) => ({ kind: 'alloc' as const, n })) },
  { weight: 2, arbitrary: fc.nat().map((pick) => ({ kind: 'free' as const, pick })) },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('write' as const),
      pick: fc.nat(),
      byte: fc.integer({ min: 0, max: 255 }),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'reset' as const }) },
);

/** Reads an i64 result as the unsigned value the guest sees. */
const u64 = (v: bigint) => BigInt.asUintN(64, v);
const i64 = (v: bigint) => BigInt.asIntN(64, v);

interface Block {
  readonly h: bigint;
  readonly n: bigint;
  readonly fill: number;
}

describe('Extism kernel, properties', () => {
  it('random alloc/free/store/reset sequences keep live blocks in memory, apart and intact', () => {
    fc.assert(
      fc.property(fc.boolean(), fc.array(op, { minLength: 1, maxLength: 40 }), (limited, ops) => {
        const k = newKernel();
        if (limited) k.set_limit(LIMIT);
        let live: Block[] = [];
        for (const o of ops) {
          if (o.kind === 'reset') {
            k.reset();
            live = [];
          } else if (o.kind === 'alloc') {
            const h = u64(k.alloc(i64(o.n)));
            if (h === 0n) continue; // refused: zero bytes, over the ceiling or beyond 4 GiB
            const bytes = BigInt(k.memory.buffer.byteLength);
            expect(o.n > 0n).toBe(true);
            expect(h + o.n <= bytes, `block ${h}+${o.n} ends past memory (${bytes} bytes)`).toBe(true);
            if (limited) expect(h + o.n <= LIMIT).toBe(true);
            for (const b of live) {
              const apart = h + o.n <= b.h - 8n || b.h + b.n <= h - 8n; // the 8-byte header is part of a block
              expect(apart, `block ${h}+${o.n} overlaps live block ${b.h}+${b.n}`).toBe(true);
            }
            expect(u64(k.length(i64(h)))).toBe(o.n);
            // Fill the first and last byte so that a later overlap would show as changed content.
            const fill = live.length % 251;
            k.store_u8(i64(h), fill);
            k.store_u8(i64(h + o.n - 1n), fill);
            live.push({ h, n: o.n, fill });
          } else if (o.kind === 'free') {
            // free is a no-op in a bump allocator: the block stays readable until the next reset.
            const b = live[o.pick % Math.max(live.length, 1)];
            if (b) k.free(i64(b.h));
          } else {
            const b = live[o.pick % Math.max(live.length, 1)];
            if (b && b.n > 2n) k.store_u8(i64(b.h + 1n), o.byte);
          }
          for (const b of live) {
            expect(u64(k.length(i64(b.h)))).toBe(b.n);
            expect(k.load_u8(i64(b.h))).toBe(b.fill);
            expect(k.load_u8(i64(b.h + b.n - 1n))).toBe(b.fill);
          }
        }
      }),
      RUNS,
    );
  });

  it('length answers 0 for every handle it never gave out', () => {
    fc.assert(
      fc.property(fc.array(fc.bigInt({ min: 1n, max: 200n }), { maxLength: 5 }), size, (sizes, probe) => {
        const k = newKernel();
        const handles = new Set(sizes.map((n) => u64(k.alloc(n))));
        fc.pre(!handles.has(probe));
        const top = [...handles].reduce((a, h) => (h > a ? h : a), 0n);
        // Inside a live block the answer is not specified; outside every block it must be 0.
        fc.pre(probe === 0n || probe > top + 200n);
        expect(u64(k.length(i64(probe)))).toBe(0n);
      }),
      RUNS,
    );
  });

  // Any 64-bit value, and values whose low 32 bits name a byte of the memory (a wrap to 32 bits would hit it).
  const address = fc.oneof(
    fc.bigInt({ min: 0n, max: U64 - 1n }),
    fc.bigInt({ min: 0n, max: 70_000n }),
    fc
      .tuple(fc.bigInt({ min: 1n, max: 2n ** 32n - 1n }), fc.bigInt({ min: 0n, max: 65_535n }))
      .map(([high, low]) => (high << 32n) | low),
  );

  it('an address outside the kernel memory traps, never reads or writes elsewhere', () => {
    fc.assert(
      fc.property(address, fc.integer({ min: 0, max: 255 }), (addr, byte) => {
        const k = newKernel();
        k.alloc(100n);
        const bytes = BigInt(k.memory.buffer.byteLength);
        const before = Buffer.from(k.memory.buffer).subarray().toString('base64');
        if (addr + 8n <= bytes) {
          k.store_u64(i64(addr), 0n);
          expect(k.load_u64(i64(addr))).toBe(0n);
          return;
        }
        if (addr < bytes) return; // a u64 straddling the end: covered by the u8 case below
        expect(() => k.load_u8(i64(addr))).toThrow(WebAssembly.RuntimeError);
        expect(() => k.load_u64(i64(addr))).toThrow(WebAssembly.RuntimeError);
        expect(() => k.store_u8(i64(addr), byte)).toThrow(WebAssembly.RuntimeError);
        expect(() => k.store_u64(i64(addr), 1n)).toThrow(WebAssembly.RuntimeError);
        expect(Buffer.from(k.memory.buffer).toString('base64') === before, 'memory changed').toBe(true);
      }),
      RUNS,
    );
  });
});
