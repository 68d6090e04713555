import { HOST_USER_MODULE, NdpError } from '@ndp/domain';
import type { AnalysedImport, CompiledPlugin } from '../../compiled-plugin.js';
import type { CompileOptions, InstanceOptions, PluginEngine } from '../../plugin-engine.js';
import type { PluginInstance } from '../../plugin-instance.js';
import type { EngineContractFixtures } from '../engine-fixtures.js';
import { sha256Hex } from '../engine-harness.js';
import { CONTRACT_FIXTURE_MODULES } from './fake-engine-fixtures.js';
import { FakeInstance, type FakeExport } from './fake-instance.js';

/** What a fake module is: its imports, its exports as JS functions, and how compiling and starting it behave. */
export interface FakeModule {
  readonly imports?: readonly { module: string; name: string }[];
  readonly exports: Readonly<Record<string, FakeExport>>;
  /** Compiling waits for this promise (to observe concurrency and loading states). */
  readonly compileGate?: () => Promise<void>;
  readonly compileError?: string;
  /** The module's start function and `_initialize`: instantiation runs it within the instantiation deadline. */
  readonly start?: (setup: InstanceOptions) => Promise<void>;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const CUSTOM_SECTION = 'ndp-fake-module';
const CONTRACT_PREFIX = 'contract:';
const DEFAULT_INSTANTIATE_TIMEOUT_MS = 10_000;
const KERNEL_IMPORT: AnalysedImport = { module: 'extism:host/env', name: 'input_length', kind: 'function' };

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

const TEMPLATE = fakeModuleBytes('');
const NAME_AT = TEMPLATE.length - 1;

/** The name a fake module's bytes carry, or undefined for any other bytes. */
function fakeModuleName(wasm: Uint8Array): string | undefined {
  // Byte 9 is the section's length, which depends on the name; every other byte up to the name is fixed.
  const fixed = (i: number) => i === 9 || wasm[i] === TEMPLATE[i];
  if (wasm.length <= NAME_AT || !TEMPLATE.subarray(0, NAME_AT).every((_, i) => fixed(i))) return undefined;
  return decoder.decode(wasm.subarray(NAME_AT + 1, NAME_AT + 1 + (wasm[NAME_AT] ?? 0)));
}

/** The engine contract's fixtures for {@link FakeEngine}: each "module" names one of its built-in fixtures. */
export const fakeEngineFixtures: EngineContractFixtures = {
  wasm: async (name) => fakeModuleBytes(CONTRACT_PREFIX + name),
};

interface FakeCompiled extends CompiledPlugin {
  readonly module: FakeModule;
}

/**
 * The {@link PluginEngine} fake: runs no WebAssembly. A "module" is an empty wasm module naming either one
 * registered with {@link define} (exports are JS functions) or one of the engine contract's fixtures
 * ({@link fakeEngineFixtures}), whose documented behaviour it plays in JavaScript, so the contract runs against
 * it (and against deliberately broken variants, proving the cases can fail). It counts concurrent compilations
 * and keeps every instance it made. It models no real engine's timing or memory. Test support only.
 */
export class FakeEngine implements PluginEngine {
  readonly name = 'fake';
  readonly instances: FakeInstance[] = [];
  readonly instantiations: InstanceOptions[] = [];
  compiling = 0;
  maxConcurrentCompiles = 0;
  private readonly modules = new Map<string, FakeModule>();
  private closed = false;

  /** Registers a module and returns the bytes that stand for it. */
  define(name: string, module: FakeModule): Uint8Array {
    if (name.startsWith(CONTRACT_PREFIX))
      throw new Error(`fake module names may not start "${CONTRACT_PREFIX}"`);
    this.modules.set(name, module);
    return fakeModuleBytes(name);
  }

  async compile(wasm: Uint8Array, options: CompileOptions): Promise<CompiledPlugin> {
    this.assertOpen();
    const name = fakeModuleName(wasm);
    const module = name === undefined ? undefined : this.lookup(name);
    this.compiling++;
    this.maxConcurrentCompiles = Math.max(this.maxConcurrentCompiles, this.compiling);
    try {
      await module?.compileGate?.();
      if (!module || module.compileError) {
        const why =
          module?.compileError ?? (name === undefined ? 'not a fake module' : `unknown module ${name}`);
        throw new NdpError('COMPILE_FAILED', `plugin "${options.pluginId}": ${why}`);
      }
    } finally {
      this.compiling--;
    }
    const exports = Object.keys(module.exports);
    const declared = (module.imports ?? []).map((i) => ({ ...i, kind: 'function' as const }));
    const imports: AnalysedImport[] = name!.startsWith(CONTRACT_PREFIX)
      ? [KERNEL_IMPORT, ...declared]
      : declared;
    const compiled: FakeCompiled = {
      pluginId: options.pluginId,
      hash: await sha256Hex(wasm),
      imports,
      exports,
      usesWasi: imports.some((i) => i.module === 'wasi_snapshot_preview1'),
      hasExport: (e) => exports.includes(e),
      module,
    };
    return compiled;
  }

  async instantiate(plugin: CompiledPlugin, options: InstanceOptions): Promise<PluginInstance> {
    this.assertOpen();
    const { module } = plugin as FakeCompiled;
    const missing = plugin.imports.filter(
      (imp) => imp.module === HOST_USER_MODULE && !options.hostFunctions[imp.name],
    );
    if (missing.length > 0) {
      throw new NdpError(
        'COMPILE_FAILED',
        `plugin "${options.pluginId}" imports host functions that were not provided: ${missing.map((i) => i.name).join(', ')}`,
        { details: { pluginId: options.pluginId } },
      );
    }
    this.instantiations.push(options);
    if (module.start) await this.started(module.start, options);
    const instance = new FakeInstance(module.exports, options);
    this.instances.push(instance);
    return instance;
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  private lookup(name: string): FakeModule | undefined {
    if (!name.startsWith(CONTRACT_PREFIX)) return this.modules.get(name);
    const fixture = name.slice(CONTRACT_PREFIX.length);
    return Object.hasOwn(CONTRACT_FIXTURE_MODULES, fixture)
      ? CONTRACT_FIXTURE_MODULES[fixture as keyof typeof CONTRACT_FIXTURE_MODULES]
      : undefined;
  }

  private async started(start: NonNullable<FakeModule['start']>, options: InstanceOptions): Promise<void> {
    const timeoutMs = options.timeoutMs ?? DEFAULT_INSTANTIATE_TIMEOUT_MS;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new NdpError('GUEST_TIMEOUT', `plugin "${options.pluginId}" did not finish instantiating`, {
              details: { pluginId: options.pluginId },
            }),
          ),
        timeoutMs,
      );
    });
    try {
      await Promise.race([start(options), deadline]);
    } finally {
      clearTimeout(timer);
    }
  }

  private assertOpen(): void {
    if (this.closed) throw new NdpError('ENGINE_CLOSED', 'the fake engine is closed');
  }
}
