import { NdpError, type ErrorCode } from '@ndp/domain';
import {
  answerExtismHttp,
  EXTISM_HTTP_CALL,
  resolveGuestOutputLimits,
  type GuestCallOptions,
  type GuestCallResult,
  type InstanceOptions,
  type PluginInstance,
} from '@ndp/ports';
import type { ExtismCompiledPlugin } from './extism-compiled-plugin.js';
import type { PreparedModule } from './module/prepare-module.js';
import { requireHostFunctions, STATUS } from '@ndp/engine-kit';
import { ExtismWorkerHandle, type WorkerReply } from './worker/extism-worker-handle.js';

const decoder = new TextDecoder();
const FAILURES: Record<number, ErrorCode> = {
  [STATUS.trap]: 'GUEST_TRAP',
  [STATUS.memory]: 'GUEST_MEMORY_LIMIT',
  [STATUS.exit]: 'GUEST_EXIT',
  [STATUS.timeout]: 'GUEST_TIMEOUT',
  [STATUS.link]: 'COMPILE_FAILED',
  [STATUS.internal]: 'GUEST_TRAP',
};

/**
 * One guest on the Extism SDK, alone in its own worker thread: a deadline terminates that worker without
 * touching any other instance, and a host call blocks only this guest. After any guest failure the worker is
 * terminated and the instance is broken for good (the SDK keeps memory and globals across a trap).
 */
export class ExtismInstance implements PluginInstance {
  private isBroken = false;
  private lastMemoryBytes = 0;

  private constructor(
    private readonly worker: ExtismWorkerHandle,
    private readonly options: InstanceOptions,
    private readonly exportNames: ReadonlySet<string>,
    private readonly onClose: (instance: ExtismInstance) => void,
  ) {}

  /** Starts a worker and creates the guest in it; rejects with COMPILE_FAILED (linking) or a GUEST_* code. */
  static async start(
    plugin: ExtismCompiledPlugin,
    prepared: PreparedModule,
    options: InstanceOptions,
    instantiateTimeoutMs: number,
    onClose: (instance: ExtismInstance) => void,
  ): Promise<ExtismInstance> {
    requireHostFunctions(options.pluginId, plugin.imports, options.hostFunctions);
    const worker = new ExtismWorkerHandle({
      hostCall: (name, request) => grantedHostCall(options, name, request),
      log: ({ level, message }) => options.logger[level](message),
    });
    const instance = new ExtismInstance(worker, options, new Set(plugin.exports), onClose);
    const reply = await worker.init(
      {
        pluginId: options.pluginId,
        module: prepared.module,
        imports: plugin.imports.filter((i) => i.kind === 'function'),
        exports: plugin.exports,
        config: { ...options.config },
        logLevel: options.logLevel,
        memoryLimitBytes: prepared.memoryLimitBytes,
        limits: resolveGuestOutputLimits(options),
      },
      instantiateTimeoutMs,
    );
    if (reply.status !== STATUS.ok) {
      await worker.terminate();
      throw instance.failure(reply, 'cannot be instantiated');
    }
    instance.lastMemoryBytes = reply.memoryBytes;
    return instance;
  }

  get broken(): boolean {
    return this.isBroken;
  }

  memoryBytes(): number {
    return this.lastMemoryBytes;
  }

  async call(exportName: string, input: Uint8Array, options: GuestCallOptions): Promise<GuestCallResult> {
    const pluginId = this.options.pluginId;
    if (this.isBroken) {
      throw new NdpError(
        'INTERNAL',
        `an instance of plugin "${pluginId}" is broken or closed and cannot be called`,
        {
          details: { pluginId, method: exportName },
        },
      );
    }
    if (!this.exportNames.has(exportName)) {
      // Nothing ran: the instance is intact and stays usable.
      throw new NdpError('NOT_IMPLEMENTED', `plugin "${pluginId}" exports no function "${exportName}"`, {
        details: { pluginId, method: exportName },
      });
    }
    const started = performance.now();
    const reply = await this.worker.call(exportName, input, options.timeoutMs);
    if (reply.status === STATUS.outputTooLarge) {
      this.lastMemoryBytes = reply.memoryBytes;
      throw new NdpError('GUEST_OUTPUT_TOO_LARGE', `plugin "${pluginId}" ${decoder.decode(reply.body)}`, {
        details: { pluginId, method: exportName },
      });
    }
    if (reply.status === STATUS.ok || reply.status === STATUS.pluginError) {
      this.lastMemoryBytes = reply.memoryBytes;
      // proc_exit(0) answered the call, but the guest program has ended.
      if (reply.ended) this.breakInstance();
      return reply.status === STATUS.ok
        ? { ok: true, output: reply.body }
        : { ok: false, error: decoder.decode(reply.body) };
    }
    this.breakInstance();
    if (reply.status === STATUS.timeout) {
      // Say what happened and how long it really took (a busy machine can stop a call well past its deadline).
      const took = Math.round(performance.now() - started);
      throw new NdpError(
        'GUEST_TIMEOUT',
        `plugin "${pluginId}" ${exportName} ran past its ${options.timeoutMs} ms deadline and was stopped after ${took} ms`,
        { details: { pluginId, method: exportName, elapsedMs: took } },
      );
    }
    throw this.failure(reply, exportName);
  }

  async close(): Promise<void> {
    if (!this.isBroken) this.breakInstance();
    await this.worker.terminate();
  }

  private breakInstance(): void {
    this.isBroken = true;
    this.onClose(this);
    void this.worker.terminate();
  }

  private failure(reply: WorkerReply, what: string): NdpError {
    const code = FAILURES[reply.status] ?? 'GUEST_TRAP';
    return new NdpError(code, `plugin "${this.options.pluginId}" ${what}: ${decoder.decode(reply.body)}`, {
      details: { pluginId: this.options.pluginId, method: what },
    });
  }
}

/** Runs a granted host function; the worker links only granted names, so a miss is an engine bug. */
function grantedHostCall(
  options: InstanceOptions,
  name: string,
  request: Uint8Array,
): Uint8Array | Promise<Uint8Array> {
  if (name === EXTISM_HTTP_CALL) return answerExtismHttp(options.httpRequest, request);
  const fn = options.hostFunctions[name];
  if (!fn) throw new Error(`host function ${name} is not granted to plugin "${options.pluginId}"`);
  return fn(request);
}
