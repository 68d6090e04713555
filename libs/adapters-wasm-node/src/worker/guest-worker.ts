// Entry point of a guest worker thread: it owns guest instances and runs one call at a time, blocking on the
// shared channel between calls and during host calls (which the main thread answers asynchronously).
import { receiveMessageOnPort, workerData, type MessagePort } from 'node:worker_threads';
import {
  GuestFailure,
  GuestOutputTooLarge,
  GuestRuntime,
  type GuestLogLevel,
} from '../kernel/guest-runtime.js';
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
import type { InstantiateMessage, WorkerLogMessage, WorkerSetup } from './messages.js';

const setup = workerData as WorkerSetup;
const header = new Int32Array(setup.sab, 0, HEADER_BYTES / 4);
const data = new Uint8Array(setup.sab, HEADER_BYTES);
const control: MessagePort = setup.port;
const modules = new Map<string, WebAssembly.Module>();
const instances = new Map<number, GuestRuntime>();
const encoder = new TextEncoder();
const decoder = new TextDecoder();

function pull<T>(): T {
  const received = receiveMessageOnPort(control);
  if (!received) throw new Error('expected a message on the control port');
  return received.message as T;
}

function log(instance: number, pluginId: string, level: GuestLogLevel, message: string): void {
  const msg: WorkerLogMessage = { type: 'log', instance, pluginId, level, message };
  setup.logPort.postMessage(msg);
}

/** Blocks this thread until the main thread has answered a host call. */
function hostCall(instance: number, importName: string, request: Uint8Array): Uint8Array {
  const length = writeNamed(data, importName, request);
  if (length === VIA_PORT) control.postMessage({ name: importName, body: request } satisfies PortPayload);
  header[SLOT.instance] = instance;
  header[SLOT.length] = length;
  Atomics.store(header, SLOT.state, STATE.hostCall);
  Atomics.notify(header, SLOT.state);
  // A fast host service (a memory cache) answers within microseconds: poll that long before sleeping.
  const spinUntil = setup.spinMs > 0 ? performance.now() + setup.spinMs : 0;
  while (
    spinUntil > 0 &&
    Atomics.load(header, SLOT.state) === STATE.hostCall &&
    performance.now() < spinUntil
  );
  while (Atomics.load(header, SLOT.state) === STATE.hostCall)
    Atomics.wait(header, SLOT.state, STATE.hostCall);
  const replyLength = header[SLOT.length]!;
  const reply = replyLength === VIA_PORT ? pull<PortPayload>().body : data.slice(0, replyLength);
  const failed = header[SLOT.status] !== STATUS.ok;
  Atomics.store(header, SLOT.state, STATE.running);
  if (failed) throw new Error(decoder.decode(reply));
  return reply;
}

function finish(status: number, body: Uint8Array, memoryBytes: number, ended = false): void {
  header[SLOT.ended] = ended ? 1 : 0;
  const length = body.length <= data.length ? body.length : VIA_PORT;
  if (length === VIA_PORT) control.postMessage({ name: '', body } satisfies PortPayload);
  else data.set(body, 0);
  header[SLOT.length] = length;
  header[SLOT.status] = status;
  header[SLOT.memoryKiB] = Math.ceil(memoryBytes / 1024);
  Atomics.store(header, SLOT.state, STATE.done);
  Atomics.notify(header, SLOT.state);
}

function failureStatus(kind: GuestFailure['kind']): number {
  return kind === 'memory' ? STATUS.memory : kind === 'exit' ? STATUS.exit : STATUS.trap;
}

function instantiate(): void {
  const msg = pull<InstantiateMessage>();
  if (msg.module) modules.set(msg.hash, msg.module);
  const guest = modules.get(msg.hash);
  if (!guest) throw new Error(`module ${msg.hash} was never sent to this worker`);
  const id = msg.instance;
  const runtime = new GuestRuntime({
    guest,
    kernel: setup.kernel,
    imports: msg.imports,
    config: msg.config,
    logLevel: msg.logLevel,
    memoryLimitBytes: msg.memoryLimitBytes,
    limits: msg.limits,
    log: (level, message) => log(id, msg.pluginId, level, message),
    hostCall: (name, request) => hostCall(id, name, request),
  });
  instances.set(id, runtime);
  finish(STATUS.ok, new Uint8Array(0), runtime.memoryBytes());
}

function call(): void {
  const id = header[SLOT.instance]!;
  const length = header[SLOT.length]!;
  const { name, body } = length === VIA_PORT ? pull<PortPayload>() : readNamed(data, length);
  const runtime = instances.get(id);
  if (!runtime) {
    finish(STATUS.internal, encoder.encode(`instance ${id} does not exist in this worker`), 0);
    return;
  }
  try {
    const outcome = runtime.call(name, body);
    const ended = runtime.exited;
    if (ended) instances.delete(id);
    if (outcome.ok) finish(STATUS.ok, outcome.output, runtime.memoryBytes(), ended);
    else finish(STATUS.pluginError, encoder.encode(outcome.error), runtime.memoryBytes(), ended);
  } catch (e) {
    if (e instanceof GuestOutputTooLarge) {
      finish(STATUS.outputTooLarge, encoder.encode(e.message), runtime.memoryBytes());
      return;
    }
    instances.delete(id);
    if (e instanceof GuestFailure) finish(failureStatus(e.kind), encoder.encode(e.message), 0);
    else finish(STATUS.internal, encoder.encode(e instanceof Error ? e.message : String(e)), 0);
  }
}

function serve(): never {
  for (;;) {
    // Wait on the value just observed: re-reading it for the wait could see REQUEST, whose notify already
    // happened, and sleep through it.
    // Optionally spin first: back-to-back calls then skip a futex sleep and wake-up (worth it with spare cores).
    const spinUntil = setup.spinMs > 0 ? performance.now() + setup.spinMs : 0;
    while (
      spinUntil > 0 &&
      Atomics.load(header, SLOT.state) !== STATE.request &&
      performance.now() < spinUntil
    );
    for (
      let state = Atomics.load(header, SLOT.state);
      state !== STATE.request;
      state = Atomics.load(header, SLOT.state)
    ) {
      Atomics.wait(header, SLOT.state, state);
    }
    Atomics.store(header, SLOT.state, STATE.running);
    const op = header[SLOT.op];
    try {
      if (op === OP.call) call();
      else if (op === OP.instantiate) instantiate();
      else if (op === OP.drop) {
        instances.delete(header[SLOT.instance]!);
        finish(STATUS.ok, new Uint8Array(0), 0);
      } else finish(STATUS.internal, encoder.encode(`unknown operation ${op}`), 0);
    } catch (e) {
      const status = e instanceof GuestFailure ? failureStatus(e.kind) : STATUS.internal;
      finish(status, encoder.encode(e instanceof Error ? e.message : String(e)), 0);
    }
  }
}

serve();
