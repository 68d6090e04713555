import { MessageChannel, Worker, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import {
  DEFAULT_DATA_BYTES,
  HEADER_BYTES,
  OP,
  SLOT,
  STATE,
  STATUS,
  VIA_PORT,
  readNamed,
  writeNamed,
  type PortPayload,
} from './channel.js';
import type { InstantiateMessage, WorkerLogMessage, WorkerSetup } from './messages.js';

/** What the main thread does for a worker: answer host calls and take log lines. */
export interface GuestWorkerHost {
  hostCall(instance: number, importName: string, request: Uint8Array): Promise<Uint8Array>;
  log(message: WorkerLogMessage): void;
}

/** The raw answer of a worker request. */
export interface WorkerReply {
  readonly status: number;
  readonly body: Uint8Array;
  readonly memoryBytes: number;
  /** The instance is gone from the worker after this (ok) reply: the guest called `proc_exit(0)`. */
  readonly ended: boolean;
}

/** Longest single wait before the channel state is read again. */
const RECHECK_MS = 50;
/** Requests being exchanged with any worker of this process. */
let exchangesInFlight = 0;

/** The worker was terminated before this request started; the request can be retried elsewhere. */
export class WorkerLost extends Error {
  override readonly name = 'WorkerLost';
}

/** The request's deadline passed while it was queued behind others on its worker; it never started. */
export class WorkerQueueDeadline extends Error {
  override readonly name = 'WorkerQueueDeadline';
}

/** The request ran past its deadline; the worker was terminated. */
export class WorkerDeadline extends Error {
  override readonly name = 'WorkerDeadline';
}

/**
 * Resolves where the compiled worker entry lives. Built code finds it next to this file; when the TypeScript
 * sources run directly (tests), worker threads still need JavaScript, which `tsconfig.worker.json` compiles to
 * `dist-worker/` (the test setup does it; the worker imports nothing outside this library).
 */
export function workerEntryUrl(): URL {
  return import.meta.url.endsWith('.ts')
    ? new URL('../../dist-worker/worker/guest-worker.js', import.meta.url)
    : new URL('./guest-worker.js', import.meta.url);
}

/**
 * The main thread's side of one guest worker: it serializes requests (a worker runs one guest call at a time),
 * answers the worker's host calls, and enforces each request's deadline by terminating the worker, which stops
 * even a guest that loops forever.
 */
export class GuestWorkerHandle {
  private readonly worker: Worker;
  private readonly header: Int32Array;
  private readonly data: Uint8Array;
  private readonly port: MessagePort;
  private readonly logPort: MessagePort;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly modules = new Set<string>();
  private dead = false;
  /** Requests queued or running; while any is, the worker keeps the process alive (waitAsync does not). */
  private pending = 0;
  /** Guest calls queued or running. */
  private calls = 0;

  constructor(
    kernel: WebAssembly.Module,
    private readonly host: GuestWorkerHost,
    /** Polling time before sleeping, on both sides of the channel (0 = always sleep). */
    private readonly spinMs = 0,
    dataBytes = DEFAULT_DATA_BYTES,
  ) {
    const sab = new SharedArrayBuffer(HEADER_BYTES + dataBytes);
    this.header = new Int32Array(sab, 0, HEADER_BYTES / 4);
    this.data = new Uint8Array(sab, HEADER_BYTES);
    const { port1, port2 } = new MessageChannel();
    const logs = new MessageChannel();
    this.port = port1;
    this.logPort = logs.port1;
    const setup: WorkerSetup = { sab, port: port2, logPort: logs.port2, kernel, spinMs };
    this.worker = new Worker(workerEntryUrl(), { workerData: setup, transferList: [port2, logs.port2] });
    this.worker.on('error', () => this.markDead());
    this.worker.on('exit', () => this.markDead());
    this.worker.unref();
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
    return !this.dead;
  }

  /** Whether the worker already holds the compiled module of that hash. */
  hasModule(hash: string): boolean {
    return this.modules.has(hash);
  }

  /** Creates a guest instance in the worker; rejects with the engine's message if instantiation fails. */
  instantiate(message: InstantiateMessage, timeoutMs: number): Promise<WorkerReply> {
    return this.enqueue(timeoutMs, () => {
      this.port.postMessage(message);
      this.modules.add(message.hash);
      this.header[SLOT.op] = OP.instantiate;
      this.header[SLOT.instance] = message.instance;
    });
  }

  /** Calls an export of an instance living in this worker. */
  call(instance: number, exportName: string, input: Uint8Array, timeoutMs: number): Promise<WorkerReply> {
    this.calls++;
    const reply = this.enqueue(timeoutMs, () => {
      const length = writeNamed(this.data, exportName, input);
      if (length === VIA_PORT) this.port.postMessage({ name: exportName, body: input } satisfies PortPayload);
      this.header[SLOT.op] = OP.call;
      this.header[SLOT.instance] = instance;
      this.header[SLOT.length] = length;
    });
    const settled = (): void => {
      this.calls--;
    };
    reply.then(settled, settled);
    return reply;
  }

  /** Frees an instance's memory in the worker. */
  async drop(instance: number): Promise<void> {
    if (this.dead) return;
    await this.enqueue(5_000, () => {
      this.header[SLOT.op] = OP.drop;
      this.header[SLOT.instance] = instance;
    }).catch(() => undefined);
  }

  /** Terminates the worker; queued requests fail with {@link WorkerLost}. */
  async terminate(): Promise<void> {
    this.markDead();
    await this.worker.terminate();
  }

  private markDead(): void {
    this.dead = true;
  }

  /** Queues a request; its deadline runs from now, so time spent behind other requests counts. */
  private enqueue(timeoutMs: number, prepare: () => void): Promise<WorkerReply> {
    const deadline = performance.now() + timeoutMs;
    const run = async (): Promise<WorkerReply> => {
      if (this.dead) throw new WorkerLost('the worker was terminated before this request started');
      if (performance.now() >= deadline) {
        throw new WorkerQueueDeadline(
          `it never started: it waited ${timeoutMs} ms behind other requests on its worker`,
        );
      }
      return this.exchange(deadline, prepare);
    };
    if (this.pending++ === 0) this.worker.ref();
    const result = this.queue.then(run, run).finally(() => {
      if (--this.pending === 0) this.worker.unref();
    });
    this.queue = result.catch(() => undefined);
    return result;
  }

  private async exchange(deadline: number, prepare: () => void): Promise<WorkerReply> {
    exchangesInFlight++;
    try {
      return await this.exchangeOnce(deadline, prepare);
    } finally {
      exchangesInFlight--;
    }
  }

  private async exchangeOnce(deadline: number, prepare: () => void): Promise<WorkerReply> {
    const h = this.header;
    prepare();
    Atomics.store(h, SLOT.state, STATE.request);
    Atomics.notify(h, SLOT.state);
    // A lone short call answers within microseconds: poll that long before parking on the event loop. With other
    // requests in flight the main thread has better things to do than spin.
    const spinFor = exchangesInFlight === 1 ? this.spinMs : 0;
    let spinUntil = spinFor > 0 ? performance.now() + spinFor : 0;
    for (;;) {
      const state = Atomics.load(h, SLOT.state);
      if (state === STATE.done) return this.takeReply();
      if (state === STATE.hostCall) {
        await this.answerHostCall(deadline);
        if (spinFor > 0) spinUntil = performance.now() + spinFor;
        continue;
      }
      const now = performance.now();
      if (now < spinUntil) continue;
      const remaining = deadline - now;
      if (remaining <= 0 || this.dead) return this.expire();
      // Waits in slices: the state is re-read at least every RECHECK_MS even if a wake-up were ever missed.
      const wait = Atomics.waitAsync(h, SLOT.state, state, Math.min(remaining, RECHECK_MS));
      if (wait.async) await wait.value;
    }
  }

  /** Delivers the guest's log lines posted so far, so they reach the logger before the call settles. */
  private drainLogs(): void {
    for (let m = receiveMessageOnPort(this.logPort); m; m = receiveMessageOnPort(this.logPort)) {
      this.host.log(m.message as WorkerLogMessage);
    }
  }

  private takeReply(): WorkerReply {
    this.drainLogs();
    const h = this.header;
    const length = h[SLOT.length]!;
    const body = length === VIA_PORT ? this.pullPort().body : this.data.slice(0, length);
    const reply = {
      status: h[SLOT.status]!,
      body,
      memoryBytes: h[SLOT.memoryKiB]! * 1024,
      ended: h[SLOT.ended] === 1,
    };
    Atomics.store(h, SLOT.state, STATE.idle);
    return reply;
  }

  private async answerHostCall(deadline: number): Promise<void> {
    this.drainLogs();
    const h = this.header;
    const length = h[SLOT.length]!;
    const { name, body } = length === VIA_PORT ? this.pullPort() : readNamed(this.data, length);
    const remaining = deadline - performance.now();
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<'expired'>((resolve) => {
      timer = setTimeout(() => resolve('expired'), Math.max(0, remaining));
    });
    let reply: Uint8Array | 'expired';
    let failure: string | undefined;
    try {
      reply = await Promise.race([this.host.hostCall(h[SLOT.instance]!, name, body), expired]);
    } catch (e) {
      reply = new Uint8Array(0);
      failure = `host function ${name} failed: ${e instanceof Error ? e.message : String(e)}`;
    } finally {
      clearTimeout(timer);
    }
    if (reply === 'expired') {
      this.expire();
      return;
    }
    const out = failure === undefined ? reply : new TextEncoder().encode(failure);
    const written = out.length <= this.data.length ? out.length : VIA_PORT;
    if (written === VIA_PORT) this.port.postMessage({ name: '', body: out } satisfies PortPayload);
    else this.data.set(out, 0);
    h[SLOT.length] = written;
    h[SLOT.status] = failure === undefined ? STATUS.ok : STATUS.internal;
    Atomics.store(h, SLOT.state, STATE.hostReply);
    Atomics.notify(h, SLOT.state);
  }

  private expire(): never {
    this.drainLogs();
    void this.terminate();
    throw new WorkerDeadline('the call ran past its deadline and its worker was terminated');
  }

  private pullPort(): PortPayload {
    const received = receiveMessageOnPort(this.port);
    if (!received) throw new Error('worker protocol error: expected a payload on the control port');
    return received.message as PortPayload;
  }
}
