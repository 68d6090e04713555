import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { PluginPackage } from './plugin-package.js';

/** Mode of every folder the package tools create: the plugins folder holds code the host runs. */
const FOLDER_MODE = 0o700;
/** Mode of every file the package tools write. */
const FILE_MODE = 0o600;

/**
 * Creates the plugins folder (0700) when it is missing and resolves with its absolute path.
 */
export async function ensurePluginsFolder(pluginsFolder: string): Promise<string> {
  const root = resolve(pluginsFolder);
  const created = await mkdir(root, { recursive: true, mode: FOLDER_MODE });
  if (created !== undefined) await chmod(root, FOLDER_MODE); // mkdir's mode goes through the umask
  return root;
}

/**
 * Writes a validated package into a new temporary folder next to the plugins folder (in its parent, so the final
 * rename stays on one file system and is atomic) and resolves with that folder. Folders are 0700 and files 0600
 * whatever the umask. On failure the temporary folder is removed before the error is rethrown.
 */
export async function stagePackage(pkg: PluginPackage, pluginsFolder: string): Promise<string> {
  const staging = await mkdtemp(join(dirname(resolve(pluginsFolder)), '.ndp-staging-'));
  try {
    await chmod(staging, FOLDER_MODE);
    await writeFile(join(staging, 'manifest.json'), pkg.manifestBytes, { mode: FILE_MODE });
    await writeFile(join(staging, 'plugin.wasm'), pkg.wasm, { mode: FILE_MODE });
    for (const doc of pkg.docs) {
      const target = join(staging, ...doc.path.split('/'));
      await mkdir(dirname(target), { recursive: true, mode: FOLDER_MODE });
      await writeFile(target, doc.bytes, { mode: FILE_MODE });
    }
    // writeFile's mode also goes through the umask; set the exact modes once everything is written.
    await fixModes(staging, pkg);
    return staging;
  } catch (e) {
    await rm(staging, { recursive: true, force: true });
    throw e;
  }
}

async function fixModes(staging: string, pkg: PluginPackage): Promise<void> {
  const files = ['manifest.json', 'plugin.wasm', ...pkg.docs.map((d) => d.path)];
  const folders = new Set(pkg.docs.filter((d) => d.path.includes('/')).map((d) => d.path.split('/')[0]!));
  for (const f of files) await chmod(join(staging, ...f.split('/')), FILE_MODE);
  for (const f of folders) await chmod(join(staging, f), FOLDER_MODE);
}

/** `YYYYMMDDHHMMSS` in UTC, the suffix of backups (as the original's `<dir>.bak.<timestamp>`). */
export function timestamp(now: Date): string {
  return now.toISOString().replace(/[-:T]/g, '').slice(0, 14);
}
