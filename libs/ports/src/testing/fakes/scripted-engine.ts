import { NdpError } from '@ndp/domain';
import type { AnalysedImport, CompiledPlugin } from '../../compiled-plugin.js';
import type { CompileOptions, InstanceOptions, PluginEngine } from '../../plugin-engine.js';
import type { PluginInstance } from '../../plugin-instance.js';
import {
  ENGINE_FIXTURE_NAMES,
  type EngineContractFixtures,
  type EngineFixtureName,
} from '../engine-fixtures.js';
import { sha256Hex } from '../engine-harness.js';
import { ScriptedInstance } from './scripted-instance.js';

const PREFIX = 'scripted-fixture:';
const fn = (module: string, name: string): AnalysedImport => ({ module, name, kind: 'function' });
const EXTRA_IMPORTS: Partial<Record<EngineFixtureName, AnalysedImport>> = {
  host_echo: fn('extism:host/user', 'test_echo'),
  wasi: fn('wasi_snapshot_preview1', 'fd_write'),
  exit: fn('wasi_snapshot_preview1', 'proc_exit'),
  exit_zero: fn('wasi_snapshot_preview1', 'proc_exit'),
  host_loop: fn('extism:host/user', 'test_echo'),
};
/** Fixtures whose start function or `_initialize` never returns: instantiating them can only time out. */
const LOOPING_STARTS: ReadonlySet<EngineFixtureName> = new Set(['start_loop', 'init_loop']);
const DEFAULT_INSTANTIATE_TIMEOUT_MS = 10_000;

/** Fixtures for {@link ScriptedEngine}: each "module" is just the fixture's name. */
export const scriptedFixtures: EngineContractFixtures = {
  wasm: async (name) => new TextEncoder().encode(PREFIX + name),
};

/**
 * A stand-in engine that runs no WebAssembly: it recognises the contract's fixture plugins by name
 * ({@link scriptedFixtures}) and plays their documented behaviour in JavaScript.
 *
 * Why it exists: the engine contract cases are written before any real engine; running them against a correct
 * stand-in (and against broken variants) proves the cases themselves are consistent and can fail. It is not a
 * model of a real engine's timing or memory, and it accepts no other module.
 */
export class ScriptedEngine implements PluginEngine {
  readonly name = 'scripted';
  private closed = false;

  async compile(wasm: Uint8Array, options: CompileOptions): Promise<CompiledPlugin> {
    this.assertOpen();
    const source = new TextDecoder().decode(wasm);
    const fixture = ENGINE_FIXTURE_NAMES.find((n) => source === PREFIX + n);
    if (!fixture)
      throw new NdpError('COMPILE_FAILED', `plugin "${options.pluginId}": not a scripted fixture`);
    const extra = EXTRA_IMPORTS[fixture];
    const imports = [fn('extism:host/env', 'input_length'), ...(extra ? [extra] : [])];
    return {
      pluginId: options.pluginId,
      hash: await sha256Hex(wasm),
      imports,
      exports: [fixture],
      usesWasi: imports.some((i) => i.module === 'wasi_snapshot_preview1'),
      hasExport: (name) => name === fixture,
    };
  }

  async instantiate(plugin: CompiledPlugin, options: InstanceOptions): Promise<PluginInstance> {
    this.assertOpen();
    for (const imp of plugin.imports) {
      if (imp.module === 'extism:host/user' && !options.hostFunctions[imp.name]) {
        throw new Error(`plugin "${options.pluginId}" needs host function ${imp.name}`);
      }
    }
    const fixture = plugin.exports[0] as EngineFixtureName;
    if (LOOPING_STARTS.has(fixture)) {
      await new Promise((resolve) =>
        setTimeout(resolve, options.timeoutMs ?? DEFAULT_INSTANTIATE_TIMEOUT_MS),
      );
      throw new NdpError('GUEST_TIMEOUT', `plugin "${options.pluginId}" did not finish instantiating`);
    }
    return new ScriptedInstance(fixture, options);
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  private assertOpen(): void {
    if (this.closed) throw new NdpError('ENGINE_CLOSED', 'the scripted engine is closed');
  }
}
