// Builds the engine contract fixtures (libs/ports/src/testing/engine-fixtures.ts) from source, cached by hash.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildAssemblyScript } from '../wasm-build.mjs';

const here = import.meta.dirname;
const MODULE_OF = { host_echo: 'host_echo', wasi: 'wasi', exit: 'wasi', log_level: 'modern' };
const OPTIONS = ['-O3', '--runtime', 'incremental', '--noAssert', '--use', 'abort='];

/** @type {import('@ndp/ports/testing').EngineContractFixtures} */
export const engineContractFixtures = {
  async wasm(name) {
    const source = MODULE_OF[name] ?? 'core';
    const path = await buildAssemblyScript({
      entry: join(here, `${source}.ts`),
      ascOptions: OPTIONS,
      name: `engine-fixture-${source}`,
    });
    return new Uint8Array(readFileSync(path));
  },
};
