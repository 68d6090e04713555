import { ContainerModule } from 'inversify';
import { PLUGIN_ENGINE, type PluginEngine } from '@ndp/ports';
import { ExtismEngine, type ExtismEngineOptions } from './extism-engine.js';

/**
 * Binds the Extism engine as the `PLUGIN_ENGINE` (a singleton, closed when the container unbinds it). The host's
 * composition root loads this module instead of the Node engine's when `Engine = "extism"`.
 *
 * @example
 * ```ts
 * await container.load(createExtismEngineModule({ instantiateTimeoutMs: 10_000 }));
 * ```
 */
export function createExtismEngineModule(options: ExtismEngineOptions = {}): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind<PluginEngine>(PLUGIN_ENGINE)
      .toDynamicValue(() => new ExtismEngine(options))
      .inSingletonScope()
      .onDeactivation((engine) => engine.close());
  });
}
