import { rename as fsRename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { NdpError } from '@ndp/domain';
import { listInstalled } from './installed-plugins.js';
import type { PluginPackage } from './plugin-package.js';
import { ensurePluginsFolder, stagePackage, timestamp } from './plugin-tree.js';

/** What {@link updatePackage} did. */
export interface UpdateOutcome {
  readonly id: string;
  /** The version that was installed before, when its manifest was readable. */
  readonly previousVersion: string | undefined;
  readonly version: string;
  readonly path: string;
}

/** Seams of {@link updatePackage}, for tests that need a step to fail. */
export interface UpdateOptions {
  readonly now?: Date;
  readonly rename?: (from: string, to: string) => Promise<void>;
}

/**
 * Replaces the installed plugin named like the package's manifest with the package (docs/contract.md §7). The new files are
 * staged first; then the old folder is renamed to a hidden backup `.<folder>.bak.<YYYYMMDDHHMMSS>` in the plugins
 * folder (hidden, so a host scanning meanwhile never sees two plugins of one name), the staged folder is renamed
 * into place, and the backup is deleted. If any step fails the backup is renamed back and the staged files are
 * removed, so the old plugin is what stays.
 *
 * Refuses with `PLUGIN_NOT_FOUND` when no plugin of that name is installed (suggesting `ndp install`), and with
 * `PLUGIN_FOLDER_INVALID` when it is a development link (its files belong to the developer's folder).
 */
export async function updatePackage(
  pkg: PluginPackage,
  pluginsFolder: string,
  options: UpdateOptions = {},
): Promise<UpdateOutcome> {
  const rename = options.rename ?? fsRename;
  const root = await ensurePluginsFolder(pluginsFolder);
  const id = pkg.manifest.name;
  const current = (await listInstalled(root)).find((p) => p.name === id);
  if (!current) {
    throw new NdpError(
      'PLUGIN_NOT_FOUND',
      `plugin "${id}" is not installed in ${root}: use "ndp install ${pkg.file}"`,
      {
        details: { pluginId: id, file: pkg.file },
      },
    );
  }
  if (current.isSymlink) {
    throw new NdpError(
      'PLUGIN_FOLDER_INVALID',
      `plugin "${id}" is a development link to ${current.linkTarget ?? '(unknown)'}: change the files there and ` +
        `run "ndp refresh ${id}", or "ndp remove ${id}" then install the package`,
      { details: { pluginId: id, path: current.path } },
    );
  }
  const staging = await stagePackage(pkg, root);
  const backup = join(
    dirname(current.path),
    `.${current.folder}.bak.${timestamp(options.now ?? new Date())}`,
  );
  try {
    await rename(current.path, backup);
  } catch (e) {
    await rm(staging, { recursive: true, force: true });
    throw e;
  }
  try {
    await rename(staging, current.path);
  } catch (e) {
    await fsRename(backup, current.path);
    await rm(staging, { recursive: true, force: true });
    throw e;
  }
  await rm(backup, { recursive: true, force: true });
  return {
    id,
    previousVersion: current.manifest?.version,
    version: pkg.manifest.version,
    path: current.path,
  };
}
