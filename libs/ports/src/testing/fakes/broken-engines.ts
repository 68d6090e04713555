import type { CompiledPlugin } from '../../compiled-plugin.js';
import type { CompileOptions, InstanceOptions, PluginEngine } from '../../plugin-engine.js';
import type { GuestCallOptions, GuestCallResult, PluginInstance } from '../../plugin-instance.js';
import { FakeEngine } from './fake-engine.js';

/**
 * Deliberately faulty engines around {@link FakeEngine}, each with one defect the engine contract must
 * catch (the spec beside them proves it). Never use them for anything else.
 */
abstract class EngineDecorator implements PluginEngine {
  readonly name = 'broken';
  private readonly inner = new FakeEngine();
  compile(wasm: Uint8Array, options: CompileOptions): Promise<CompiledPlugin> {
    return this.inner.compile(wasm, options);
  }
  async instantiate(plugin: CompiledPlugin, options: InstanceOptions): Promise<PluginInstance> {
    return this.wrap(await this.inner.instantiate(plugin, options));
  }
  close(): Promise<void> {
    return this.inner.close();
  }
  protected abstract wrap(instance: PluginInstance): PluginInstance;
}

/** Defect: a failed instance never reports itself broken, so a pool would reuse it. */
export class NeverBrokenEngine extends EngineDecorator {
  protected wrap(instance: PluginInstance): PluginInstance {
    return {
      broken: false,
      call: (name: string, input: Uint8Array, options: GuestCallOptions) =>
        instance.call(name, input, options),
      memoryBytes: () => instance.memoryBytes(),
      close: () => instance.close(),
    };
  }
}

/** Defect: the plugin error channel is turned into a successful output. */
export class ErrorAsOutputEngine extends EngineDecorator {
  protected wrap(instance: PluginInstance): PluginInstance {
    return {
      get broken() {
        return instance.broken;
      },
      call: async (name: string, input: Uint8Array, options: GuestCallOptions): Promise<GuestCallResult> => {
        const result = await instance.call(name, input, options);
        return result.ok ? result : { ok: true, output: new TextEncoder().encode(result.error) };
      },
      memoryBytes: () => instance.memoryBytes(),
      close: () => instance.close(),
    };
  }
}
