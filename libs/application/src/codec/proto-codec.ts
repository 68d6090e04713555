// The one place that touches the protobuf runtime (re-exported by the protocol library).
import {
  create,
  fromBinary,
  toBinary,
  type DescMessage,
  type MessageInitShape,
  type MessageShape,
} from '@ndp/protocol';

export type { DescMessage, MessageInitShape, MessageShape };

/**
 * Encodes a message given in its init shape (plain fields, `$typeName` optional) to protobuf bytes.
 * Guarantees: proto3 wire format that any protobuf implementation decodes; defaults are not written.
 */
export function encodeMessage<D extends DescMessage>(schema: D, init: MessageInitShape<D>): Uint8Array {
  return toBinary(schema, create(schema, init));
}

/**
 * Decodes protobuf bytes into a message of `schema`; unknown fields are kept by protobuf-es and ignored here.
 * Throws on malformed bytes (callers decide whether that is a plugin error or a guest fault).
 */
export function decodeMessage<D extends DescMessage>(schema: D, bytes: Uint8Array): MessageShape<D> {
  return fromBinary(schema, bytes);
}
