// Packs the packages a plugin author installs (the AssemblyScript PDK, the test kit and the ndp packages the test
// kit runs on) as npm tarballs, after building their `dist`. Run as a script:
// `node tools/pack-packages.mjs [out folder]` (default `dist/packages`); `npm run pack:packages` does that.
import { execFile } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { ensureGenerated } from './generate.mjs';
import { repoRoot } from './wasm-build.mjs';

const run = promisify(execFile);

/** The folders of the published packages, runtime dependencies before their dependents. */
export const PUBLISHED_PACKAGES = Object.freeze([
  'libs/domain',
  'libs/ports',
  'libs/protocol',
  'libs/application',
  'libs/adapters-local',
  'libs/packages',
  'libs/adapters-wasm-node',
  'libs/testkit',
  'libs/pdk-assemblyscript',
]);

/** Builds and packs {@link PUBLISHED_PACKAGES} into `outDir`; resolves with the tarballs' paths. */
export async function packPackages(outDir = join(repoRoot, 'dist', 'packages')) {
  const out = resolve(outDir);
  await ensureGenerated({ quiet: true });
  // The test kit's build builds every package it references.
  await run(
    process.execPath,
    [join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc'), '-b', 'libs/testkit'],
    {
      cwd: repoRoot,
    },
  );
  await mkdir(out, { recursive: true });
  const npm = process.env['npm_execpath'];
  const [cmd, prefix] = npm?.endsWith('.js') ? [process.execPath, [npm]] : ['npm', []];
  const { stdout } = await run(
    cmd,
    [...prefix, 'pack', '--json', '--pack-destination', out, ...PUBLISHED_PACKAGES.map((p) => `./${p}`)],
    { cwd: repoRoot, maxBuffer: 64 * 1024 * 1024 },
  );
  const files = JSON.parse(stdout).map((p) => join(out, p.filename));
  return files;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    for (const file of await packPackages(process.argv[2])) console.log(file);
  } catch (error) {
    console.error(error instanceof Error ? (error.stderr ?? error.message) : String(error));
    process.exit(1);
  }
}
