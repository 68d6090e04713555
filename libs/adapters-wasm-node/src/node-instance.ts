import { NdpError, type ErrorCode } from '@ndp/domain';
import {
  answerExtismHttp,
  EXTISM_HTTP_CALL,
  resolveGuestOutputLimits,
  type GuestCallOptions,
  type GuestCallResult,
  type GuestOutputLimits,
  type InstanceOptions,
  type PluginInstance,
} from '@ndp/ports';
import type { GuestLogLevel } from './kernel/guest-runtime.js';
import type { PreparedModule } from './module/compile-module.js';
import { STATUS } from './worker/channel.js';
import {
  WorkerDeadline,
  WorkerLost,
  type GuestWorkerHandle,
  type WorkerReply,
} from './worker/guest-worker-handle.js';
import type { WorkerPool } from './worker/worker-pool.js';
import type { GuestExecutor } from './guest-executor.js';

/** The engine side an instance reports to. */
export interface InstanceRegistry {
  readonly instantiateTimeoutMs: number;
  forget(instance: NodeInstance): void;
}

const decoder = new TextDecoder();
const FAILURE_CODES: Record<number, ErrorCode> = {
  [STATUS.trap]: 'GUEST_TRAP',
  [STATUS.memory]: 'GUEST_MEMORY_LIMIT',
  [STATUS.exit]: 'GUEST_EXIT',
  [STATUS.internal]: 'GUEST_TRAP',
};

/**
 * A guest instance of the Node engine, living in one worker. If that worker is terminated because another
 * instance ran past its deadline, this instance is recreated on a live worker before its next call (the call is
 * not failed): guest state is not kept across that, which the stateless plugin contract allows.
 */
export class NodeInstance implements PluginInstance {
  /** Which executor runs this instance (for logs, tests and benchmarks). */
  readonly executor: GuestExecutor = 'worker';
  private worker: GuestWorkerHandle | undefined;
  private lastMemoryBytes = 0;
  private isBroken = false;
  private readonly limits: GuestOutputLimits;

  constructor(
    readonly id: number,
    private readonly prepared: PreparedModule,
    private readonly options: InstanceOptions,
    private readonly registry: InstanceRegistry,
    private readonly pool: WorkerPool,
  ) {
    this.limits = resolveGuestOutputLimits(options);
  }

  get broken(): boolean {
    return this.isBroken;
  }

  memoryBytes(): number {
    return this.lastMemoryBytes;
  }

  /** Creates the guest in a live worker; rejects with GUEST_* or COMPILE_FAILED (link errors) codes. */
  async materialize(): Promise<void> {
    const missing = this.prepared.info.imports.filter(
      (i) => i.module === 'extism:host/user' && i.kind === 'function' && !this.options.hostFunctions[i.name],
    );
    if (missing.length > 0) {
      throw new NdpError(
        'COMPILE_FAILED',
        `plugin "${this.options.pluginId}" imports host functions that were not provided: ${missing.map((i) => i.name).join(', ')}`,
        { details: { pluginId: this.options.pluginId } },
      );
    }
    for (let attempt = 0; ; attempt++) {
      const worker = this.pool.place();
      worker.instances++;
      try {
        const reply = await worker.instantiate(
          {
            instance: this.id,
            pluginId: this.options.pluginId,
            hash: this.prepared.hash,
            module: worker.hasModule(this.prepared.hash) ? undefined : this.prepared.module,
            imports: this.prepared.info.imports.filter((i) => i.kind === 'function'),
            config: { ...this.options.config },
            logLevel: this.options.logLevel,
            memoryLimitBytes: this.prepared.memoryLimitBytes,
            limits: this.limits,
          },
          this.registry.instantiateTimeoutMs,
        );
        if (reply.status !== STATUS.ok) {
          worker.instances--;
          throw this.failure(reply, 'cannot be instantiated');
        }
        this.worker = worker;
        this.lastMemoryBytes = reply.memoryBytes;
        return;
      } catch (e) {
        if (e instanceof WorkerLost && attempt < 3) {
          worker.instances--;
          continue;
        }
        if (e instanceof WorkerDeadline) {
          worker.instances--;
          throw new NdpError(
            'GUEST_TIMEOUT',
            `plugin "${this.options.pluginId}" did not finish instantiating in time`,
            {
              details: { pluginId: this.options.pluginId },
            },
          );
        }
        throw e;
      }
    }
  }

  async call(exportName: string, input: Uint8Array, options: GuestCallOptions): Promise<GuestCallResult> {
    if (this.isBroken) {
      throw new NdpError(
        'INTERNAL',
        `instance of plugin "${this.options.pluginId}" is broken and cannot be called`,
      );
    }
    for (let attempt = 0; ; attempt++) {
      if (!this.worker?.alive) {
        this.release();
        await this.materialize();
      }
      const worker = this.worker!;
      let reply: WorkerReply;
      const started = performance.now();
      try {
        reply = await worker.call(this.id, exportName, input, options.timeoutMs);
      } catch (e) {
        if (e instanceof WorkerLost && attempt < 3) continue;
        this.breakInstance();
        if (e instanceof WorkerDeadline) {
          // Say what happened: the call was stopped, and how long that really took (draining a flood of
          // output, or a busy machine, can take well past the deadline).
          const took = Math.round(performance.now() - started);
          throw new NdpError(
            'GUEST_TIMEOUT',
            `plugin "${this.options.pluginId}" ${exportName} ran past its ${options.timeoutMs} ms deadline ` +
              `and was stopped after ${took} ms`,
            { details: { pluginId: this.options.pluginId, method: exportName, elapsedMs: took } },
          );
        }
        throw e;
      }
      this.lastMemoryBytes = reply.memoryBytes || this.lastMemoryBytes;
      if (reply.status === STATUS.ok) return { ok: true, output: reply.body };
      if (reply.status === STATUS.pluginError) return { ok: false, error: decoder.decode(reply.body) };
      if (reply.status === STATUS.outputTooLarge) {
        throw new NdpError(
          'GUEST_OUTPUT_TOO_LARGE',
          `plugin "${this.options.pluginId}" ${decoder.decode(reply.body)}`,
          {
            details: {
              pluginId: this.options.pluginId,
              method: exportName,
              maxOutputBytes: this.limits.maxOutputBytes,
            },
          },
        );
      }
      this.breakInstance();
      throw this.failure(reply, exportName);
    }
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.release();
    this.isBroken = true;
    this.registry.forget(this);
    if (worker?.alive) await worker.drop(this.id);
  }

  /** Answers a host call of this instance's guest. */
  hostCall(importName: string, request: Uint8Array): Uint8Array | Promise<Uint8Array> {
    if (importName === EXTISM_HTTP_CALL) return answerExtismHttp(this.options.httpRequest, request);
    const fn = this.options.hostFunctions[importName];
    if (!fn)
      throw new Error(`host function ${importName} is not granted to plugin "${this.options.pluginId}"`);
    return fn(request);
  }

  /** Forwards a guest log line to the plugin's logger. */
  log(level: GuestLogLevel, message: string): void {
    if (level !== 'off') this.options.logger[level](message);
  }

  private release(): void {
    if (this.worker) this.worker.instances--;
    this.worker = undefined;
  }

  private breakInstance(): void {
    const worker = this.worker;
    this.release();
    this.isBroken = true;
    this.registry.forget(this);
    if (worker?.alive) void worker.drop(this.id);
  }

  private failure(reply: WorkerReply, what: string): NdpError {
    const code = FAILURE_CODES[reply.status] ?? 'GUEST_TRAP';
    return new NdpError(code, `plugin "${this.options.pluginId}" ${what}: ${decoder.decode(reply.body)}`, {
      details: { pluginId: this.options.pluginId, method: what },
    });
  }
}
