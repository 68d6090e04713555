// @ndp/protocol: the plugin contract's protobuf messages (protobuf-es), and the ABI tables generated from
// the same .proto files (export names, import names, module names, API version).
export * from './gen/index.js';

// The protobuf-es runtime functions and types consumers need to build, encode and decode these messages, so that
// the rest of the workspace depends on the protocol, not on the runtime it happens to use.
export { create, equals, fromBinary, toBinary } from '@bufbuild/protobuf';
export type { DescMessage, MessageInitShape, MessageShape } from '@bufbuild/protobuf';
export { fromJson, toJson } from '@bufbuild/protobuf';
export type { JsonValue } from '@bufbuild/protobuf';
