import { ContainerModule } from 'inversify';
import { MODULE_CACHE, PLUGIN_ENGINE, type ModuleCache, type PluginEngine } from '@ndp/ports';
import { NodeEngine, type NodeEngineOptions } from './node-engine.js';

/**
 * Binds the Node engine as the `PLUGIN_ENGINE` (a singleton). When a `MODULE_CACHE` is bound, the engine keeps
 * analysed and memory-capped modules in it between runs.
 */
export function createNodeEngineModule(
  options: Omit<NodeEngineOptions, 'moduleCache'> = {},
): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind<PluginEngine>(PLUGIN_ENGINE)
      .toDynamicValue((ctx) => {
        const moduleCache = ctx.get<ModuleCache | undefined>(MODULE_CACHE, { optional: true });
        return new NodeEngine({ ...options, ...(moduleCache ? { moduleCache } : {}) });
      })
      .inSingletonScope()
      .onDeactivation((engine) => engine.close());
  });
}
