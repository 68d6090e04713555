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
import type { GuestLogLevel } from '../kernel/guest-runtime.js';
import type { PreparedModule } from '../module/compile-module.js';
import type { ExecutorKind } from '../guest-executor.js';
import { missingExport } from '../missing-export.js';
import { instantiateTimeout } from '../instantiate-timeout.js';
import { requireHostFunctions, STATUS } from '@ndp/engine-kit';
import { WorkerDeadline, WorkerLost, WorkerQueueDeadline, type WorkerReply } from './guest-worker-handle.js';
import { ShareDeadline } from './plugin-share.js';
import type { WorkerPool, WorkerSeat } from './worker-pool.js';

const decoder = new TextDecoder();
const FAILURE_CODES: Record<number, ErrorCode> = {
  [STATUS.trap]: 'GUEST_TRAP',
  [STATUS.memory]: 'GUEST_MEMORY_LIMIT',
  [STATUS.exit]: 'GUEST_EXIT',
  [STATUS.internal]: 'GUEST_TRAP',
};

/**
 * An instance of the worker executor: its guest lives in one worker of the pool, on a seat the pool gave it. If
 * that worker is terminated because another instance ran past its deadline, or is busy with another instance's
 * call while another worker is idle, this instance is recreated on another worker before its next call (the call
 * is not failed): guest state is not kept across that, which the stateless plugin contract allows.
 */
export class WorkerInstance implements PluginInstance {
  /** Which executor runs this instance (for logs, tests and benchmarks). */
  readonly executor: ExecutorKind = 'worker';
  private seat: WorkerSeat | undefined;
  private lastMemoryBytes = 0;
  private isBroken = false;
  private readonly limits: GuestOutputLimits;

  constructor(
    readonly id: number,
    private readonly prepared: PreparedModule,
    private readonly options: InstanceOptions,
    private readonly pool: WorkerPool,
    /** Called once when the instance is closed or broken. */
    private readonly onGone: (instance: WorkerInstance) => void,
  ) {
    this.limits = resolveGuestOutputLimits(options);
  }

  get broken(): boolean {
    return this.isBroken;
  }

  memoryBytes(): number {
    return this.lastMemoryBytes;
  }

  /**
   * Creates the guest in a live worker within `timeoutMs` (its start function included, and any wait for the
   * plugin's share of the workers); rejects with GUEST_* or COMPILE_FAILED (link errors) codes.
   */
  async materialize(timeoutMs: number): Promise<void> {
    requireHostFunctions(this.options.pluginId, this.prepared.info.imports, this.options.hostFunctions);
    const deadline = performance.now() + timeoutMs;
    const done = await this.admitted(deadline, 'instantiating', (why) =>
      instantiateTimeout(this.options.pluginId, timeoutMs, undefined, why),
    );
    try {
      await this.materializeOn(deadline, timeoutMs, this.pool.seat());
    } finally {
      done();
    }
  }

  async call(exportName: string, input: Uint8Array, options: GuestCallOptions): Promise<GuestCallResult> {
    if (this.isBroken) {
      throw new NdpError(
        'INTERNAL',
        `instance of plugin "${this.options.pluginId}" is broken and cannot be called`,
      );
    }
    if (!this.prepared.info.exports.some((e) => e.name === exportName && e.kind === 'function')) {
      throw missingExport(this.options.pluginId, exportName);
    }
    // The deadline runs from here: waiting for the plugin's share of the workers, or behind another request on
    // the worker, is part of the call.
    const started = performance.now();
    const deadline = started + options.timeoutMs;
    // Say what happened and how long it really took (draining a flood of output, or a busy machine, can take well
    // past the deadline); `why` is set when the guest never started (it waited for a worker).
    const timeout = (why?: string): NdpError => {
      const took = Math.round(performance.now() - started);
      return new NdpError(
        'GUEST_TIMEOUT',
        why
          ? `plugin "${this.options.pluginId}" ${exportName} could not start within its ${options.timeoutMs} ms ` +
            `deadline (waited ${took} ms): ${why}`
          : `plugin "${this.options.pluginId}" ${exportName} ran past its ${options.timeoutMs} ms deadline ` +
            `and was stopped after ${took} ms`,
        { details: { pluginId: this.options.pluginId, method: exportName, elapsedMs: took } },
      );
    };
    const done = await this.admitted(deadline, exportName, timeout);
    try {
      return await this.callAdmitted(exportName, input, deadline, options.timeoutMs, timeout);
    } finally {
      done();
    }
  }

  /** Waits for the plugin's share of the workers; past the deadline, the error `timeout` makes (nothing ran). */
  private async admitted(
    deadline: number,
    what: string,
    timeout: (why: string) => NdpError,
  ): Promise<() => void> {
    try {
      return await this.pool.admit(this.options.pluginId, deadline);
    } catch (e) {
      if (e instanceof ShareDeadline) throw timeout(e.message);
      throw new NdpError('INTERNAL', `plugin "${this.options.pluginId}" ${what}: ${String(e)}`, { cause: e });
    }
  }

  private async callAdmitted(
    exportName: string,
    input: Uint8Array,
    deadline: number,
    timeoutMs: number,
    timeout: (why?: string) => NdpError,
  ): Promise<GuestCallResult> {
    for (let attempt = 0; ; attempt++) {
      const moved = this.pool.reseat(this.seat);
      if (moved) {
        // Lost its worker, or the worker is taken (by another plugin's long call) while another one is free:
        // the guest is made afresh on the new seat (plugins are stateless between calls by contract).
        const old = this.seat?.worker;
        this.release();
        if (old?.alive) void old.drop(this.id);
        await this.materializeOn(deadline, timeoutMs, moved);
      }
      const worker = this.seat!.worker;
      const remaining = deadline - performance.now();
      if (remaining <= 0) throw timeout('it never started: its deadline passed while it waited for a worker');
      let reply: WorkerReply;
      try {
        reply = await worker.call(this.id, exportName, input, remaining);
      } catch (e) {
        if (e instanceof WorkerLost && attempt < 3) continue;
        // Never started: the instance is intact.
        if (e instanceof WorkerQueueDeadline) throw timeout(e.message);
        this.breakInstance();
        if (e instanceof WorkerDeadline) throw timeout();
        throw e;
      }
      this.lastMemoryBytes = reply.memoryBytes || this.lastMemoryBytes;
      if (reply.ended) this.breakInstance();
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

  /**
   * Creates the guest on `first`'s worker (on a fresh seat if that worker is lost meanwhile), by `deadline`;
   * `timeoutMs` is for the error message. The instance keeps the seat it succeeded on; failed seats are released.
   */
  private async materializeOn(deadline: number, timeoutMs: number, first: WorkerSeat): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      const seat = attempt === 0 ? first : this.pool.seat();
      const worker = seat.worker;
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
          Math.max(0, deadline - performance.now()),
        );
        if (reply.status !== STATUS.ok) throw this.failure(reply, 'cannot be instantiated');
        this.seat = seat;
        this.lastMemoryBytes = reply.memoryBytes;
        return;
      } catch (e) {
        seat.release();
        if (e instanceof WorkerLost && attempt < 3) continue;
        if (e instanceof WorkerDeadline || e instanceof WorkerQueueDeadline) {
          const why = e instanceof WorkerQueueDeadline ? e.message : undefined;
          throw instantiateTimeout(this.options.pluginId, timeoutMs, e, why);
        }
        throw e;
      }
    }
  }

  async close(): Promise<void> {
    const worker = this.seat?.worker;
    this.release();
    this.isBroken = true;
    this.onGone(this);
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
    this.seat?.release();
    this.seat = undefined;
  }

  private breakInstance(): void {
    const worker = this.seat?.worker;
    this.release();
    this.isBroken = true;
    this.onGone(this);
    if (worker?.alive) void worker.drop(this.id);
  }

  private failure(reply: WorkerReply, what: string): NdpError {
    const code = FAILURE_CODES[reply.status] ?? 'GUEST_TRAP';
    return new NdpError(code, `plugin "${this.options.pluginId}" ${what}: ${decoder.decode(reply.body)}`, {
      details: { pluginId: this.options.pluginId, method: what },
    });
  }
}
