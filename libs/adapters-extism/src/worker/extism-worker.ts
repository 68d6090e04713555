// Entry of an Extism worker thread: it hosts one guest instance on the Extism SDK (foreground mode) and runs one
// request at a time, sleeping on the shared channel between requests and blocking on it during host calls, which
// the main thread answers asynchronously. The main thread enforces deadlines by terminating this thread.
import { workerData } from 'node:worker_threads';
import { GuestChannel, OP, STATUS } from '@ndp/engine-kit/worker';
import { ExtismSession, type SessionHost, type SessionReply } from './extism-session.js';
import { HostFunctionFailure } from './guest-signals.js';
import type { ExtismWorkerSetup, InitMessage, LogMessage } from './messages.js';

const setup = workerData as ExtismWorkerSetup;
const channel = new GuestChannel(setup, { hostFailure: (message) => new HostFunctionFailure(message) });
const encoder = new TextEncoder();

const host: SessionHost = {
  hostCall: (name, request) => channel.hostCall(name, request),
  log(level, message) {
    setup.logPort.postMessage({ level, message } satisfies LogMessage);
  },
};

function finish(result: SessionReply, memoryBytes: number): void {
  channel.finish(result.status, result.body, memoryBytes, result.ended);
}

let session: ExtismSession | undefined;

async function serve(op: number): Promise<void> {
  if (op === OP.instantiate) {
    const created = await ExtismSession.create(channel.pull<InitMessage>(), host);
    if (created instanceof ExtismSession) {
      session = created;
      finish({ status: STATUS.ok, body: new Uint8Array(0) }, created.memoryBytes());
    } else finish(created, 0);
    return;
  }
  if (op === OP.call && session) {
    const { name, body } = channel.takeCall();
    finish(await session.call(name, body), session.memoryBytes());
    return;
  }
  finish({ status: STATUS.internal, body: encoder.encode(`unexpected request ${op}`) }, 0);
}

for (;;) {
  const op = channel.nextRequest();
  try {
    await serve(op);
  } catch (e) {
    finish({ status: STATUS.internal, body: encoder.encode(e instanceof Error ? e.message : String(e)) }, 0);
  }
}
