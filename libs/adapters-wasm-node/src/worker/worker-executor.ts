import type { InstanceOptions, PluginInstance } from '@ndp/ports';
import type { GuestExecutor } from '../guest-executor.js';
import type { PreparedModule } from '../module/compile-module.js';
import type { NodeCompiledPlugin } from '../node-compiled-plugin.js';
import type { WorkerLogMessage } from './messages.js';
import { WorkerInstance } from './worker-instance.js';
import { WorkerPool } from './worker-pool.js';

/** What the worker executor takes from the engine's options (documented on `NodeEngineOptions`). */
export interface WorkerExecutorSettings {
  readonly kernel: WebAssembly.Module;
  readonly workers: number;
  readonly maxWorkersPerPlugin: number;
  /** Polling time before sleeping, in ms, on both sides of each worker's channel. */
  readonly spinMs: number;
}

/**
 * The worker executor: guests run in a pool of worker threads, each call a request over the worker's shared
 * channel, each deadline enforced by terminating the worker. It routes the workers' host calls and log lines to
 * the instance they belong to.
 *
 * Guarantees: it runs every module that prepares (no transform); a guest that loops forever fails with
 * GUEST_TIMEOUT at its deadline and only the calls queued on its worker are delayed (they are moved to a fresh
 * worker, never failed); host functions may be asynchronous.
 */
export class WorkerExecutor implements GuestExecutor {
  readonly kind = 'worker';
  private readonly pool: WorkerPool;
  private readonly instances = new Map<number, WorkerInstance>();
  private nextInstance = 1;

  constructor(settings: WorkerExecutorSettings) {
    this.pool = new WorkerPool(
      settings.workers,
      settings.kernel,
      {
        hostCall: (instance, name, request) => this.hostCall(instance, name, request),
        log: (message) => this.log(message),
      },
      settings.spinMs,
      Math.min(settings.maxWorkersPerPlugin, settings.workers),
    );
  }

  /** Nothing to do ahead: workers receive a module with its first instance. */
  async compiled(): Promise<void> {}

  async instantiate(
    _plugin: NodeCompiledPlugin,
    prepared: PreparedModule,
    options: InstanceOptions,
    deadline: number,
  ): Promise<PluginInstance> {
    const instance = new WorkerInstance(this.nextInstance++, prepared, options, this.pool, (gone) =>
      this.instances.delete(gone.id),
    );
    this.instances.set(instance.id, instance);
    try {
      await instance.materialize(Math.max(0, deadline - performance.now()));
    } catch (e) {
      this.instances.delete(instance.id);
      throw e;
    }
    return instance;
  }

  async close(): Promise<void> {
    this.instances.clear();
    await this.pool.close();
  }

  private async hostCall(instance: number, importName: string, request: Uint8Array): Promise<Uint8Array> {
    const owner = this.instances.get(instance);
    if (!owner) throw new Error(`instance ${instance} is gone`);
    return owner.hostCall(importName, request);
  }

  private log(message: WorkerLogMessage): void {
    this.instances.get(message.instance)?.log(message.level, message.message);
  }
}
