// Entry point of the transform thread: binaryen.js is loaded here only, so the engine's thread never spends the
// seconds a large module's transform takes, and never pays binaryen's load time or memory.
import { parentPort } from 'node:worker_threads';
import { InlineTransformRejected, transformForInline } from './inline-transform.js';
import type { TransformReply, TransformRequest } from './transform-messages.js';

const port = parentPort!;
// Jobs run one after another in arrival order: binaryen is single-threaded and queued jobs would only compete.
let queue: Promise<void> = Promise.resolve();

port.on('message', (request: TransformRequest) => {
  queue = queue.then(() => run(request));
});

async function run({ id, bytes, yielding }: TransformRequest): Promise<void> {
  let reply: TransformReply;
  try {
    const made = await transformForInline(bytes, { yielding });
    // Only a buffer of its own may be transferred; a view into binaryen's heap would detach that heap.
    const out = made.byteOffset === 0 && made.byteLength === made.buffer.byteLength ? made : made.slice();
    reply = { id, ok: true, bytes: out };
    port.postMessage(reply, [out.buffer as ArrayBuffer]);
    return;
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    reply = { id, ok: false, rejected: e instanceof InlineTransformRejected, message };
  }
  port.postMessage(reply);
}
