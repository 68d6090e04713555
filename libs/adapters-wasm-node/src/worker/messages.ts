import type { MessagePort } from 'node:worker_threads';
import type { GuestOutputLimits } from '@ndp/ports';
import type { GuestLogLevel } from '../kernel/guest-runtime.js';

/** What a guest worker receives as `workerData`. */
export interface WorkerSetup {
  readonly sab: SharedArrayBuffer;
  /** Control port for payloads too large for the shared data area and for instantiation requests. */
  readonly port: MessagePort;
  /** Guest log lines; the main thread drains it synchronously before it settles a request. */
  readonly logPort: MessagePort;
  readonly kernel: WebAssembly.Module;
  /** How long the worker polls for the next request before sleeping (0 = never). */
  readonly spinMs: number;
}

/** Sent over the control port ahead of an `instantiate` request. */
export interface InstantiateMessage {
  readonly instance: number;
  readonly pluginId: string;
  readonly hash: string;
  /** Present the first time this worker sees the module; workers keep compiled modules by hash. */
  readonly module?: WebAssembly.Module;
  readonly imports: readonly { readonly module: string; readonly name: string }[];
  readonly config: Readonly<Record<string, string>>;
  readonly logLevel: number;
  readonly memoryLimitBytes: number;
  /** Output, error-text and log caps, resolved; enforced in the worker, before anything is posted. */
  readonly limits: GuestOutputLimits;
}

/** A guest log line, posted to the main thread without waiting. */
export interface WorkerLogMessage {
  readonly type: 'log';
  readonly instance: number;
  readonly pluginId: string;
  readonly level: GuestLogLevel;
  readonly message: string;
}
