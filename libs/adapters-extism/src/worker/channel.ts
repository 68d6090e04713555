/**
 * The shared-memory channel between the main thread and one Extism worker (one worker per instance).
 *
 * A SharedArrayBuffer holds a header of int32 slots and a data area. The state slot moves
 * IDLE → REQUEST → RUNNING → (HOST_CALL → HOST_REPLY → RUNNING)* → DONE → IDLE, and whoever changes it notifies.
 * A payload larger than the data area travels over the control MessagePort instead (length slot = -1); the
 * receiver takes it synchronously with `receiveMessageOnPort`, so no side needs an event-loop turn for it.
 * This file imports nothing: it is loaded by the worker entry as well as by the main thread.
 */

/** Int32 slots of the header. */
export const SLOT = { state: 0, op: 1, length: 2, status: 3, memoryKiB: 4, ended: 5 } as const;
/** Bytes taken by the header at the start of the SharedArrayBuffer. */
export const HEADER_BYTES = 8 * 4;
/** Default data area: payloads up to 1 MiB never touch a MessagePort. */
export const DATA_BYTES = 1024 * 1024;
/** Marks a payload that was sent over the control port. */
export const VIA_PORT = -1;

export const STATE = { idle: 0, request: 1, running: 2, hostCall: 3, hostReply: 4, done: 5 } as const;

/** What the main thread asks of the worker. */
export const OP = { init: 1, call: 2 } as const;

/** How a request ended; `pluginError` is the plugin's own error channel, not a failure. */
export const STATUS = {
  ok: 0,
  pluginError: 1,
  trap: 2,
  memory: 3,
  exit: 4,
  timeout: 5,
  link: 6,
  internal: 7,
  /** The output was over its cap; the guest lives on in the worker. */
  outputTooLarge: 8,
} as const;

/** A payload too large for the data area. */
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
