import { receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import {
  HEADER_BYTES,
  SLOT,
  STATE,
  STATUS,
  VIA_PORT,
  readNamed,
  sendBody,
  writeNamed,
  type PortPayload,
} from './layout.js';

/** The fields of `workerData` the worker side of the channel reads (see the main side's `WorkerLinkSetup`). */
export interface GuestChannelSetup {
  readonly sab: SharedArrayBuffer;
  readonly port: MessagePort;
}

export interface GuestChannelOptions {
  /** Polling time before sleeping, while waiting for a request or a host reply (0 = always sleep). */
  readonly spinMs?: number;
  /** Makes the error a failed host call throws into the guest (default: a plain `Error`). */
  readonly hostFailure?: (message: string) => Error;
}

const decoder = new TextDecoder();

/** A structured-cloned view carries its whole buffer; guests and SDKs need the exact bytes. */
function exact(bytes: Uint8Array): Uint8Array {
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : bytes.slice();
}

/**
 * The worker thread's side of the shared-memory channel: it sleeps until the main thread posts a request, blocks
 * during host calls until the main thread (which answers them asynchronously) has replied, and writes the reply.
 * Everything here is synchronous: the worker's event loop never turns while a guest runs.
 */
export class GuestChannel {
  readonly header: Int32Array;
  readonly data: Uint8Array;
  private readonly port: MessagePort;
  private readonly spinMs: number;
  private readonly hostFailure: (message: string) => Error;

  constructor(setup: GuestChannelSetup, options: GuestChannelOptions = {}) {
    this.header = new Int32Array(setup.sab, 0, HEADER_BYTES / 4);
    this.data = new Uint8Array(setup.sab, HEADER_BYTES);
    this.port = setup.port;
    this.spinMs = options.spinMs ?? 0;
    this.hostFailure = options.hostFailure ?? ((message) => new Error(message));
  }

  /** Blocks until the main thread posts a request, marks it running, and answers its operation (an `OP`). */
  nextRequest(): number {
    const h = this.header;
    // Optionally spin first: back-to-back calls then skip a futex sleep and wake-up (worth it with spare cores).
    const spinUntil = this.spinMs > 0 ? performance.now() + this.spinMs : 0;
    while (spinUntil > 0 && Atomics.load(h, SLOT.state) !== STATE.request && performance.now() < spinUntil);
    // Wait on the value just observed: re-reading it for the wait could see REQUEST, whose notify already
    // happened, and sleep through it.
    for (
      let state = Atomics.load(h, SLOT.state);
      state !== STATE.request;
      state = Atomics.load(h, SLOT.state)
    ) {
      Atomics.wait(h, SLOT.state, state);
    }
    Atomics.store(h, SLOT.state, STATE.running);
    return h[SLOT.op]!;
  }

  /** The instance slot of the current request. */
  get instance(): number {
    return this.header[SLOT.instance]!;
  }

  /** The export name and input of the current call request. */
  takeCall(): PortPayload {
    const length = this.header[SLOT.length]!;
    if (length !== VIA_PORT) return readNamed(this.data, length);
    const { name, body } = this.pull<PortPayload>();
    return { name, body: exact(body) };
  }

  /** The next engine message the main thread posted on the control port (sent just before its request). */
  pull<T>(): T {
    const received = receiveMessageOnPort(this.port);
    if (!received) throw new Error('expected a message on the control port');
    return received.message as T;
  }

  /**
   * Blocks this thread until the main thread has answered a host call; a failed host call throws the
   * `hostFailure` error with the main thread's message.
   */
  hostCall(importName: string, request: Uint8Array, instance = 0): Uint8Array {
    const h = this.header;
    const length = writeNamed(this.data, importName, request);
    if (length === VIA_PORT) this.port.postMessage({ name: importName, body: request } satisfies PortPayload);
    h[SLOT.instance] = instance;
    h[SLOT.length] = length;
    Atomics.store(h, SLOT.state, STATE.hostCall);
    Atomics.notify(h, SLOT.state);
    // A fast host service (a memory cache) answers within microseconds: poll that long before sleeping.
    const spinUntil = this.spinMs > 0 ? performance.now() + this.spinMs : 0;
    while (spinUntil > 0 && Atomics.load(h, SLOT.state) === STATE.hostCall && performance.now() < spinUntil);
    while (Atomics.load(h, SLOT.state) === STATE.hostCall) Atomics.wait(h, SLOT.state, STATE.hostCall);
    const replyLength = h[SLOT.length]!;
    const reply =
      replyLength === VIA_PORT ? exact(this.pull<PortPayload>().body) : this.data.slice(0, replyLength);
    const failed = h[SLOT.status] !== STATUS.ok;
    Atomics.store(h, SLOT.state, STATE.running);
    if (failed) throw this.hostFailure(decoder.decode(reply));
    return reply;
  }

  /** Writes the reply of the current request and wakes the main thread. */
  finish(status: number, body: Uint8Array, memoryBytes: number, ended = false): void {
    const h = this.header;
    h[SLOT.ended] = ended ? 1 : 0;
    h[SLOT.length] = sendBody(this.data, this.port, body);
    h[SLOT.status] = status;
    h[SLOT.memoryKiB] = Math.ceil(memoryBytes / 1024);
    Atomics.store(h, SLOT.state, STATE.done);
    Atomics.notify(h, SLOT.state);
  }
}
