// Builds every example plugin and packs each into a `.ndp` package with the ndp CLI (`ndp pack`). Run as a
// script: `node tools/pack-examples.mjs [out folder]` (default `dist/examples`); `npm run pack:examples` does that.
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { buildExamples } from './build-examples.mjs';
import { repoRoot } from './wasm-build.mjs';

const run = promisify(execFile);
const ndp = join(repoRoot, 'apps', 'cli', 'bin', 'ndp.mjs');

/** Builds the examples (all, or `only`) and writes `<outDir>/<name>-<version>.ndp` for each; resolves with the paths. */
export async function packExamples({ outDir = join(repoRoot, 'dist', 'examples'), only } = {}) {
  const out = resolve(outDir);
  await mkdir(out, { recursive: true });
  const staging = await mkdtemp(join(tmpdir(), 'ndp-pack-examples-'));
  try {
    const built = await buildExamples({ outDir: staging, ...(only ? { only } : {}) });
    const files = [];
    for (const { name } of built) {
      const manifest = JSON.parse(await readFile(join(staging, name, 'manifest.json'), 'utf8'));
      const file = join(out, `${name}-${manifest.version}.ndp`);
      await run(process.execPath, [ndp, 'pack', join(staging, name), '-o', file], { cwd: repoRoot });
      files.push(file);
    }
    return files;
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    for (const file of await packExamples({ outDir: process.argv[2] })) console.log(file);
  } catch (error) {
    console.error(error instanceof Error ? error.stderr || error.message : String(error));
    process.exit(1);
  }
}
