import type { ClusterEnvelope, ClusterMessage } from '@ndp/ports';

// Wire format, one JSON text per message: {"v":1,"from":"<node>","message":{...}}. A Uint8Array is written as
// {"$bytes":"<base64>"} and read back as a Uint8Array; a plain object that has a "$bytes" or "$obj" key of its own is
// escaped as {"$obj":{...}}, so no message can be misread.
const VERSION = 1;

/** The JSON-ready form of a value: bytes tagged, objects with a tag-like key escaped. */
function toWire(value: unknown): unknown {
  if (value instanceof Uint8Array) {
    return { $bytes: Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64') };
  }
  if (Array.isArray(value)) return value.map(toWire);
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) out[key] = toWire(field);
  return '$bytes' in value || '$obj' in value ? { $obj: out } : out;
}

/** The inverse of {@link toWire}, top-down, so an escaped object's own fields are never read as tags. */
function fromWire(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(fromWire);
  if (!isPlainObject(value)) return value;
  const keys = Object.keys(value);
  if (keys.length === 1 && typeof value['$bytes'] === 'string') {
    return new Uint8Array(Buffer.from(value['$bytes'], 'base64'));
  }
  const fields = keys.length === 1 && isPlainObject(value['$obj']) ? value['$obj'] : value;
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(fields)) out[key] = fromWire(field);
  return out;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return (
    typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array)
  );
}

/** Encodes one envelope for the Redis channel. */
export function encodeEnvelope(fromNodeId: string, message: ClusterMessage): string {
  return JSON.stringify({ v: VERSION, from: fromNodeId, message: toWire(message) });
}

/** Decodes what {@link encodeEnvelope} wrote; undefined for anything else (another version, garbage). */
export function decodeEnvelope(text: string): ClusterEnvelope | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isPlainObject(parsed) || parsed['v'] !== VERSION || typeof parsed['from'] !== 'string')
    return undefined;
  const message = fromWire(parsed['message']);
  if (!isPlainObject(message) || typeof message['type'] !== 'string') return undefined;
  return { fromNodeId: parsed['from'], message: message as unknown as ClusterMessage };
}
