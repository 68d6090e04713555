import { MessageChannel, Worker, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import {
  DEFAULT_DATA_BYTES,
  HEADER_BYTES,
  SLOT,
  STATE,
  STATUS,
  VIA_PORT,
  readNamed,
  type PortPayload,
} from './layout.js';

/** What the main thread does for a worker: answer host calls and take log lines. */
export interface WorkerLinkHost<Log> {
  /**
   * Answers one host call of the guest `instance` (the instance slot; 0 where a worker holds one guest). A throw
   * or rejection reaches the guest as a failed host call naming the function.
   */
  hostCall(instance: number, importName: string, request: Uint8Array): Uint8Array | Promise<Uint8Array>;
  log(message: Log): void;
}

/** What every worker started by a {@link WorkerLink} finds in `workerData`, besides its engine's own fields. */
export interface WorkerLinkSetup {
  readonly sab: SharedArrayBuffer;
  /** Carries the payloads too large for the data area (and the engine's own setup messages). */
  readonly port: MessagePort;
  /** Carries log lines, drained before every reply so they reach the logger before the call settles. */
  readonly logPort: MessagePort;
}

export interface WorkerLinkOptions {
  /** Polling time before sleeping while a lone request is in flight (0 = always sleep). */
  readonly spinMs?: number;
  /** Size of the data area; payloads over it travel over the port. */
  readonly dataBytes?: number;
}

/** The raw answer of a worker request. */
export interface WorkerReply {
  readonly status: number;
  readonly body: Uint8Array;
  readonly memoryBytes: number;
  /** The instance is gone from the worker after this (ok) reply: the guest called `proc_exit(0)`. */
  readonly ended: boolean;
}

/** The request ran past its deadline; the worker was terminated. */
export class WorkerDeadline extends Error {
  override readonly name = 'WorkerDeadline';
}

/** The worker died (crashed, exited or was terminated) while a request was in flight. */
export class WorkerGone extends Error {
  override readonly name = 'WorkerGone';
}

/** Longest single wait before the channel state is read again. */
const RECHECK_MS = 50;
/** Requests being exchanged with any worker of this process. */
let exchangesInFlight = 0;
const encoder = new TextEncoder();

/**
 * The main thread's side of the channel to one worker thread: it starts the worker, exchanges one request at a
 * time over the shared memory, answers the worker's host calls (which may be async) and enforces the request's
 * deadline by terminating the worker, which stops even a guest that loops forever. Queueing requests is the
 * caller's business: {@link exchange} must not be entered twice at once.
 */
export class WorkerLink<Log> {
  readonly header: Int32Array;
  readonly data: Uint8Array;
  private readonly worker: Worker;
  private readonly port: MessagePort;
  private readonly logPort: MessagePort;
  private readonly spinMs: number;
  private dead = false;
  private deathReason = 'the worker exited';
  private holds = 0;

  constructor(
    entry: URL,
    /** The engine's own fields of `workerData` (structured-cloned; `transfer` lists what moves instead). */
    setup: object,
    private readonly host: WorkerLinkHost<Log>,
    options: WorkerLinkOptions = {},
    transfer: readonly Transferable[] = [],
  ) {
    this.spinMs = options.spinMs ?? 0;
    const sab = new SharedArrayBuffer(HEADER_BYTES + (options.dataBytes ?? DEFAULT_DATA_BYTES));
    this.header = new Int32Array(sab, 0, HEADER_BYTES / 4);
    this.data = new Uint8Array(sab, HEADER_BYTES);
    const control = new MessageChannel();
    const logs = new MessageChannel();
    this.port = control.port1;
    this.logPort = logs.port1;
    const linkSetup: WorkerLinkSetup = { sab, port: control.port2, logPort: logs.port2 };
    this.worker = new Worker(entry, {
      workerData: { ...setup, ...linkSetup },
      transferList: [control.port2, logs.port2, ...transfer] as never,
    });
    this.worker.on('error', (e) => this.markDead(`the worker failed: ${e.message}`));
    this.worker.on('exit', (code) => this.markDead(`the worker exited with code ${code}`));
    this.worker.unref();
  }

  /** False once the worker was terminated or died. */
  get alive(): boolean {
    return !this.dead;
  }

  /** Why the worker is gone (meaningful once {@link alive} is false). */
  get exitReason(): string {
    return this.deathReason;
  }

  /**
   * Keeps the process alive while the worker has work (a waiting worker must not, and `waitAsync` does not).
   * Counted: every hold is matched by one {@link release}.
   */
  hold(): void {
    if (this.holds++ === 0) this.worker.ref();
  }

  release(): void {
    if (--this.holds === 0) this.worker.unref();
  }

  /** Posts an engine message to the worker on the control port (read there before the request it belongs to). */
  post(message: unknown, transfer: readonly Transferable[] = []): void {
    this.port.postMessage(message, transfer as never);
  }

  /** Stops the worker at once, even in the middle of a guest call. Idempotent. */
  async terminate(): Promise<void> {
    this.markDead('the worker was terminated');
    await this.worker.terminate();
  }

  /**
   * Runs one request: `prepare` fills the header (and data area) for it, then the worker is woken and its host
   * calls are answered until it is done. Rejects with {@link WorkerDeadline} once `deadline` (a
   * `performance.now()` time) passed — the worker is then terminated — and with {@link WorkerGone} when the worker
   * died meanwhile.
   */
  async exchange(deadline: number, prepare: () => void): Promise<WorkerReply> {
    exchangesInFlight++;
    try {
      return await this.exchangeOnce(deadline, prepare);
    } finally {
      exchangesInFlight--;
    }
  }

  private markDead(reason: string): void {
    if (!this.dead) this.deathReason = reason;
    this.dead = true;
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
      if (this.dead) return this.gone();
      const remaining = deadline - now;
      if (remaining <= 0) return this.expire();
      // Waits in slices: the state is re-read at least every RECHECK_MS even if a wake-up were ever missed.
      const wait = Atomics.waitAsync(h, SLOT.state, state, Math.min(remaining, RECHECK_MS));
      if (wait.async) await wait.value;
    }
  }

  /** Delivers the guest's log lines posted so far, so they reach the logger before the call settles. */
  private drainLogs(): void {
    for (let m = receiveMessageOnPort(this.logPort); m; m = receiveMessageOnPort(this.logPort)) {
      this.host.log(m.message as Log);
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
    const instance = h[SLOT.instance]!;
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<'expired'>((resolve) => {
      timer = setTimeout(() => resolve('expired'), Math.max(0, deadline - performance.now()));
    });
    let reply: Uint8Array | 'expired';
    let failure: string | undefined;
    try {
      reply = await Promise.race([
        Promise.resolve().then(() => this.host.hostCall(instance, name, body)),
        expired,
      ]);
    } catch (e) {
      reply = new Uint8Array(0);
      failure = `host function ${name} failed: ${e instanceof Error ? e.message : String(e)}`;
    } finally {
      clearTimeout(timer);
    }
    if (reply === 'expired') this.expire();
    const out = failure === undefined ? reply : encoder.encode(failure);
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

  private gone(): never {
    this.drainLogs();
    throw new WorkerGone(this.deathReason);
  }

  private pullPort(): PortPayload {
    const received = receiveMessageOnPort(this.port);
    if (!received) throw new Error('worker protocol error: expected a payload on the control port');
    return received.message as PortPayload;
  }
}
