import type { InstanceOptions, PluginInstance } from '@ndp/ports';
import type { PreparedModule } from './module/compile-module.js';
import type { NodeCompiledPlugin } from './node-compiled-plugin.js';

/** Where guest code runs: on the calling thread (`inline`) or in worker threads (`worker`). */
export type ExecutorKind = 'inline' | 'worker';

/**
 * One way of running guests, behind the Node engine. The engine prepares modules (analysis, ceilings, compiled
 * bytes) once for all executors and picks an executor per plugin; the executor makes and runs the instances.
 *
 * Guarantees: `instantiate` either answers an instance, or answers undefined when this executor cannot run the
 * module (the engine then uses the worker executor, which can run every module), or rejects with the port's
 * codes. After `close` no instance of this executor runs and no thread or timer of it keeps the process alive.
 */
export interface GuestExecutor {
  readonly kind: ExecutorKind;
  /** Work to start when a plugin this executor runs is compiled (ahead of its first instantiation). */
  compiled(plugin: NodeCompiledPlugin): Promise<void>;
  /**
   * Makes an instance of `prepared` (the plugin's module under `options.memoryLimitBytes`), by `deadline`
   * (a `performance.now()` reading).
   */
  instantiate(
    plugin: NodeCompiledPlugin,
    prepared: PreparedModule,
    options: InstanceOptions,
    deadline: number,
  ): Promise<PluginInstance | undefined>;
  close(): Promise<void>;
}
