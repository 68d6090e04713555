export { NodeEngine, type NodeEngineOptions } from './node-engine.js';
export { createNodeEngineModule } from './container-module.js';
export { GuestRuntime, GuestFailure, LOG_LEVEL } from './kernel/guest-runtime.js';
export type { GuestOutcome, GuestRuntimeOptions } from './kernel/guest-runtime.js';
export { KERNEL_WASM_BASE64 } from './gen/kernel-wasm.js';
