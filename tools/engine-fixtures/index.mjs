// Builds the engine contract fixtures (libs/ports/src/testing/engine-fixtures.ts) from source, cached by hash.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildAssemblyScript, buildWat } from '../wasm-build.mjs';

const here = import.meta.dirname;
const MODULE_OF = {
  host_echo: 'host_echo',
  wasi: 'wasi',
  exit: 'wasi',
  log_level: 'modern',
  exit_zero: 'wasi',
  host_loop: 'host_echo',
};
/** Fixtures written in WAT (`<name>.wat` here): what AssemblyScript cannot express (tables, start functions). */
const WAT = new Set(['table_grow', 'start_loop', 'init_loop']);
const OPTIONS = ['-O3', '--runtime', 'incremental', '--noAssert', '--use', 'abort='];

/** @type {import('@ndp/ports/testing').EngineContractFixtures} */
export const engineContractFixtures = {
  async wasm(name) {
    if (WAT.has(name)) {
      const wat = readFileSync(join(here, `${name}.wat`), 'utf8');
      return new Uint8Array(readFileSync(await buildWat(`engine-fixture-${name}`, wat)));
    }
    const source = MODULE_OF[name] ?? 'core';
    const path = await buildAssemblyScript({
      entry: join(here, `${source}.ts`),
      ascOptions: OPTIONS,
      name: `engine-fixture-${source}`,
    });
    return new Uint8Array(readFileSync(path));
  },
};
