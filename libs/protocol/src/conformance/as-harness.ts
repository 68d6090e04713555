// Loads the AssemblyScript conformance harness (conformance/assembly/harness.ts) and calls it by message
// name. Test support only: it reads files and builds wasm, which the library itself never does.
import { readFileSync } from 'node:fs';
import { buildAssemblyScript } from '../../../../tools/wasm-build.mjs';

/** The collector the harness runs on: `stub` never frees, `incremental` collects garbage. */
export type AsRuntime = 'stub' | 'incremental';

/** Thrown when the guest aborted (a throw in AssemblyScript), with the guest's message. */
export class GuestAbort extends Error {}

interface HarnessExports {
  memory: WebAssembly.Memory;
  input(len: number): number;
  type_count(): number;
  type_name(id: number): bigint;
  roundtrip(id: number): bigint;
  describe(id: number): bigint;
}

/** A compiled harness; each `instance()` is a fresh module instance (use one per aborting call). */
export class AsHarnessModule {
  private constructor(private readonly module: WebAssembly.Module) {}

  /** Builds (cached by source hash) and compiles the harness for a runtime. */
  static async build(runtime: AsRuntime): Promise<AsHarnessModule> {
    const path = await buildAssemblyScript({
      entry: 'libs/protocol/conformance/assembly/harness.ts',
      ascOptions: ['-O3', '--runtime', runtime],
      name: `protocol-conformance-${runtime}`,
    });
    return new AsHarnessModule(new WebAssembly.Module(readFileSync(path)));
  }

  instance(): AsHarness {
    return new AsHarness(this.module);
  }
}

/** One instance of the harness: decode, re-encode and print any generated message by its full name. */
export class AsHarness {
  private readonly exports: HarnessExports;
  private readonly ids = new Map<string, number>();

  constructor(module: WebAssembly.Module) {
    // The abort handler runs after instantiation, when the memory export exists.
    const ref: { memory?: WebAssembly.Memory } = {};
    const instance = new WebAssembly.Instance(module, {
      env: {
        abort: (msgPtr: number, filePtr: number, line: number, col: number) => {
          const text = (p: number) => (ref.memory && p ? readAsString(ref.memory, p) : '?');
          throw new GuestAbort(`${text(msgPtr)} (${text(filePtr)}:${line}:${col})`);
        },
      },
    });
    this.exports = instance.exports as unknown as HarnessExports;
    ref.memory = this.exports.memory;
    for (let id = 0, n = this.exports.type_count(); id < n; id++) {
      this.ids.set(new TextDecoder().decode(this.read(this.exports.type_name(id))), id);
    }
  }

  /** Every message the harness knows, by full protobuf name. */
  get typeNames(): string[] {
    return [...this.ids.keys()];
  }

  /** Decodes `bytes` as `typeName` in AssemblyScript and returns its re-encoding. */
  roundtrip(typeName: string, bytes: Uint8Array): Uint8Array {
    const id = this.id(typeName);
    this.write(bytes);
    return this.read(this.exports.roundtrip(id));
  }

  /** Decodes `bytes` as `typeName` in AssemblyScript and returns its `toJSON()` text. */
  describe(typeName: string, bytes: Uint8Array): string {
    const id = this.id(typeName);
    this.write(bytes);
    return new TextDecoder().decode(this.read(this.exports.describe(id)));
  }

  private id(typeName: string): number {
    const id = this.ids.get(typeName);
    if (id === undefined) throw new Error(`the harness has no message ${typeName}`);
    return id;
  }

  private write(bytes: Uint8Array): void {
    const ptr = this.exports.input(bytes.length);
    new Uint8Array(this.exports.memory.buffer, ptr, bytes.length).set(bytes);
  }

  private read(packed: bigint): Uint8Array {
    const ptr = Number(BigInt.asUintN(64, packed) >> 32n);
    const len = Number(packed & 0xffffffffn);
    return new Uint8Array(this.exports.memory.buffer, ptr, len).slice();
  }
}

/** An AssemblyScript string: UTF-16 code units, byte length in the object header just before it. */
function readAsString(memory: WebAssembly.Memory, ptr: number): string {
  const byteLength = new Uint32Array(memory.buffer, ptr - 4, 1)[0] ?? 0;
  return String.fromCharCode(...new Uint16Array(memory.buffer, ptr, byteLength >>> 1));
}
