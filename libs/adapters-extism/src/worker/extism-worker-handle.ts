import { MessageChannel, Worker, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import {
  DATA_BYTES,
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
import type { ExtismWorkerSetup, InitMessage, LogMessage } from './messages.js';

/** What the main thread does for its worker: answer host calls and take log lines. */
export interface WorkerHost {
  hostCall(name: string, request: Uint8Array): Uint8Array | Promise<Uint8Array>;
  log(message: LogMessage): void;
}

/** The raw answer to a request. */
export interface WorkerReply {
  readonly status: number;
  readonly body: Uint8Array;
  readonly memoryBytes: number;
  /** The guest ended with this (answered) call: it called `proc_exit(0)`. */
  readonly ended?: boolean;
}

/** Longest single wait before the channel state is read again (guards against a missed wake-up). */
const RECHECK_MS = 50;
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
 * The main thread's side of one Extism worker. It runs one request at a time, answers the worker's host calls
 * (which may be async), and enforces each request's deadline by terminating the worker: `request` then answers
 * `STATUS.timeout`, and the worker is gone for good.
 */
export class ExtismWorkerHandle {
  private readonly worker: Worker;
  private readonly header: Int32Array;
  private readonly data: Uint8Array;
  private readonly port: MessagePort;
  private readonly logPort: MessagePort;
  private busy = false;
  private dead = false;
  private exitReason = 'the worker exited';

  constructor(private readonly host: WorkerHost) {
    const sab = new SharedArrayBuffer(HEADER_BYTES + DATA_BYTES);
    this.header = new Int32Array(sab, 0, HEADER_BYTES / 4);
    this.data = new Uint8Array(sab, HEADER_BYTES);
    const control = new MessageChannel();
    const logs = new MessageChannel();
    this.port = control.port1;
    this.logPort = logs.port1;
    const setup: ExtismWorkerSetup = { sab, port: control.port2, logPort: logs.port2 };
    this.worker = new Worker(extismWorkerUrl(), {
      workerData: setup,
      transferList: [control.port2, logs.port2],
    });
    this.worker.on('error', (e) => this.markDead(`the worker failed: ${e.message}`));
    this.worker.on('exit', (code) => this.markDead(`the worker exited with code ${code}`));
    this.worker.unref();
  }

  /** False once the worker was terminated or died. */
  get alive(): boolean {
    return !this.dead;
  }

  /** Creates the guest in the worker. */
  init(message: InitMessage, timeoutMs: number): Promise<WorkerReply> {
    return this.request(timeoutMs, () => {
      this.port.postMessage(message);
      this.header[SLOT.op] = OP.init;
    });
  }

  /** Calls an export of the guest. */
  call(exportName: string, input: Uint8Array, timeoutMs: number): Promise<WorkerReply> {
    return this.request(timeoutMs, () => {
      const length = writeNamed(this.data, exportName, input);
      if (length === VIA_PORT) this.port.postMessage({ name: exportName, body: input } satisfies PortPayload);
      this.header[SLOT.op] = OP.call;
      this.header[SLOT.length] = length;
    });
  }

  /** Stops the worker at once, even in the middle of a guest call. Idempotent. */
  async terminate(): Promise<void> {
    this.markDead('the worker was terminated');
    await this.worker.terminate();
  }

  private markDead(reason: string): void {
    if (!this.dead) this.exitReason = reason;
    this.dead = true;
  }

  private async request(timeoutMs: number, prepare: () => void): Promise<WorkerReply> {
    if (this.busy) throw new Error('an Extism instance runs one call at a time');
    if (this.dead) return this.failed(STATUS.internal, this.exitReason);
    this.busy = true;
    // A worker waiting for work must not keep the process alive; one doing work must.
    this.worker.ref();
    try {
      return await this.exchange(performance.now() + timeoutMs, prepare);
    } finally {
      this.busy = false;
      this.worker.unref();
    }
  }

  private async exchange(deadline: number, prepare: () => void): Promise<WorkerReply> {
    const h = this.header;
    prepare();
    Atomics.store(h, SLOT.state, STATE.request);
    Atomics.notify(h, SLOT.state);
    for (;;) {
      const state = Atomics.load(h, SLOT.state);
      if (state === STATE.done) return this.takeReply();
      if (state === STATE.hostCall) {
        if (!(await this.answerHostCall(deadline))) return this.expire();
        continue;
      }
      if (this.dead) return this.failed(STATUS.internal, this.exitReason);
      const remaining = deadline - performance.now();
      if (remaining <= 0) return this.expire();
      const wait = Atomics.waitAsync(h, SLOT.state, state, Math.min(remaining, RECHECK_MS));
      if (wait.async) await wait.value;
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

  /** Answers one host call; false when the deadline passed first. */
  private async answerHostCall(deadline: number): Promise<boolean> {
    this.drainLogs();
    const h = this.header;
    const length = h[SLOT.length]!;
    const { name, body } = length === VIA_PORT ? this.pullPort() : readNamed(this.data, length);
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<'expired'>((resolve) => {
      timer = setTimeout(() => resolve('expired'), Math.max(0, deadline - performance.now()));
    });
    let out: Uint8Array;
    let status: number = STATUS.ok;
    try {
      const answer = await Promise.race([
        Promise.resolve().then(() => this.host.hostCall(name, body)),
        expired,
      ]);
      if (answer === 'expired') return false;
      out = answer;
    } catch (e) {
      status = STATUS.internal;
      out = encoder.encode(`host function ${name} failed: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      clearTimeout(timer);
    }
    if (out.length <= this.data.length) {
      this.data.set(out, 0);
      h[SLOT.length] = out.length;
    } else {
      this.port.postMessage({ name: '', body: out } satisfies PortPayload);
      h[SLOT.length] = VIA_PORT;
    }
    h[SLOT.status] = status;
    Atomics.store(h, SLOT.state, STATE.hostReply);
    Atomics.notify(h, SLOT.state);
    return true;
  }

  private expire(): WorkerReply {
    this.drainLogs();
    void this.terminate();
    return this.failed(STATUS.timeout, 'the call ran past its deadline and its worker was terminated');
  }

  private failed(status: number, message: string): WorkerReply {
    return { status, body: encoder.encode(message), memoryBytes: 0 };
  }

  /** Delivers the guest's log lines posted so far, so they reach the logger before the request settles. */
  private drainLogs(): void {
    for (let m = receiveMessageOnPort(this.logPort); m; m = receiveMessageOnPort(this.logPort)) {
      this.host.log(m.message as LogMessage);
    }
  }

  private pullPort(): PortPayload {
    const received = receiveMessageOnPort(this.port);
    if (!received) throw new Error('worker protocol error: expected a payload on the control port');
    return received.message as PortPayload;
  }
}
