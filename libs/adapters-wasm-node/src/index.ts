export { NodeEngine, type NodeEngineOptions } from './node-engine.js';
export { capMemoryPages, readModuleInfo, WasmFormatError } from './module/wasm-binary.js';
export type {
  ExternKind,
  MemoryLimits,
  WasmExport,
  WasmImport,
  WasmModuleInfo,
} from './module/wasm-binary.js';
export { createNodeEngineModule } from './container-module.js';
