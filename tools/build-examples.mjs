// Builds the example plugins of `examples/` from source and, on request, installs them into a plugins folder.
// Run as a script: `node tools/build-examples.mjs <plugins folder>` (no folder: build only, print the paths).
import { existsSync, readdirSync } from 'node:fs';
import { chmod, copyFile, mkdir, rename, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ensureGenerated } from './generate.mjs';
import { SHARED_AS_SOURCES, buildAssemblyScript, buildC, cToolchainStatus, repoRoot } from './wasm-build.mjs';

const examplesRoot = join(repoRoot, 'examples');

/**
 * asc options of every example: the incremental runtime (pooled instances answer many calls; the stub runtime
 * never frees) and the PDK's abort handler instead of `env.abort`, which no Extism host provides.
 */
export const EXAMPLE_ASC_OPTIONS = Object.freeze([
  '-O3',
  '--runtime',
  'incremental',
  '--noAssert',
  '--use',
  'abort=~lib/@ndp/pdk-assemblyscript/assembly/abort/pdkAbort',
]);

/** Every example plugin: the folders of `examples/` that hold a manifest.json, sorted. */
export const exampleNames = Object.freeze(
  readdirSync(examplesRoot, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(join(examplesRoot, e.name, 'manifest.json')))
    .map((e) => e.name)
    .sort(),
);

/**
 * The language of an example: `c` when its folder has `src/*.c` (built with clang for wasm32-wasi), else
 * `assemblyscript` (`assembly/index.ts`, built with asc).
 */
export function exampleLanguage(name) {
  const src = join(examplesRoot, name, 'src');
  return existsSync(src) && readdirSync(src).some((f) => f.endsWith('.c')) ? 'c' : 'assemblyscript';
}

let generated;

async function buildOne(name) {
  const folder = join(examplesRoot, name);
  if (exampleLanguage(name) === 'c') {
    const src = join(folder, 'src');
    const sources = readdirSync(src)
      .filter((f) => f.endsWith('.c'))
      .sort()
      .map((f) => join(src, f));
    return { name, folder, wasm: await buildC({ sources, name: `example-${name}`, sourceDirs: [src] }) };
  }
  const wasm = await buildAssemblyScript({
    entry: join(folder, 'assembly', 'index.ts'),
    ascOptions: [...EXAMPLE_ASC_OPTIONS],
    sourceDirs: [join(folder, 'assembly'), ...SHARED_AS_SOURCES],
    name: `example-${name}`,
  });
  return { name, folder, wasm };
}

// Written beside the target and renamed into place, so a host scanning the folder never sees half a plugin.
async function install(example, outDir) {
  const target = join(outDir, example.name);
  const staging = join(outDir, `.${example.name}.installing-${process.pid}`);
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true, mode: 0o700 });
  await chmod(staging, 0o700);
  const files = [
    [example.wasm, 'plugin.wasm'],
    [join(example.folder, 'manifest.json'), 'manifest.json'],
    [join(example.folder, 'README.md'), 'README.md'],
    [join(example.folder, 'config.schema.json'), 'config.schema.json'],
  ];
  for (const [from, to] of files) {
    if (!existsSync(from)) continue;
    await copyFile(from, join(staging, to));
    await chmod(join(staging, to), 0o600);
  }
  await rm(target, { recursive: true, force: true });
  await rename(staging, target);
  return target;
}

/**
 * Builds the examples (all, or those named in `only`) and resolves with `{ name, folder, wasm }` per example, in
 * `exampleNames` order: `folder` is its source folder, `wasm` the built module in the build cache.
 * Building all of them skips the C examples, with a line on stderr, when the C toolchain is missing; naming a C
 * example in `only` then rejects with the apt command that installs it.
 * With `outDir`, each is also installed as `<outDir>/<name>/{plugin.wasm, manifest.json, README.md, config.schema.json}` (folder
 * mode 0700, files 0600), replacing what was there.
 */
export async function buildExamples({ outDir, only } = {}) {
  const names = only ?? exampleNames;
  for (const name of names) {
    if (!exampleNames.includes(name)) {
      throw new Error(`unknown example "${name}"; known examples: ${exampleNames.join(', ')}`);
    }
  }
  // Outside vitest nothing has run the generator; it is a hash check when the generated glue is up to date.
  generated ??= ensureGenerated({ quiet: true });
  await generated;
  let selected = exampleNames.filter((n) => names.includes(n));
  if (only === undefined && selected.some((n) => exampleLanguage(n) === 'c')) {
    const status = await cToolchainStatus();
    if (!status.ok) {
      const skipped = selected.filter((n) => exampleLanguage(n) === 'c');
      process.stderr.write(`build-examples: skipping ${skipped.join(', ')}: ${status.why}\n`);
      selected = selected.filter((n) => exampleLanguage(n) !== 'c');
    }
  }
  const built = [];
  // One compiler process at a time: each takes a core and a few hundred MB.
  for (const name of selected) built.push(await buildOne(name));
  if (outDir !== undefined) {
    const dir = resolve(outDir);
    await mkdir(dir, { recursive: true, mode: 0o700 });
    for (const example of built) await install(example, dir);
  }
  return built;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const outDir = process.argv[2];
  try {
    const built = await buildExamples({ outDir });
    for (const e of built) {
      console.log(outDir ? `${e.name} -> ${join(resolve(outDir), e.name)}` : `${e.name}: ${e.wasm}`);
    }
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  }
}
