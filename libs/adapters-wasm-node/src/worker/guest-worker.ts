// Entry point of a guest worker thread: it owns guest instances and runs one call at a time, blocking on the
// shared channel between calls and during host calls (which the main thread answers asynchronously).
import { workerData } from 'node:worker_threads';
import { GuestChannel, OP, STATUS } from '@ndp/engine-kit/worker';
import {
  GuestFailure,
  GuestOutputTooLarge,
  GuestRuntime,
  type GuestLogLevel,
} from '../kernel/guest-runtime.js';
import type { InstantiateMessage, WorkerLogMessage, WorkerSetup } from './messages.js';

const setup = workerData as WorkerSetup;
const channel = new GuestChannel(setup, { spinMs: setup.spinMs });
const modules = new Map<string, WebAssembly.Module>();
const instances = new Map<number, GuestRuntime>();
const encoder = new TextEncoder();

function log(instance: number, pluginId: string, level: GuestLogLevel, message: string): void {
  const msg: WorkerLogMessage = { type: 'log', instance, pluginId, level, message };
  setup.logPort.postMessage(msg);
}

function finish(status: number, body: Uint8Array, memoryBytes: number, ended = false): void {
  channel.finish(status, body, memoryBytes, ended);
}

function failureStatus(kind: GuestFailure['kind']): number {
  return kind === 'memory' ? STATUS.memory : kind === 'exit' ? STATUS.exit : STATUS.trap;
}

function instantiate(): void {
  const msg = channel.pull<InstantiateMessage>();
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
    hostCall: (name, request) => channel.hostCall(name, request, id),
  });
  instances.set(id, runtime);
  finish(STATUS.ok, new Uint8Array(0), runtime.memoryBytes());
}

function call(): void {
  const id = channel.instance;
  const { name, body } = channel.takeCall();
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
    const op = channel.nextRequest();
    try {
      if (op === OP.call) call();
      else if (op === OP.instantiate) instantiate();
      else if (op === OP.drop) {
        instances.delete(channel.instance);
        finish(STATUS.ok, new Uint8Array(0), 0);
      } else finish(STATUS.internal, encoder.encode(`unknown operation ${op}`), 0);
    } catch (e) {
      const status = e instanceof GuestFailure ? failureStatus(e.kind) : STATUS.internal;
      finish(status, encoder.encode(e instanceof Error ? e.message : String(e)), 0);
    }
  }
}

serve();
