import createPlugin, { type CallContext, type ExtismPluginOptions, type Plugin } from '@extism/extism';
import { CallState, readBlock, writeBlock } from './call-state.js';
import { GUEST_ENV_MODULE, HOST_USER_MODULE, WASI_PREVIEW1_MODULE } from '@ndp/domain/guest-abi';
import { STATUS } from '@ndp/engine-kit/worker';
import { createExtismEnv, type BoundHostFunction } from './extism-env.js';
import { GuestExitSignal, GuestMemorySignal, HostFunctionFailure } from './guest-signals.js';
import { LogBudget } from '@ndp/engine-kit/worker';
import type { ExtismLogLevelName, InitMessage } from './messages.js';
import { createWasiShim } from './wasi-shim.js';

/** What the session needs from its worker: a blocking host call and a log sink. */
export interface SessionHost {
  /** Runs a host function on the main thread and blocks until it answers; throws {@link HostFunctionFailure}. */
  hostCall(name: string, request: Uint8Array): Uint8Array;
  log(level: ExtismLogLevelName, message: string): void;
}

/** A finished request: a channel status and its body (output, error text or failure message). */
export interface SessionReply {
  readonly status: number;
  readonly body: Uint8Array;
  /** The guest called `proc_exit(0)`: the call is answered, but the guest program has ended. */
  readonly ended?: boolean;
}

/** The name `http_request` is forwarded under: the ports' `EXTISM_HTTP_CALL` (workers load no workspace package). */
const HTTP_REQUEST_CALL = 'extism:host/env#http_request';
const encoder = new TextEncoder();
const reply = (status: number, message: string): SessionReply => ({ status, body: encoder.encode(message) });

/**
 * One Extism SDK plugin (foreground mode) living in a worker thread. The SDK runs the guest and keeps the Extism
 * block store; the session links the host functions, records what the SDK does not report (return code,
 * output length, error text), resets the SDK after every call and classifies failures.
 */
export class ExtismSession {
  private constructor(
    private readonly plugin: Plugin,
    private readonly instance: WebAssembly.Instance,
    private readonly state: CallState,
    private readonly returnCode: { value: number },
    private readonly exports: ReadonlySet<string>,
    private readonly init: InitMessage,
    private readonly logBudget: LogBudget,
    private readonly host: SessionHost,
  ) {}

  /** Creates the plugin; answers a failure reply instead when the module cannot be linked or its start traps. */
  static async create(init: InitMessage, host: SessionHost): Promise<ExtismSession | SessionReply> {
    const state = new CallState();
    const returnCode = { value: 0 };
    const logBudget = new LogBudget({
      maxLines: init.limits.maxLogLinesPerCall,
      maxBytes: init.limits.maxLogBytesPerCall,
    });
    let instance: WebAssembly.Instance | undefined;
    const memory = (): WebAssembly.Memory | undefined => exportedMemory(instance);
    const functions: Record<string, Record<string, BoundHostFunction>> = {
      [GUEST_ENV_MODULE]: createExtismEnv({
        state,
        config: init.config,
        logLevel: init.logLevel,
        memoryLimitBytes: init.memoryLimitBytes,
        logBudget,
        log: host.log,
        httpCall: (frame) => host.hostCall(HTTP_REQUEST_CALL, frame),
      }),
      [HOST_USER_MODULE]: {},
    };
    for (const i of init.imports) {
      if (i.module === HOST_USER_MODULE) {
        functions[HOST_USER_MODULE]![i.name] = (cc: CallContext, handle: bigint) =>
          writeBlock(cc, host.hostCall(i.name, readBlock(cc, handle)));
      }
    }
    // WASI preview 1 only: the load-time import check refuses `wasi_unstable` (IMPORT_UNKNOWN) before compiling.
    const wasiNames = init.imports.filter((i) => i.module === WASI_PREVIEW1_MODULE).map((i) => i.name);
    if (wasiNames.length > 0) functions[WASI_PREVIEW1_MODULE] = createWasiShim(wasiNames, memory);
    const realInstantiate = WebAssembly.instantiate;
    // The SDK drops the export's return code and hides the instance; it instantiates through this global, so
    // the worker (which hosts nothing else) briefly wraps it to keep the instance and record return codes.
    WebAssembly.instantiate = (async (module: WebAssembly.Module, imports: WebAssembly.Imports) => {
      instance = await realInstantiate.call(WebAssembly, module, imports);
      return { exports: recordingExports(instance.exports, returnCode) };
    }) as unknown as typeof WebAssembly.instantiate;
    let plugin: Plugin;
    try {
      plugin = await createPlugin(init.module, {
        // Our functions take typed arguments where the SDK's type says `any[]`; the values are the same.
        functions: functions as unknown as ExtismPluginOptions['functions'],
        config: init.config,
        logger: sdkLogger(host),
      });
      const initialize = instance?.exports['_initialize'];
      if (typeof initialize === 'function') (initialize as () => void)();
      // GHC's runtime must be started before any export runs; Extism calls it right after `_initialize`.
      const hsInit = instance?.exports['hs_init'];
      if (typeof hsInit === 'function') (hsInit as (argc: number, argv: number) => void)(0, 0);
    } catch (e) {
      if (e instanceof WebAssembly.LinkError) return reply(STATUS.link, e.message);
      return classify(e, memory(), init.memoryLimitBytes);
    } finally {
      WebAssembly.instantiate = realInstantiate;
      warnDropped(logBudget, host);
    }
    return new ExtismSession(
      plugin,
      instance!,
      state,
      returnCode,
      new Set(init.exports),
      init,
      logBudget,
      host,
    );
  }

  /** Runs one export. A failure reply (status other than ok/pluginError) leaves the session unusable. */
  async call(name: string, input: Uint8Array): Promise<SessionReply> {
    if (!this.exports.has(name)) return reply(STATUS.internal, `the module exports no function "${name}"`);
    this.state.begin();
    this.returnCode.value = 0;
    let ended = false;
    try {
      await this.plugin.call(name, input);
    } catch (e) {
      // A clean exit is success: what the guest set so far is its answer (as a WASI command's status 0).
      if (!(e instanceof GuestExitSignal && e.exitCode === 0)) {
        return classify(e, exportedMemory(this.instance), this.init.memoryLimitBytes);
      }
      ended = true;
      this.returnCode.value = 0;
    } finally {
      warnDropped(this.logBudget, this.host);
    }
    const ending = this.state.finish(this.returnCode.value, this.init.limits);
    // Blocks are never reused in 1.0.3: without a reset after every call the 16,384th call overflows its handle.
    await this.plugin.reset();
    if (ending.ok) return { status: STATUS.ok, body: ending.output, ended };
    if (ending.outputTooLarge) return { ...reply(STATUS.outputTooLarge, `${name} ${ending.error}`), ended };
    return { status: STATUS.pluginError, body: encoder.encode(ending.error), ended };
  }

  /** The guest's linear memory in bytes (0 if it exports none). */
  memoryBytes(): number {
    return exportedMemory(this.instance)?.buffer.byteLength ?? 0;
  }
}

/** The call's one warning about dropped log lines, if any; starts the next call's count. */
function warnDropped(budget: LogBudget, host: SessionHost): void {
  const summary = budget.settle();
  if (summary) host.log('warn', summary);
}

function exportedMemory(instance: WebAssembly.Instance | undefined): WebAssembly.Memory | undefined {
  if (!instance) return undefined;
  return Object.values(instance.exports).find((e) => e instanceof WebAssembly.Memory);
}

function recordingExports(exports: WebAssembly.Exports, returnCode: { value: number }): WebAssembly.Exports {
  const wrapped: Record<string, WebAssembly.ExportValue> = {};
  for (const [name, value] of Object.entries(exports)) {
    wrapped[name] =
      typeof value === 'function'
        ? (...args: unknown[]) =>
            (returnCode.value = Number((value as (...a: unknown[]) => unknown)(...args)))
        : value;
  }
  return wrapped;
}

/** Classifies why a guest call (or start) failed. */
function classify(e: unknown, memory: WebAssembly.Memory | undefined, limit: number): SessionReply {
  const message = e instanceof Error ? e.message : String(e);
  if (e instanceof GuestExitSignal) return reply(STATUS.exit, message);
  if (e instanceof GuestMemorySignal) return reply(STATUS.memory, message);
  if (e instanceof HostFunctionFailure) return reply(STATUS.trap, message);
  if (e instanceof RangeError && /allocation failed/i.test(message)) return reply(STATUS.memory, message);
  // memory.grow fails quietly at the declared maximum; the guest's allocator then traps. A trap with the
  // memory at its ceiling is therefore the memory limit, not a bug of the guest.
  if (e instanceof WebAssembly.RuntimeError && memory && memory.buffer.byteLength + 65_536 > limit) {
    return reply(STATUS.memory, `linear memory reached its ceiling of ${limit} bytes (${message})`);
  }
  return reply(STATUS.trap, message);
}

/** Messages of the SDK itself (not the guest's logs, which the env replacements handle). */
function sdkLogger(host: SessionHost): Console {
  const error = (...args: unknown[]): void => host.log('error', args.map(String).join(' '));
  return { info: error, debug: error, warn: error, error } as unknown as Console;
}
