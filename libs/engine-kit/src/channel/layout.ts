/**
 * The shared-memory channel between the main thread and one engine worker.
 *
 * Layout of the SharedArrayBuffer: a header of int32 slots, then a data area. The state slot moves through
 * IDLE → REQUEST → RUNNING → (HOST_CALL → HOST_REPLY → RUNNING)* → DONE → IDLE; the side that changes it notifies.
 * Payloads that do not fit the data area travel over a MessagePort instead and the length slot says so (-1); the
 * receiver pulls them synchronously with `receiveMessageOnPort`, so no event-loop turn is needed on either side.
 * This file imports nothing: worker threads load it as well as the main thread.
 */

export const HEADER_SLOTS = 16;
export const HEADER_BYTES = HEADER_SLOTS * 4;
/** Default size of the data area: payloads up to this size never touch a MessagePort. */
export const DEFAULT_DATA_BYTES = 1024 * 1024;

export const SLOT = {
  state: 0,
  op: 1,
  /** Which guest instance of the worker a request or host call is for (0 where a worker holds one). */
  instance: 2,
  length: 3,
  status: 4,
  memoryKiB: 5,
  /** 1 when the instance ended with its call (`proc_exit(0)`: answered, but gone from the worker). */
  ended: 6,
} as const;

export const STATE = {
  idle: 0,
  request: 1,
  running: 2,
  hostCall: 3,
  hostReply: 4,
  done: 5,
} as const;

/** What the main thread asks of the worker. */
export const OP = {
  call: 1,
  instantiate: 2,
  drop: 3,
} as const;

/** How a request ended, written by the worker into the status slot; `pluginError` is the plugin's own error channel. */
export const STATUS = {
  ok: 0,
  pluginError: 1,
  trap: 2,
  memory: 3,
  exit: 4,
  internal: 5,
  /** The output was over its cap; the instance lives on in the worker. */
  outputTooLarge: 6,
  /** The worker could not link the guest (an import it does not provide). */
  link: 7,
  /** Not written by a worker: the main thread's answer when a request ran past its deadline. */
  timeout: 8,
} as const;

/** Marks a payload sent over the MessagePort instead of the data area. */
export const VIA_PORT = -1;

/** A message carried over the port when a payload is too large for the data area. */
export interface PortPayload {
  readonly name: string;
  readonly body: Uint8Array;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Writes `[u16 name length][name][body]` into `data`; answers the length, or {@link VIA_PORT} if it does not fit. */
export function writeNamed(data: Uint8Array, name: string, body: Uint8Array): number {
  const nameBytes = encoder.encode(name);
  const total = 2 + nameBytes.length + body.length;
  if (total > data.length) return VIA_PORT;
  data[0] = nameBytes.length & 0xff;
  data[1] = nameBytes.length >>> 8;
  data.set(nameBytes, 2);
  data.set(body, 2 + nameBytes.length);
  return total;
}

/** Reads what {@link writeNamed} wrote; the body is an exact copy (its own ArrayBuffer). */
export function readNamed(data: Uint8Array, length: number): PortPayload {
  const nameLength = data[0]! | (data[1]! << 8);
  return { name: decoder.decode(data.subarray(2, 2 + nameLength)), body: data.slice(2 + nameLength, length) };
}

/** Writes a reply body into the data area, or posts it over `port` when it does not fit; answers the length slot. */
export function sendBody(
  data: Uint8Array,
  port: { postMessage(message: PortPayload): void },
  body: Uint8Array,
): number {
  if (body.length <= data.length) {
    data.set(body, 0);
    return body.length;
  }
  port.postMessage({ name: '', body });
  return VIA_PORT;
}
