import {
  OP,
  SLOT,
  STATUS,
  VIA_PORT,
  WorkerDeadline,
  WorkerGone,
  WorkerLink,
  writeNamed,
  type PortPayload,
  type WorkerReply,
} from '@ndp/engine-kit';
import type { InitMessage, LogMessage } from './messages.js';

export type { WorkerReply } from '@ndp/engine-kit';

/** What the main thread does for its worker: answer host calls and take log lines. */
export interface WorkerHost {
  hostCall(name: string, request: Uint8Array): Uint8Array | Promise<Uint8Array>;
  log(message: LogMessage): void;
}

const encoder = new TextEncoder();

/**
 * Where the compiled worker entry lives. Built code finds it next to this file. When the TypeScript sources run
 * directly (tests), worker threads still need JavaScript, which `tsconfig.worker.json` compiles to `dist-worker/`.
 */
export function extismWorkerUrl(): URL {
  return import.meta.url.endsWith('.ts')
    ? new URL('../../dist-worker/worker/extism-worker.js', import.meta.url)
    : new URL('./extism-worker.js', import.meta.url);
}

/**
 * The main thread's side of one Extism worker, over the engine kit's {@link WorkerLink}. It runs one request at
 * a time; when a request runs past its deadline the worker is terminated, `request` answers `STATUS.timeout`, and
 * the worker is gone for good.
 */
export class ExtismWorkerHandle {
  private readonly link: WorkerLink<LogMessage>;
  private busy = false;

  constructor(host: WorkerHost) {
    this.link = new WorkerLink(
      extismWorkerUrl(),
      {},
      { hostCall: (_instance, name, request) => host.hostCall(name, request), log: (m) => host.log(m) },
    );
  }

  /** False once the worker was terminated or died. */
  get alive(): boolean {
    return this.link.alive;
  }

  /** Creates the guest in the worker. */
  init(message: InitMessage, timeoutMs: number): Promise<WorkerReply> {
    return this.request(timeoutMs, () => {
      this.link.post(message);
      this.link.header[SLOT.op] = OP.instantiate;
    });
  }

  /** Calls an export of the guest. */
  call(exportName: string, input: Uint8Array, timeoutMs: number): Promise<WorkerReply> {
    return this.request(timeoutMs, () => {
      const length = writeNamed(this.link.data, exportName, input);
      if (length === VIA_PORT) this.link.post({ name: exportName, body: input } satisfies PortPayload);
      this.link.header[SLOT.op] = OP.call;
      this.link.header[SLOT.length] = length;
    });
  }

  /** Stops the worker at once, even in the middle of a guest call. Idempotent. */
  async terminate(): Promise<void> {
    await this.link.terminate();
  }

  private async request(timeoutMs: number, prepare: () => void): Promise<WorkerReply> {
    if (this.busy) throw new Error('an Extism instance runs one call at a time');
    if (!this.link.alive) return failed(STATUS.internal, this.link.exitReason);
    this.busy = true;
    this.link.hold();
    try {
      return await this.link.exchange(performance.now() + timeoutMs, prepare);
    } catch (e) {
      if (e instanceof WorkerDeadline) return failed(STATUS.timeout, e.message);
      if (e instanceof WorkerGone) return failed(STATUS.internal, e.message);
      throw e;
    } finally {
      this.busy = false;
      this.link.release();
    }
  }
}

function failed(status: number, message: string): WorkerReply {
  return { status, body: encoder.encode(message), memoryBytes: 0, ended: false };
}
