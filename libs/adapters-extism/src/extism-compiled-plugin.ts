import { KitCompiledPlugin } from '@ndp/engine-kit';
import type { PreparedModule } from './module/prepare-module.js';

/** A module compiled by the Extism engine: its analysis and the memory-capped compiled module. */
export class ExtismCompiledPlugin extends KitCompiledPlugin<PreparedModule> {}
