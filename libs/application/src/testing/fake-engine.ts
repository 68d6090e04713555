import { NdpError } from '@ndp/domain';
import type {
  AnalysedImport,
  CompiledPlugin,
  CompileOptions,
  InstanceOptions,
  PluginEngine,
  PluginInstance,
} from '@ndp/ports';
import { FakeInstance, type FakeExport } from './fake-instance.js';

/** What a fake module is: its imports, its exports as JS functions, and how compiling it behaves. */
export interface FakeModule {
  readonly imports?: readonly { module: string; name: string }[];
  readonly exports: Readonly<Record<string, FakeExport>>;
  /** Compiling waits for this promise (to observe concurrency and loading states). */
  readonly compileGate?: () => Promise<void>;
  readonly compileError?: string;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const CUSTOM_SECTION = 'ndp-fake-module';

// A real, empty WebAssembly module whose one custom section carries the fake module's name, so that the
// engine-agnostic checks of the loader read it like any module.
function fakeModuleBytes(name: string): Uint8Array {
  const section = [CUSTOM_SECTION, name].flatMap((text) => {
    const bytes = [...encoder.encode(text)];
    return [bytes.length, ...bytes];
  });
  if (section.length > 127) throw new Error(`fake module name too long: ${name}`);
  return new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x00, section.length, ...section]);
}

function fakeModuleName(wasm: Uint8Array): string {
  const nameStart = 10 + 1 + CUSTOM_SECTION.length;
  return decoder.decode(wasm.subarray(nameStart + 1, nameStart + 1 + (wasm[nameStart] ?? 0)));
}

/**
 * A PluginEngine test double: the "wasm bytes" are an empty module naming one registered with {@link define}.
 * It counts concurrent compilations and keeps every instance it made. Test support only.
 */
export class FakeEngine implements PluginEngine {
  readonly name = 'fake';
  readonly instances: FakeInstance[] = [];
  readonly instantiations: InstanceOptions[] = [];
  compiling = 0;
  maxConcurrentCompiles = 0;
  private readonly modules = new Map<string, FakeModule>();

  /** Registers a module and returns the bytes that stand for it. */
  define(name: string, module: FakeModule): Uint8Array {
    this.modules.set(name, module);
    return fakeModuleBytes(name);
  }

  async compile(wasm: Uint8Array, options: CompileOptions): Promise<CompiledPlugin> {
    const name = fakeModuleName(wasm);
    const module = this.modules.get(name);
    this.compiling++;
    this.maxConcurrentCompiles = Math.max(this.maxConcurrentCompiles, this.compiling);
    try {
      await module?.compileGate?.();
      if (!module || module.compileError) {
        throw new NdpError(
          'COMPILE_FAILED',
          `plugin "${options.pluginId}": ${module?.compileError ?? `unknown module ${name}`}`,
        );
      }
    } finally {
      this.compiling--;
    }
    const exports = Object.keys(module.exports);
    const imports: AnalysedImport[] = (module.imports ?? []).map((i) => ({
      ...i,
      kind: 'function' as const,
    }));
    return {
      pluginId: options.pluginId,
      hash: `hash-${name}`,
      imports,
      exports,
      usesWasi: false,
      hasExport: (e) => exports.includes(e),
      fakeName: name,
    } as CompiledPlugin;
  }

  async instantiate(plugin: CompiledPlugin, options: InstanceOptions): Promise<PluginInstance> {
    const module = this.modules.get((plugin as CompiledPlugin & { fakeName: string }).fakeName)!;
    this.instantiations.push(options);
    const instance = new FakeInstance(module.exports, {
      pluginId: options.pluginId,
      config: options.config,
      hostFunctions: options.hostFunctions,
    });
    this.instances.push(instance);
    return instance;
  }

  async close(): Promise<void> {}
}
