import type { MessagePort } from 'node:worker_threads';
import type { GuestOutputLimits } from '@ndp/ports';

/** What an Extism worker receives as `workerData`. */
export interface ExtismWorkerSetup {
  readonly sab: SharedArrayBuffer;
  /** Control port: the init message and payloads too large for the shared data area. */
  readonly port: MessagePort;
  /** Guest log lines; the main thread drains it synchronously before it settles a request. */
  readonly logPort: MessagePort;
}

/** Names of the log levels the worker forwards, in Extism order. */
export type ExtismLogLevelName = 'trace' | 'debug' | 'info' | 'warn' | 'error';

/** Sent over the control port ahead of the `init` request. */
export interface InitMessage {
  readonly pluginId: string;
  /** The compiled, memory-capped module (structured-cloned to the worker without recompiling). */
  readonly module: WebAssembly.Module;
  /** The module's function imports, so the worker links exactly what the guest asks for. */
  readonly imports: readonly { readonly module: string; readonly name: string }[];
  /** Names of the module's exported functions. */
  readonly exports: readonly string[];
  readonly config: Readonly<Record<string, string>>;
  /** Extism level number: 0 trace … 4 error, 0x7fffffff off. */
  readonly logLevel: number;
  readonly memoryLimitBytes: number;
  /** Output, error-text and log caps, resolved; enforced in the worker, before anything is posted. */
  readonly limits: GuestOutputLimits;
}

/** A guest log line, already filtered by level in the worker. */
export interface LogMessage {
  readonly level: ExtismLogLevelName;
  readonly message: string;
}
