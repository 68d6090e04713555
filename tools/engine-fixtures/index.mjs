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
  http_request: 'http',
};
/**
 * Fixtures written in WAT, with the file that holds each: what AssemblyScript cannot express (tables, start
 * functions, a GHC-like start sequence).
 */
const WAT = {
  table_grow: 'table_grow.wat',
  start_loop: 'start_loop.wat',
  init_loop: 'init_loop.wat',
  ghc_init: '../fixtures/wat/ghc_init.wat',
};
const OPTIONS = ['-O3', '--runtime', 'incremental', '--noAssert', '--use', 'abort='];

/** @type {import('@ndp/ports/testing').EngineContractFixtures} */
export const engineContractFixtures = {
  async wasm(name) {
    const wat = WAT[name];
    if (wat) {
      const text = readFileSync(join(here, wat), 'utf8');
      return new Uint8Array(readFileSync(await buildWat(`engine-fixture-${name}`, text)));
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
