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
  http_request: 'http',
};
/** Fixtures whose shape AssemblyScript cannot give (a GHC-like start sequence): WAT under tools/fixtures/wat. */
const WAT_OF = { ghc_init: 'ghc_init' };
const OPTIONS = ['-O3', '--runtime', 'incremental', '--noAssert', '--use', 'abort='];

/** @type {import('@ndp/ports/testing').EngineContractFixtures} */
export const engineContractFixtures = {
  async wasm(name) {
    const wat = WAT_OF[name];
    if (wat) {
      const text = readFileSync(join(here, '..', 'fixtures', 'wat', `${wat}.wat`), 'utf8');
      return new Uint8Array(readFileSync(await buildWat(`engine-fixture-${wat}`, text)));
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
