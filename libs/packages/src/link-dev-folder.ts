import { readFile, realpath, stat, symlink } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { NdpError, parseManifest, type ParsedManifest } from '@ndp/domain';
import { listInstalled } from './installed-plugins.js';
import { exists } from './install-package.js';
import { ensurePluginsFolder } from './plugin-tree.js';
import { validatePlugin } from './validate-plugin.js';

/** What {@link linkDevFolder} did. */
export interface LinkOutcome {
  readonly id: string;
  /** The link in the plugins folder. */
  readonly link: string;
  /** The development folder (absolute, real path). */
  readonly target: string;
  /** True when the same link was already there (nothing changed). */
  readonly alreadyLinked: boolean;
  /** True when the folder has no plugin.wasm yet (the host will report it until it is built). */
  readonly wasmMissing: boolean;
  readonly parsed: ParsedManifest;
}

/**
 * Links a development folder into the plugins folder as `<pluginsFolder>/<manifest.name>` (dev mode, docs/contract.md §1), so
 * rebuilding there and `ndp refresh <id>` serve the new code. The manifest must be valid; when plugin.wasm exists
 * it gets the host's load checks too. Linking the same folder again is a no-op.
 *
 * Refuses with `PLUGIN_FOLDER_INVALID` when the folder is not a folder or has no manifest.json, and with
 * `PLUGIN_DUPLICATE_NAME` when another entry already uses the name (naming both).
 */
export async function linkDevFolder(pluginsFolder: string, devFolder: string): Promise<LinkOutcome> {
  const source = resolve(devFolder);
  const info = await stat(source).catch(() => undefined);
  if (!info?.isDirectory()) {
    throw new NdpError(
      'PLUGIN_FOLDER_INVALID',
      `${source} is not a folder: pass the plugin's development folder`,
      {
        details: { path: source },
      },
    );
  }
  const target = await realpath(source);
  const manifestFile = join(target, 'manifest.json');
  const text = await readFile(manifestFile, 'utf8').catch(() => undefined);
  if (text === undefined) {
    throw new NdpError(
      'PLUGIN_FOLDER_INVALID',
      `${manifestFile} does not exist: a plugin folder needs a manifest.json`,
      {
        details: { file: manifestFile },
      },
    );
  }
  const wasmFile = join(target, 'plugin.wasm');
  const wasm = await readFile(wasmFile).catch(() => undefined);
  let parsed: ParsedManifest;
  if (wasm) {
    parsed = validatePlugin(text, wasm, { manifestFile, wasmFile });
  } else {
    const result = parseManifest(text, manifestFile);
    if (!result.ok) throw result.error;
    parsed = result.value;
  }
  const id = parsed.manifest.name;
  const root = await ensurePluginsFolder(pluginsFolder);
  const link = join(root, id);
  const holder = (await listInstalled(root)).find((p) => p.name === id || p.folder === id);
  if (holder) {
    if (holder.isSymlink && holder.linkTarget === target) {
      return { id, link, target, alreadyLinked: true, wasmMissing: !wasm, parsed };
    }
    throw new NdpError(
      'PLUGIN_DUPLICATE_NAME',
      `plugin "${id}" is already installed in ${holder.path}${holder.linkTarget ? ` (a link to ${holder.linkTarget})` : ''}; ` +
        `linking ${target} would make a second one: run "ndp remove ${id}" first`,
      { details: { pluginId: id, path: holder.path, folder: target } },
    );
  }
  if (await exists(link)) {
    throw new NdpError('PLUGIN_DUPLICATE_NAME', `${link} already exists; move it away, then link again`, {
      details: { pluginId: id, path: link },
    });
  }
  await symlink(target, link, 'dir');
  return { id, link, target, alreadyLinked: false, wasmMissing: !wasm, parsed };
}
