export { ExtismEngine, type ExtismEngineOptions } from './extism-engine.js';
export { createExtismEngineModule } from './container-module.js';
