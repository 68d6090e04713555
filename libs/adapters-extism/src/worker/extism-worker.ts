// Entry of an Extism worker thread: it hosts one guest instance on the Extism SDK (foreground mode) and runs one
// request at a time, sleeping on the shared channel between requests and blocking on it during host calls, which
// the main thread answers asynchronously. The main thread enforces deadlines by terminating this thread.
import { receiveMessageOnPort, workerData } from 'node:worker_threads';
import {
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
import { ExtismSession, type SessionHost, type SessionReply } from './extism-session.js';
import { HostFunctionFailure } from './guest-signals.js';
import type { ExtismWorkerSetup, InitMessage, LogMessage } from './messages.js';

const setup = workerData as ExtismWorkerSetup;
const header = new Int32Array(setup.sab, 0, HEADER_BYTES / 4);
const data = new Uint8Array(setup.sab, HEADER_BYTES);
const encoder = new TextEncoder();
const decoder = new TextDecoder();

function pull<T>(): T {
  const received = receiveMessageOnPort(setup.port);
  if (!received) throw new Error('expected a message on the control port');
  return received.message as T;
}

/** A structured-cloned view carries its whole buffer; the SDK needs the exact bytes. */
function exact(bytes: Uint8Array): Uint8Array {
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : bytes.slice();
}

function send(body: Uint8Array): number {
  if (body.length <= data.length) {
    data.set(body, 0);
    return body.length;
  }
  setup.port.postMessage({ name: '', body } satisfies PortPayload);
  return VIA_PORT;
}

const host: SessionHost = {
  hostCall(name, request) {
    const length = writeNamed(data, name, request);
    if (length === VIA_PORT) setup.port.postMessage({ name, body: request } satisfies PortPayload);
    header[SLOT.length] = length;
    Atomics.store(header, SLOT.state, STATE.hostCall);
    Atomics.notify(header, SLOT.state);
    while (Atomics.load(header, SLOT.state) === STATE.hostCall)
      Atomics.wait(header, SLOT.state, STATE.hostCall);
    const replyLength = header[SLOT.length]!;
    const reply = replyLength === VIA_PORT ? exact(pull<PortPayload>().body) : data.slice(0, replyLength);
    const failed = header[SLOT.status] !== STATUS.ok;
    Atomics.store(header, SLOT.state, STATE.running);
    if (failed) throw new HostFunctionFailure(decoder.decode(reply));
    return reply;
  },
  log(level, message) {
    setup.logPort.postMessage({ level, message } satisfies LogMessage);
  },
};

function finish(result: SessionReply, memoryBytes: number): void {
  header[SLOT.length] = send(result.body);
  header[SLOT.status] = result.status;
  header[SLOT.memoryKiB] = Math.ceil(memoryBytes / 1024);
  header[SLOT.ended] = result.ended ? 1 : 0;
  Atomics.store(header, SLOT.state, STATE.done);
  Atomics.notify(header, SLOT.state);
}

let session: ExtismSession | undefined;

async function serve(op: number): Promise<void> {
  if (op === OP.init) {
    const created = await ExtismSession.create(pull<InitMessage>(), host);
    if (created instanceof ExtismSession) {
      session = created;
      finish({ status: STATUS.ok, body: new Uint8Array(0) }, created.memoryBytes());
    } else finish(created, 0);
    return;
  }
  if (op === OP.call && session) {
    const length = header[SLOT.length]!;
    const { name, body } = length === VIA_PORT ? pull<PortPayload>() : readNamed(data, length);
    finish(await session.call(name, exact(body)), session.memoryBytes());
    return;
  }
  finish({ status: STATUS.internal, body: encoder.encode(`unexpected request ${op}`) }, 0);
}

for (;;) {
  // Sleep on the value just read: re-reading it for the wait could miss a REQUEST notified in between.
  for (let s = Atomics.load(header, SLOT.state); s !== STATE.request; s = Atomics.load(header, SLOT.state))
    Atomics.wait(header, SLOT.state, s);
  Atomics.store(header, SLOT.state, STATE.running);
  try {
    await serve(header[SLOT.op]!);
  } catch (e) {
    finish({ status: STATUS.internal, body: encoder.encode(e instanceof Error ? e.message : String(e)) }, 0);
  }
}
