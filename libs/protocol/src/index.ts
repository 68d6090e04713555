// @ndp/protocol: the plugin contract's protobuf messages (protobuf-es), and the ABI tables generated from
// the same .proto files (export names, import names, module names, API version).
export * from './gen/index.js';
