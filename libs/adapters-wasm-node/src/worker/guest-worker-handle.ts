import {
  OP,
  SLOT,
  VIA_PORT,
  WorkerDeadline,
  WorkerGone,
  WorkerLink,
  writeNamed,
  type PortPayload,
  type WorkerReply,
} from '@ndp/engine-kit';
import type { InstantiateMessage, WorkerLogMessage } from './messages.js';

export { WorkerDeadline, type WorkerReply } from '@ndp/engine-kit';

/** What the main thread does for a worker: answer host calls and take log lines. */
export interface GuestWorkerHost {
  hostCall(instance: number, importName: string, request: Uint8Array): Promise<Uint8Array>;
  log(message: WorkerLogMessage): void;
}

/** The worker was terminated before this request started; the request can be retried elsewhere. */
export class WorkerLost extends Error {
  override readonly name = 'WorkerLost';
}

/** The request's deadline passed while it was queued behind others on its worker; it never started. */
export class WorkerQueueDeadline extends Error {
  override readonly name = 'WorkerQueueDeadline';
}

/**
 * Resolves where the compiled worker entry lives. Built code finds it next to this file; when the TypeScript
 * sources run directly (tests), worker threads still need JavaScript, which `tsconfig.worker.json` compiles to
 * `dist-worker/` (the test setup does it, and builds the engine kit the worker imports).
 */
export function workerEntryUrl(): URL {
  return import.meta.url.endsWith('.ts')
    ? new URL('../../dist-worker/worker/guest-worker.js', import.meta.url)
    : new URL('./guest-worker.js', import.meta.url);
}

/**
 * The main thread's side of one guest worker: it serializes requests (a worker runs one guest call at a time)
 * over the engine kit's {@link WorkerLink}, which answers the worker's host calls and enforces each request's
 * deadline by terminating the worker.
 */
export class GuestWorkerHandle {
  private readonly link: WorkerLink<WorkerLogMessage>;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly modules = new Set<string>();
  /** Guest calls queued or running. */
  private calls = 0;

  constructor(
    kernel: WebAssembly.Module,
    host: GuestWorkerHost,
    /** Polling time before sleeping, on both sides of the channel (0 = always sleep). */
    spinMs = 0,
    dataBytes?: number,
  ) {
    this.link = new WorkerLink(
      workerEntryUrl(),
      { kernel, spinMs },
      { hostCall: (instance, name, body) => host.hostCall(instance, name, body), log: (m) => host.log(m) },
      { spinMs, ...(dataBytes === undefined ? {} : { dataBytes }) },
    );
  }

  /**
   * True while a guest call is queued or running on this worker (instantiations and drops are short and do not
   * count): a call placed here would wait behind it.
   */
  get busy(): boolean {
    return this.calls > 0;
  }

  /** False once the worker was terminated (deadline, crash or close). */
  get alive(): boolean {
    return this.link.alive;
  }

  /** Whether the worker already holds the compiled module of that hash. */
  hasModule(hash: string): boolean {
    return this.modules.has(hash);
  }

  /** Creates a guest instance in the worker; rejects with the engine's message if instantiation fails. */
  instantiate(message: InstantiateMessage, timeoutMs: number): Promise<WorkerReply> {
    return this.enqueue(timeoutMs, () => {
      this.link.post(message);
      this.modules.add(message.hash);
      this.link.header[SLOT.op] = OP.instantiate;
      this.link.header[SLOT.instance] = message.instance;
    });
  }

  /** Calls an export of an instance living in this worker. */
  call(instance: number, exportName: string, input: Uint8Array, timeoutMs: number): Promise<WorkerReply> {
    this.calls++;
    const reply = this.enqueue(timeoutMs, () => {
      const length = writeNamed(this.link.data, exportName, input);
      if (length === VIA_PORT) this.link.post({ name: exportName, body: input } satisfies PortPayload);
      this.link.header[SLOT.op] = OP.call;
      this.link.header[SLOT.instance] = instance;
      this.link.header[SLOT.length] = length;
    });
    const settled = (): void => {
      this.calls--;
    };
    reply.then(settled, settled);
    return reply;
  }

  /** Frees an instance's memory in the worker. */
  async drop(instance: number): Promise<void> {
    if (!this.link.alive) return;
    await this.enqueue(5_000, () => {
      this.link.header[SLOT.op] = OP.drop;
      this.link.header[SLOT.instance] = instance;
    }).catch(() => undefined);
  }

  /** Terminates the worker; queued requests fail with {@link WorkerLost}. */
  async terminate(): Promise<void> {
    await this.link.terminate();
  }

  /** Queues a request; its deadline runs from now, so time spent behind other requests counts. */
  private enqueue(timeoutMs: number, prepare: () => void): Promise<WorkerReply> {
    const deadline = performance.now() + timeoutMs;
    const run = async (): Promise<WorkerReply> => {
      if (!this.link.alive) throw new WorkerLost('the worker was terminated before this request started');
      if (performance.now() >= deadline) {
        throw new WorkerQueueDeadline(
          `it never started: it waited ${timeoutMs} ms behind other requests on its worker`,
        );
      }
      return this.link.exchange(deadline, prepare).catch((e: unknown) => {
        // A worker that died under a running request is reported as its deadline, as the pool retires it alike.
        if (e instanceof WorkerGone)
          throw new WorkerDeadline('the call ran past its deadline and its worker was terminated');
        throw e;
      });
    };
    this.link.hold();
    const result = this.queue.then(run, run).finally(() => this.link.release());
    this.queue = result.catch(() => undefined);
    return result;
  }
}
