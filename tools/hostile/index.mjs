import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { buildWat } from '../wasm-build.mjs';
import { HOSTILE_CASES } from './cases.mjs';

export { HOSTILE_CASES };

/** The manifest of a hostile case: a MetadataAgent plugin named after the case, unless the case overrides it. */
export function hostileManifest(c) {
  return {
    name: c.name,
    author: 'ndp hostile corpus',
    version: '1.0.0',
    description: `Hostile: ${c.attack}.`,
    capabilities: ['MetadataAgent'],
    permissions: c.permissions ?? {},
    ...c.manifest,
  };
}

/** Builds every case (cached by source) and installs it as `<pluginsDir>/<case name>/`; resolves with the cases. */
export async function installHostileCorpus(pluginsDir) {
  for (const c of HOSTILE_CASES) {
    const folder = join(pluginsDir, c.name);
    await mkdir(folder, { recursive: true });
    await writeFile(join(folder, 'plugin.wasm'), await readFile(await buildWat(`hostile-${c.name}`, c.wat)));
    await writeFile(join(folder, 'manifest.json'), JSON.stringify(hostileManifest(c), null, 2));
  }
  return HOSTILE_CASES;
}
