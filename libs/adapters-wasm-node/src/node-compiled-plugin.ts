import { KitCompiledPlugin } from '@ndp/engine-kit';
import type { PreparedModule } from './module/compile-module.js';

/** A module compiled by the Node engine: its analysis plus the compiled, memory-capped module. */
export class NodeCompiledPlugin extends KitCompiledPlugin<PreparedModule> {}
