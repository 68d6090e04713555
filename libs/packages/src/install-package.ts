import { lstat, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { NdpError } from '@ndp/domain';
import { listInstalled } from './installed-plugins.js';
import type { PluginPackage } from './plugin-package.js';
import { ensurePluginsFolder, stagePackage } from './plugin-tree.js';

/** What {@link installPackage} did. */
export interface InstallOutcome {
  readonly id: string;
  readonly version: string;
  /** The new plugin folder, `<plugins folder>/<manifest.name>`. */
  readonly path: string;
}

/**
 * Installs a package read by `readPackage` as `<pluginsFolder>/<manifest.name>` (docs/contract.md §7): written to a temporary
 * folder beside the plugins folder, then renamed into place in one step, so a host that scans meanwhile sees the
 * whole plugin or none of it. Folders 0700, files 0600.
 *
 * Refuses (`PLUGIN_DUPLICATE_NAME`, the plugins folder untouched) when a plugin of that name is already installed
 * (suggesting `ndp update`), under any folder (naming both), or when `<pluginsFolder>/<name>` exists at all.
 * Does not tell a running host: the caller does (admin refresh).
 */
export async function installPackage(pkg: PluginPackage, pluginsFolder: string): Promise<InstallOutcome> {
  const root = await ensurePluginsFolder(pluginsFolder);
  const id = pkg.manifest.name;
  const target = join(root, id);
  const same = (await listInstalled(root)).find((p) => p.name === id);
  if (same) {
    const where =
      same.path === target
        ? `plugin "${id}" is already installed in ${same.path}`
        : `a plugin named "${id}" is already installed in ${same.path}; installing ${pkg.file} would add a second one in ${target}`;
    throw new NdpError('PLUGIN_DUPLICATE_NAME', `${where}: use "ndp update ${pkg.file}" to replace it`, {
      details: { pluginId: id, file: pkg.file, path: same.path },
    });
  }
  if (await exists(target)) {
    throw new NdpError(
      'PLUGIN_DUPLICATE_NAME',
      `${target} already exists and is not the plugin "${id}"; move it out of the plugins folder, then install again`,
      { details: { pluginId: id, file: pkg.file, path: target } },
    );
  }
  const staging = await stagePackage(pkg, root);
  try {
    await rename(staging, target);
  } catch (e) {
    await rm(staging, { recursive: true, force: true });
    throw e;
  }
  return { id, version: pkg.manifest.version, path: target };
}

/** True when something (anything, even a broken link) is at `path`. */
export async function exists(path: string): Promise<boolean> {
  return lstat(path).then(
    () => true,
    (e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT') return false;
      throw e;
    },
  );
}
