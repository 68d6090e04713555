import { lstat, readdir, readFile, realpath } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseManifest, type Manifest } from '@ndp/domain';

/** One entry of the plugins folder as the package tools see it (no module checks, nothing compiled). */
export interface InstalledPlugin {
  /** The entry's name in the plugins folder. */
  readonly folder: string;
  /** Its absolute path (the link itself for a dev link). */
  readonly path: string;
  /** True for a development link (`ndp dev`). */
  readonly isSymlink: boolean;
  /** Where a dev link points (absolute), when it is one. */
  readonly linkTarget?: string;
  /** The manifest `name` when manifest.json is readable JSON with a string name, even if otherwise invalid. */
  readonly name?: string;
  /** The validated manifest, when it is valid. */
  readonly manifest?: Manifest;
  /** Why the entry is not a usable plugin (unreadable or invalid manifest, broken link), when it is not. */
  readonly problem?: string;
}

/**
 * Lists the plugin folders of `pluginsFolder` the way the host discovers them (docs/contract.md §1): directories and symlinks,
 * hidden entries skipped, sorted by name. Unlike the host's store it never creates the folder: a missing folder
 * lists as empty. Reads each manifest; never throws for a bad entry (it carries a `problem`).
 */
export async function listInstalled(pluginsFolder: string): Promise<InstalledPlugin[]> {
  const root = resolve(pluginsFolder);
  const dirents = await readdir(root, { withFileTypes: true }).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return [];
    throw e;
  });
  const names = dirents
    .filter((d) => !d.name.startsWith('.') && (d.isDirectory() || d.isSymbolicLink()))
    .map((d) => d.name)
    .sort();
  return Promise.all(names.map((name) => inspect(root, name)));
}

/**
 * The installed plugin whose manifest `name` is `id`; failing that, the entry whose folder is named `id` (so a
 * plugin with a broken manifest can still be removed). Undefined when neither exists.
 */
export async function findInstalled(pluginsFolder: string, id: string): Promise<InstalledPlugin | undefined> {
  const all = await listInstalled(pluginsFolder);
  return all.find((p) => p.name === id) ?? all.find((p) => p.folder === id);
}

async function inspect(root: string, folder: string): Promise<InstalledPlugin> {
  const path = join(root, folder);
  const info = await lstat(path);
  const isSymlink = info.isSymbolicLink();
  const linkTarget = isSymlink ? await realpath(path).catch(() => undefined) : undefined;
  const base = { folder, path, isSymlink, ...(linkTarget ? { linkTarget } : {}) };
  if (isSymlink && !linkTarget) return { ...base, problem: 'broken symlink: its target does not exist' };
  const manifestFile = join(path, 'manifest.json');
  let text: string;
  try {
    text = await readFile(manifestFile, 'utf8');
  } catch (e) {
    return {
      ...base,
      problem: `cannot read ${manifestFile}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`,
    };
  }
  const parsed = parseManifest(text, manifestFile);
  if (parsed.ok) return { ...base, name: parsed.value.manifest.name, manifest: parsed.value.manifest };
  return { ...base, ...rawName(text), problem: parsed.error.message };
}

function rawName(text: string): { name?: string } {
  try {
    const name = (JSON.parse(text) as { name?: unknown }).name;
    return typeof name === 'string' ? { name } : {};
  } catch {
    return {};
  }
}
