import type { CallContext } from '@extism/extism';
import { readBlock, writeBlock, type CallState } from './call-state.js';
import { GuestMemorySignal } from './guest-signals.js';
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
  readonly log: (level: ExtismLogLevelName, message: string) => void;
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
 * - Extism's own HTTP (`http_request`) is refused: plugins reach the network only through granted host services.
 */
export function createExtismEnv(options: EnvOptions): Record<string, BoundHostFunction> {
  const { state, config, logLevel, memoryLimitBytes, log } = options;
  const vars = new Map<string, Uint8Array>();
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
    http_request: () => 0n,
    http_status_code: () => 0,
    http_headers: () => 0n,
  };
  LEVELS.forEach((level, n) => {
    env[`log_${level}`] = (cc: CallContext, handle: bigint) => {
      if (n >= logLevel) log(level, text(cc, handle));
    };
  });
  return env;
}
