import { describe, expect, it } from 'vitest';
import { capMemoryPages, capTableElements, readModuleInfo, WasmFormatError } from './wasm-binary.js';

async function wat(text: string): Promise<Uint8Array<ArrayBuffer>> {
  const wabt = await (await import('wabt')).default();
  const mod = wabt.parseWat('test.wat', text);
  try {
    return new Uint8Array(mod.toBinary({}).buffer);
  } finally {
    mod.destroy();
  }
}

const MODULE = await wat(`(module
  (import "extism:host/env" "alloc" (func (param i64) (result i64)))
  (memory (export "memory") 2 100)
  (func (export "run") (result i32) i32.const 0))`);
const NO_MAX = await wat(
  `(module (memory (export "memory") 1) (func (export "run") (result i32) i32.const 0))`,
);

describe('readModuleInfo', () => {
  it('lists imports, exports and memories', () => {
    expect(WebAssembly.validate(MODULE)).toBe(true);
    const info = readModuleInfo(MODULE);
    expect(info.imports).toEqual([
      {
        module: 'extism:host/env',
        name: 'alloc',
        kind: 'function',
        signature: { params: ['i64'], results: ['i64'] },
      },
    ]);
    expect(info.exports).toEqual([
      { name: 'memory', kind: 'memory' },
      { name: 'run', kind: 'function' },
    ]);
    expect(info.memories).toEqual([{ min: 2, max: 100, shared: false, memory64: false }]);
  });

  it('rejects bytes that are not a module, naming the problem', () => {
    expect(() => readModuleInfo(new Uint8Array([1, 2, 3]))).toThrow(WasmFormatError);
    expect(() => readModuleInfo(new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 1, 0, 0, 0]))).toThrow(/magic/);
    expect(() => readModuleInfo(MODULE.subarray(0, MODULE.length - 3))).toThrow(/past the end/);
  });
});

describe('capMemoryPages', () => {
  it('lowers the declared maximum to the ceiling and keeps the module valid', () => {
    const capped = capMemoryPages(MODULE, 16);
    expect(WebAssembly.validate(capped)).toBe(true);
    expect(readModuleInfo(capped).memories).toEqual([{ min: 2, max: 16, shared: false, memory64: false }]);
    const memory = new WebAssembly.Instance(new WebAssembly.Module(capped), {
      'extism:host/env': { alloc: () => 0n },
    }).exports['memory'] as WebAssembly.Memory;
    expect(() => memory.grow(14)).not.toThrow();
    expect(() => memory.grow(1)).toThrow(RangeError);
  });

  it('adds a maximum to a memory that declared none and keeps a lower one', () => {
    expect(readModuleInfo(NO_MAX).memories[0]!.max).toBeUndefined();
    expect(readModuleInfo(capMemoryPages(NO_MAX, 50)).memories[0]!.max).toBe(50);
    expect(readModuleInfo(capMemoryPages(MODULE, 1000)).memories[0]!.max).toBe(100);
  });

  it('refuses a module that needs more than the ceiling from the start', () => {
    expect(() => capMemoryPages(MODULE, 1)).toThrow(/starts at 2 pages .* above the ceiling of 1 pages/);
  });
});

describe('capTableElements', () => {
  const grow = (max: string) =>
    wat(`(module
      (table $t 2 ${max} funcref)
      (memory (export "memory") 1)
      (func (export "grow") (param i32) (result i32) (table.grow $t (ref.null func) (local.get 0)))
      (func (export "size") (result i32) (table.size $t)))`);
  const exportsOf = (bytes: Uint8Array<ArrayBuffer>) =>
    new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports as unknown as {
      grow(n: number): number;
      size(): number;
    };

  it('makes table.grow fail inside the guest past the ceiling, whatever the module declared', async () => {
    for (const declared of ['', '1000000']) {
      const guest = exportsOf(capTableElements(await grow(declared), 100));
      expect(guest.grow(98)).toBe(2);
      expect(guest.grow(1), 'one past the ceiling fails with -1').toBe(-1);
      expect(guest.size()).toBe(100);
    }
  });

  it('keeps a lower declared maximum and leaves modules without tables as they are', async () => {
    const guest = exportsOf(capTableElements(await grow('10'), 100));
    expect(guest.grow(9)).toBe(-1);
    expect(guest.size()).toBe(2);
    expect(capTableElements(NO_MAX, 1)).toEqual(NO_MAX);
  });

  it('refuses a module whose table starts above the ceiling, naming the numbers', async () => {
    const bytes = await grow('');
    expect(() => capTableElements(bytes, 1)).toThrow(/table 0 starts with 2 elements.*ceiling of 1/);
  });
});
