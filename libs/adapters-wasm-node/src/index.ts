export { NodeEngine, type NodeEngineOptions } from './node-engine.js';
export { createNodeEngineModule } from './container-module.js';
export type { ExecutorKind } from './node-engine.js';
