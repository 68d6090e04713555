import {
  GUEST_ENV_MODULE as ENV_MODULE,
  GUEST_LOG_LEVELS,
  HOST_USER_MODULE as USER_MODULE,
  WASI_PREVIEW1_MODULE as WASI_MODULE,
  type ExtismKernelFunction,
} from '@ndp/domain/guest-abi';
import { errorText, httpRequestFrame, LogBudget, readHttpAnswer } from '@ndp/engine-kit/worker';
import type { GuestOutputLimits } from '@ndp/ports';
import { createWasiPreview1, type WasiShim } from '../wasi/wasi-preview1.js';
import { GuestExit } from '../wasi/guest-exit.js';

/** Extism log levels as the guest sees them through `get_log_level`. */
export const LOG_LEVEL = GUEST_LOG_LEVELS;
export type GuestLogLevel = keyof typeof LOG_LEVEL;

/** How a guest call ended when the guest itself did not fail. */
export type GuestOutcome =
  | { readonly ok: true; readonly output: Uint8Array }
  | { readonly ok: false; readonly error: string };

/** Why a guest call failed in a way that makes the instance unusable. */
export type GuestFailureKind = 'trap' | 'memory' | 'exit';

/** A guest failure: the instance that raised it must be discarded. */
export class GuestFailure extends Error {
  override readonly name = 'GuestFailure';
  constructor(
    readonly kind: GuestFailureKind,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * The guest has no function export of that name. Thrown before anything of the guest ran, so the instance is
 * untouched and stays usable; the engine reports NOT_IMPLEMENTED.
 */
class MissingExport extends Error {
  override readonly name = 'MissingExport';
  constructor(readonly exportName: string) {
    super(`the plugin exports no function "${exportName}"`);
  }
}

/**
 * The guest set an output larger than its cap. Not a {@link GuestFailure}: the instance is sound and may serve
 * again; only this call fails (with `GUEST_OUTPUT_TOO_LARGE`).
 */
export class GuestOutputTooLarge extends Error {
  override readonly name = 'GuestOutputTooLarge';
}

/**
 * The name under which `http_request` is forwarded through `hostCall`: the ports' `EXTISM_HTTP_CALL`, spelled out
 * because workers load no workspace package (the engine contract's http_request cases fail if they drift apart).
 */
const HTTP_REQUEST_CALL = 'extism:host/env#http_request';

/** Everything a {@link GuestRuntime} needs; all of it plain data plus callbacks, so it can live in a worker. */
export interface GuestRuntimeOptions {
  readonly guest: WebAssembly.Module;
  readonly kernel: WebAssembly.Module;
  /** Import names the guest declares, by module (from the module analysis). */
  readonly imports: readonly { readonly module: string; readonly name: string }[];
  readonly config: Readonly<Record<string, string>>;
  /** Extism log level number (0 trace … 4 error, 0x7fffffff off): lower levels are not forwarded. */
  readonly logLevel: number;
  /** Ceiling for the guest's own memory and, separately, for its Extism memory. */
  readonly memoryLimitBytes: number;
  /** Upper bound for the total size of an instance's Extism vars. */
  readonly maxVarBytes?: number;
  /** Caps on one call's output, error text and log lines (all fields resolved). */
  readonly limits: GuestOutputLimits;
  readonly log: (level: GuestLogLevel, message: string) => void;
  /**
   * Runs a granted host function synchronously from the guest's point of view; request and response are
   * protobuf bytes. Must not throw for host-side failures (those are in-band in the response). Extism
   * `http_request` comes through here too, named {@link HTTP_REQUEST_CALL}, as a frame of `http-frames.ts`.
   */
  readonly hostCall: (importName: string, request: Uint8Array) => Uint8Array;
  /**
   * Further import modules the guest was rewritten to need (the inline executor's deadline check). Names here
   * are ours, never `env`, and are linked as given.
   */
  readonly extraImports?: WebAssembly.Imports;
}

interface KernelExports {
  readonly memory: WebAssembly.Memory;
  set_limit(bytes: bigint): void;
  reset(): void;
  alloc(n: bigint): bigint;
  length(h: bigint): bigint;
  input_set(h: bigint, n: bigint): void;
  output_offset(): bigint;
  output_length(): bigint;
  error_get(): bigint;
  [name: string]: unknown;
}

/** The kernel functions the kernel module serves itself (the rest of the kernel, e.g. logs and vars, is JavaScript). */
const KERNEL_FUNCTIONS: readonly ExtismKernelFunction[] = [
  'alloc',
  'free',
  'length',
  'length_unsafe',
  'load_u8',
  'load_u64',
  'store_u8',
  'store_u64',
  'input_length',
  'input_load_u8',
  'input_load_u64',
  'input_offset',
  'output_set',
  'error_set',
];
const decoder = new TextDecoder('utf-8');
const encoder = new TextEncoder();

/**
 * One live guest instance speaking the Extism guest ABI, run on the current thread.
 *
 * The Extism memory lives in a small kernel module of ours whose exports are handed straight to the guest as its
 * `extism:host/env` imports, so every byte the guest moves is a wasm→wasm call (see docs/decisions). What needs the
 * host (config, vars, logs, host services) is JavaScript. Extism memory is reset before every call; vars persist
 * for the life of the instance and `var_get` returns a copy.
 */
export class GuestRuntime {
  private readonly kernel: KernelExports;
  private readonly exports: WebAssembly.Exports;
  private readonly memory: WebAssembly.Memory | undefined;
  private readonly wasi: WasiShim | undefined;
  private readonly vars = new Map<string, Uint8Array>();
  private varBytes = 0;
  private kernelBytes: Uint8Array;
  private hasExited = false;
  private readonly logBudget: LogBudget;
  /** What `http_status_code` and `http_headers` answer: the last `http_request` of the current call. */
  private httpStatus = 0;
  private httpHeaders: Uint8Array | undefined;

  constructor(private readonly options: GuestRuntimeOptions) {
    this.logBudget = new LogBudget({
      maxLines: options.limits.maxLogLinesPerCall,
      maxBytes: options.limits.maxLogBytesPerCall,
    });
    this.kernel = new WebAssembly.Instance(options.kernel, {}).exports as unknown as KernelExports;
    this.kernel.set_limit(BigInt(options.memoryLimitBytes));
    this.kernelBytes = new Uint8Array(this.kernel.memory.buffer);
    const imports: WebAssembly.Imports = {};
    const byModule = new Map<string, string[]>();
    for (const i of options.imports) byModule.set(i.module, [...(byModule.get(i.module) ?? []), i.name]);
    if (byModule.has(ENV_MODULE)) imports[ENV_MODULE] = this.envImports();
    if (byModule.has(USER_MODULE)) imports[USER_MODULE] = this.userImports(byModule.get(USER_MODULE)!);
    const memoryRef: { current?: WebAssembly.Memory } = {};
    if (byModule.has(WASI_MODULE)) {
      this.wasi = createWasiPreview1({
        imports: byModule.get(WASI_MODULE)!,
        memory: () => {
          if (!memoryRef.current)
            throw new GuestFailure('trap', 'the plugin uses WASI but exports no memory');
          return memoryRef.current;
        },
        output: {
          stdout: (line) => this.logText('info', line),
          stderr: (line) => this.logText('warn', line),
        },
      });
      imports[WASI_MODULE] = this.wasi.imports as unknown as WebAssembly.ModuleImports;
    }
    Object.assign(imports, options.extraImports);
    const instance = this.guard(() => new WebAssembly.Instance(options.guest, imports));
    this.exports = instance.exports;
    const mem = instance.exports['memory'];
    this.memory = mem instanceof WebAssembly.Memory ? mem : undefined;
    memoryRef.current = this.memory;
    const init = instance.exports['_initialize'];
    if (typeof init === 'function') this.guard(() => (init as () => void)());
    // GHC's runtime must be started before any export runs; Extism calls it right after `_initialize`.
    const hsInit = instance.exports['hs_init'];
    if (typeof hsInit === 'function')
      this.guard(() => (hsInit as (argc: number, argv: number) => void)(0, 0));
    this.flushLogSummary();
  }

  /** Bytes of linear memory the instance holds (guest memory plus its Extism memory). */
  memoryBytes(): number {
    return (this.memory?.buffer.byteLength ?? 0) + this.kernel.memory.buffer.byteLength;
  }

  /** Whether the guest exports a function of that name. */
  hasExport(name: string): boolean {
    return typeof this.exports[name] === 'function';
  }

  /**
   * Calls a guest export with `input` as the Extism input. Resolves the plugin's own failures (`error_set`, a
   * non-zero return code) as `{ ok: false }`; throws {@link GuestFailure} when the guest traps, runs out of memory
   * or exits, after which this instance must not be used again.
   */
  call(exportName: string, input: Uint8Array): GuestOutcome {
    const fn = this.begin(exportName, input);
    let rc: unknown;
    try {
      rc = this.guard(fn);
    } catch (e) {
      const exited = this.exitOutcome(exportName, e);
      if (exited) return exited;
      // The call's one warning about dropped log lines is due even when the guest failed.
      this.wasi?.flush();
      this.flushLogSummary();
      throw e;
    }
    return this.settle(exportName, rc);
  }

  /**
   * True once the guest called `proc_exit(0)`: its call was answered, but the program has ended (its stack was
   * unwound mid-call, so its own bookkeeping may be half-done) and the instance must not be called again.
   */
  get exited(): boolean {
    return this.hasExited;
  }

  /**
   * The outcome of a call that ended in `proc_exit(0)`: a clean exit, so the output (or error text) set so far is
   * the call's answer, as a WASI command's exit status 0 is success. Undefined for anything else that was thrown.
   */
  exitOutcome(exportName: string, e: unknown): GuestOutcome | undefined {
    const exit = e instanceof GuestExit ? e : e instanceof GuestFailure ? e.cause : undefined;
    if (!(exit instanceof GuestExit) || exit.exitCode !== 0) return undefined;
    this.hasExited = true;
    return this.settle(exportName, 0);
  }

  /**
   * First half of {@link call}, for drivers that run the export themselves (the inline executor may enter it
   * several times to resume a suspended call): resets the Extism memory, stores the input and answers the export.
   */
  begin(exportName: string, input: Uint8Array): () => unknown {
    const fn = this.exports[exportName];
    if (typeof fn !== 'function') throw new MissingExport(exportName);
    const k = this.kernel;
    k.reset();
    this.httpStatus = 0;
    this.httpHeaders = undefined;
    if (input.length > 0) {
      const h = k.alloc(BigInt(input.length));
      if (h === 0n)
        throw new GuestFailure('memory', `the ${input.length}-byte input does not fit the memory limit`);
      this.kernelView().set(input, Number(h));
      k.input_set(h, BigInt(input.length));
    } else {
      k.input_set(0n, 0n);
    }
    return fn as () => unknown;
  }

  /**
   * Second half of {@link call}: reads the outcome of an export that returned `rc`. Error text is cut to
   * `maxErrorBytes` before it is decoded; an output over `maxOutputBytes` throws {@link GuestOutputTooLarge}
   * before a byte of it is copied.
   */
  settle(exportName: string, rc: unknown): GuestOutcome {
    this.wasi?.flush();
    this.flushLogSummary();
    const k = this.kernel;
    const { maxErrorBytes, maxOutputBytes } = this.options.limits;
    const errorHandle = k.error_get();
    if (errorHandle !== 0n) {
      const start = Number(errorHandle);
      const length = Number(k.length(errorHandle));
      const kept = this.kernelView().subarray(start, start + Math.min(length, maxErrorBytes + 1));
      return { ok: false, error: errorText(kept, maxErrorBytes, length) };
    }
    if (typeof rc === 'number' && rc !== 0) {
      return { ok: false, error: `the plugin's ${exportName} returned ${rc} without an error message` };
    }
    const out = Number(k.output_offset());
    const len = Number(k.output_length());
    if (out === 0 || len === 0) return { ok: true, output: new Uint8Array(0) };
    const size = Math.min(len, Number(k.length(BigInt(out))));
    if (size > maxOutputBytes) {
      throw new GuestOutputTooLarge(
        `${exportName} set an output of ${size} bytes, over the cap of ${maxOutputBytes} bytes (maxOutputBytes)`,
      );
    }
    return { ok: true, output: this.kernelView().slice(out, out + size) };
  }

  /** An export of the guest instance (for drivers that need the rewritten module's own exports). */
  exported(name: string): unknown {
    return this.exports[name];
  }

  /** The guest's exported memory, if any; read `.buffer` anew after every guest call (growth detaches it). */
  get guestMemory(): WebAssembly.Memory | undefined {
    return this.memory;
  }

  /**
   * Turns anything a guest call threw into a {@link GuestFailure}, flushing pending WASI output first; the
   * instance must be discarded afterwards.
   */
  failure(e: unknown): GuestFailure {
    this.wasi?.flush();
    this.flushLogSummary();
    return this.classify(e);
  }

  /** Logs the call's one warning about dropped log lines, if any, and starts the next call's count. */
  private flushLogSummary(): void {
    const summary = this.logBudget.settle();
    if (summary) this.options.log('warn', summary);
  }

  /** A text line (WASI stdout/stderr) against the call's log caps. */
  private logText(level: GuestLogLevel, line: string): void {
    if (this.logBudget.admit(Buffer.byteLength(line))) this.options.log(level, line);
  }

  private kernelView(): Uint8Array {
    if (this.kernelBytes.buffer !== this.kernel.memory.buffer)
      this.kernelBytes = new Uint8Array(this.kernel.memory.buffer);
    return this.kernelBytes;
  }

  private readBlock(h: bigint): Uint8Array {
    const len = Number(this.kernel.length(h));
    const start = Number(h);
    return this.kernelView().slice(start, start + len);
  }

  /**
   * Copies bytes into a new block. Empty bytes give the NULL handle, except where NULL means "absent" (a config
   * value that is the empty string): then a real block of length 0 is made.
   */
  private storeBlock(bytes: Uint8Array, emptyIsValue = false): bigint {
    if (bytes.length === 0 && !emptyIsValue) return 0n;
    const h = this.kernel.alloc(BigInt(Math.max(1, bytes.length)));
    if (h === 0n) throw new GuestFailure('memory', 'Extism memory is full: the memory limit was reached');
    if (bytes.length === 0) new DataView(this.kernel.memory.buffer).setBigUint64(Number(h) - 8, 0n, true);
    else this.kernelView().set(bytes, Number(h));
    return h;
  }

  private guard<T>(run: () => T): T {
    try {
      return run();
    } catch (e) {
      throw this.classify(e);
    }
  }

  private classify(e: unknown): GuestFailure {
    if (e instanceof GuestFailure) return e;
    if (e instanceof GuestExit) return new GuestFailure('exit', e.message, { cause: e });
    const message = e instanceof Error ? e.message : String(e);
    if (this.nearMemoryLimit()) {
      return new GuestFailure(
        'memory',
        `the plugin reached its memory limit of ${this.options.memoryLimitBytes} bytes (${message})`,
        {
          cause: e,
        },
      );
    }
    if (e instanceof RangeError && /call stack/i.test(message)) {
      return new GuestFailure('trap', `the plugin overflowed its stack (${message})`, { cause: e });
    }
    return new GuestFailure('trap', `the plugin trapped: ${message}`, { cause: e });
  }

  private nearMemoryLimit(): boolean {
    const limit = this.options.memoryLimitBytes;
    const page = 65536;
    const guest = this.memory?.buffer.byteLength ?? 0;
    return guest + page > limit || this.kernel.memory.buffer.byteLength + page > limit;
  }

  private envImports(): WebAssembly.ModuleImports {
    const k = this.kernel;
    const env: WebAssembly.ModuleImports = {};
    for (const name of KERNEL_FUNCTIONS) env[name] = k[name] as WebAssembly.ImportValue;
    const level = this.options.logLevel;
    // The cap is checked on the block's length, before anything is decoded or posted to the main thread.
    const log = (l: GuestLogLevel) => (h: bigint) => {
      if (LOG_LEVEL[l] >= level && this.logBudget.admit(Number(k.length(h))))
        this.options.log(l, decoder.decode(this.readBlock(h)));
    };
    env['log_trace'] = log('trace');
    env['log_debug'] = log('debug');
    env['log_info'] = log('info');
    env['log_warn'] = log('warn');
    env['log_error'] = log('error');
    env['get_log_level'] = () => level;
    env['config_get'] = (keyHandle: bigint) => {
      const key = decoder.decode(this.readBlock(keyHandle));
      const value = Object.prototype.hasOwnProperty.call(this.options.config, key)
        ? this.options.config[key]
        : undefined;
      return value === undefined ? 0n : this.storeBlock(encoder.encode(value), true);
    };
    env['var_get'] = (keyHandle: bigint) => {
      const value = this.vars.get(decoder.decode(this.readBlock(keyHandle)));
      return value === undefined ? 0n : this.storeBlock(value);
    };
    env['var_set'] = (keyHandle: bigint, valueHandle: bigint) => this.setVar(keyHandle, valueHandle);
    env['http_request'] = (requestHandle: bigint, bodyHandle: bigint) =>
      this.httpRequest(requestHandle, bodyHandle);
    env['http_status_code'] = () => this.httpStatus;
    env['http_headers'] = () => (this.httpHeaders ? this.storeBlock(this.httpHeaders) : 0n);
    return env;
  }

  /**
   * Extism `http_request`: the JSON request and body go to the host (which checks the permission, allow list and
   * network guard); the answer's body is returned as a block, its status and headers kept for the next
   * `http_status_code` / `http_headers`. A refusal is an answer with status 0, never a trap.
   */
  private httpRequest(requestHandle: bigint, bodyHandle: bigint): bigint {
    const json = requestHandle === 0n ? new Uint8Array(0) : this.readBlock(requestHandle);
    const body = bodyHandle === 0n ? new Uint8Array(0) : this.readBlock(bodyHandle);
    const reply = this.options.hostCall(HTTP_REQUEST_CALL, httpRequestFrame(json, body));
    // An empty reply is the inline executor suspending the guest: it re-enters this import with the real one.
    if (reply.length === 0) return 0n;
    const answer = readHttpAnswer(reply);
    this.httpStatus = answer.status;
    this.httpHeaders = answer.headersJson;
    return this.storeBlock(answer.body);
  }

  private setVar(keyHandle: bigint, valueHandle: bigint): void {
    const key = decoder.decode(this.readBlock(keyHandle));
    const old = this.vars.get(key);
    if (old) this.varBytes -= old.length;
    this.vars.delete(key);
    if (valueHandle === 0n) return;
    const value = this.readBlock(valueHandle);
    const max = this.options.maxVarBytes ?? 1024 * 1024;
    if (this.varBytes + value.length > max) {
      throw new GuestFailure('memory', `the plugin's vars would exceed ${max} bytes`);
    }
    this.vars.set(key, value);
    this.varBytes += value.length;
  }

  private userImports(names: readonly string[]): WebAssembly.ModuleImports {
    const user: WebAssembly.ModuleImports = {};
    for (const name of names) {
      user[name] = (requestHandle: bigint) => {
        const request = requestHandle === 0n ? new Uint8Array(0) : this.readBlock(requestHandle);
        return this.storeBlock(this.options.hostCall(name, request));
      };
    }
    return user;
  }
}
