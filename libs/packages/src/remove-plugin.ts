import { rename, rm, unlink } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { NdpError } from '@ndp/domain';
import { findInstalled } from './installed-plugins.js';
import { timestamp } from './plugin-tree.js';

/** What {@link removePlugin} did. */
export interface RemoveOutcome {
  readonly id: string;
  /** `link`: a development link was removed and its target kept; `folder`: the plugin folder was deleted. */
  readonly kind: 'link' | 'folder';
  readonly path: string;
  /** The development folder a removed link pointed to (kept). */
  readonly linkTarget?: string;
}

/**
 * Removes the plugin whose manifest `name` is `id` (or, failing that, the plugins-folder entry named `id`).
 * A development link is unlinked and its target left alone. A folder is first renamed to a hidden name (so a
 * host scanning meanwhile sees it gone at once, never half-deleted), then deleted.
 * Refuses with `PLUGIN_NOT_FOUND` when nothing matches.
 */
export async function removePlugin(pluginsFolder: string, id: string): Promise<RemoveOutcome> {
  const root = resolve(pluginsFolder);
  const found = await findInstalled(root, id);
  if (!found) {
    throw new NdpError(
      'PLUGIN_NOT_FOUND',
      `no plugin "${id}" in ${root}: "ndp list" shows the installed ones`,
      {
        details: { pluginId: id, path: root },
      },
    );
  }
  if (found.isSymlink) {
    await unlink(found.path);
    return {
      id,
      kind: 'link',
      path: found.path,
      ...(found.linkTarget ? { linkTarget: found.linkTarget } : {}),
    };
  }
  const doomed = join(dirname(found.path), `.${found.folder}.removing.${timestamp(new Date())}`);
  await rename(found.path, doomed);
  await rm(doomed, { recursive: true, force: true });
  return { id, kind: 'folder', path: found.path };
}
