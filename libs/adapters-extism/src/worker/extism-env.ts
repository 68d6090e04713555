import type { CallContext } from '@extism/extism';
import { readBlock, writeBlock, type CallState } from './call-state.js';
import { GuestMemorySignal } from './guest-signals.js';
import { httpRequestFrame, readHttpAnswer, type LogBudget } from '@ndp/engine-kit/worker';
import type { ExtismLogLevelName } from './messages.js';

/** The SDK binds every host function with the plugin's call context as the first argument. */
export type BoundHostFunction = (cc: CallContext, ...args: never[]) => unknown;

const LEVELS: readonly ExtismLogLevelName[] = ['trace', 'debug', 'info', 'warn', 'error'];
const decoder = new TextDecoder();
const encoder = new TextEncoder();
const text = (cc: CallContext, handle: bigint): string => decoder.decode(readBlock(cc, handle));

/** What the `extism:host/env` replacements need from the session. */
export interface EnvOptions {
  readonly state: CallState;
  readonly config: Readonly<Record<string, string>>;
  /** Extism level number: 0 trace … 4 error, 0x7fffffff off. */
  readonly logLevel: number;
  /** Ceiling for the Extism memory one call may allocate. */
  readonly memoryLimitBytes: number;
  /** The call's log caps: a line over them is dropped before it is decoded. */
  readonly logBudget: LogBudget;
  readonly log: (level: ExtismLogLevelName, message: string) => void;
  /** Forwards Extism `http_request` (as a frame) to the main thread and blocks for its answer. */
  readonly httpCall: (frame: Uint8Array) => Uint8Array;
}

/** The last `http_request` of a call, for `http_status_code` and `http_headers`. */
interface HttpState {
  status: number;
  headers: Uint8Array | undefined;
}

/**
 * `extism:host/env` functions that replace or add to the SDK's kernel (1.0.3 merges these into its own
 * `extism:host/env` object). The SDK keeps the block store (alloc/load/store/input); we own the rest because
 * 1.0.3 gets it wrong for us:
 * - `output_set` honours its length and `error_set` is recorded (see {@link CallState});
 * - `config_get` answers an empty block for an empty value (the SDK's `store('')` throws);
 * - vars are kept as bytes here, so the per-call `reset()` that avoids the 16,384-call limit cannot leave
 *   them pointing at dropped blocks;
 * - `log_*` honour the instance's level; `log_trace`, `get_log_level` and `http_headers` exist (newer PDKs
 *   import them and would not link on 1.0.3);
 * - `alloc` is bounded by the memory ceiling (the SDK allocates JS ArrayBuffers without limit);
 * - `log_*` count against the per-call caps before decoding;
 * - Extism's own HTTP (`http_request`) goes to the main thread, which performs it only when the plugin may use
 *   HTTP (allow list and network guard applied) and otherwise answers status 0 with the refusal as the body.
 */
export function createExtismEnv(options: EnvOptions): Record<string, BoundHostFunction> {
  const { state, config, logLevel, memoryLimitBytes, log, logBudget } = options;
  const vars = new Map<string, Uint8Array>();
  const http: HttpState = { status: 0, headers: undefined };
  state.onBegin = () => {
    http.status = 0;
    http.headers = undefined;
  };
  const env: Record<string, BoundHostFunction> = {
    alloc: (cc: CallContext, n: bigint) => {
      const size = Number(n);
      if (state.allocated + size > memoryLimitBytes) {
        throw new GuestMemorySignal(
          `the guest asked for ${size} bytes of Extism memory, beyond its ceiling of ${memoryLimitBytes} bytes`,
        );
      }
      state.allocated += size;
      return cc.alloc(size);
    },
    output_set: (cc: CallContext, handle: bigint, length: bigint) => {
      if (cc.read(handle) === null) throw new Error('output_set: unknown block handle');
      const size = cc.length(handle);
      if (length > size) throw new Error(`output_set: length ${length} is longer than the block (${size})`);
      state.setOutput(cc, handle, Number(length));
    },
    error_set: (cc: CallContext, handle: bigint) => state.setError(cc, handle),
    config_get: (cc: CallContext, key: bigint) => {
      const name = text(cc, key);
      return Object.hasOwn(config, name) ? writeBlock(cc, encoder.encode(config[name])) : 0n;
    },
    var_get: (cc: CallContext, key: bigint) => {
      const value = vars.get(text(cc, key));
      return value ? writeBlock(cc, value) : 0n;
    },
    var_set: (cc: CallContext, key: bigint, value: bigint) => {
      const name = text(cc, key);
      if (value === 0n) vars.delete(name);
      else vars.set(name, readBlock(cc, value));
    },
    get_log_level: () => logLevel,
    http_request: (cc: CallContext, request: bigint, body: bigint) => {
      const answer = readHttpAnswer(
        options.httpCall(httpRequestFrame(readBlock(cc, request), readBlock(cc, body))),
      );
      http.status = answer.status;
      http.headers = answer.headersJson;
      return writeBlock(cc, answer.body);
    },
    http_status_code: () => http.status,
    http_headers: (cc: CallContext) => (http.headers ? writeBlock(cc, http.headers) : 0n),
  };
  LEVELS.forEach((level, n) => {
    env[`log_${level}`] = (cc: CallContext, handle: bigint) => {
      if (n < logLevel || handle === 0n) return;
      if (logBudget.admit(Number(cc.length(handle)))) log(level, text(cc, handle));
    };
  });
  return env;
}
