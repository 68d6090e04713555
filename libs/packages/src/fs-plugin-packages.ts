import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NdpError } from '@ndp/domain';
import type { PackedPlugin, PluginPackages } from '@ndp/ports';
import { installPackage } from './install-package.js';
import { findInstalled, listInstalled } from './installed-plugins.js';
import { packFolder } from './pack-folder.js';
import type { PackageLimits } from './package-limits.js';
import { readPackage } from './read-package.js';
import { removePlugin } from './remove-plugin.js';
import { updatePackage } from './update-package.js';

/**
 * A plugins folder as `.ndp` packages, on the same code as `ndp pack`, `ndp install`, `ndp update` and
 * `ndp remove`: packing is deterministic, and installing a received package runs every check of
 * {@link readPackage} (archive limits, manifest, permissions, module) before anything is written.
 */
export class FsPluginPackages implements PluginPackages {
  constructor(
    private readonly pluginsFolder: string,
    private readonly limits: Partial<PackageLimits> = {},
  ) {}

  async installed(): Promise<string[]> {
    return (await listInstalled(this.pluginsFolder))
      .filter((p) => p.manifest && p.name !== undefined)
      .map((p) => p.name!);
  }

  async pack(pluginId: string): Promise<PackedPlugin | undefined> {
    const found = await findInstalled(this.pluginsFolder, pluginId);
    if (!found?.manifest) return undefined;
    return this.withScratch(async (scratch) => {
      const file = join(scratch, `${pluginId}.ndp`);
      try {
        const info = await packFolder(found.path, file);
        const bytes = new Uint8Array(await readFile(file));
        return { pluginId, version: info.manifest.version, sha256: info.sha256, bytes };
      } catch (e) {
        // An invalid folder is not a package to offer; the host reports it through the plugin's status.
        if (NdpError.is(e)) return undefined;
        throw e;
      }
    });
  }

  install(bytes: Uint8Array): Promise<{ pluginId: string; version: string }> {
    return this.withScratch(async (scratch) => {
      const sha = createHash('sha256').update(bytes).digest('hex').slice(0, 16);
      const file = join(scratch, `cluster-${sha}.ndp`);
      await writeFile(file, bytes, { mode: 0o600 });
      const pkg = await readPackage(file, this.limits);
      const present = await findInstalled(this.pluginsFolder, pkg.manifest.name);
      const outcome = present
        ? await updatePackage(pkg, this.pluginsFolder)
        : await installPackage(pkg, this.pluginsFolder);
      return { pluginId: outcome.id, version: outcome.version };
    });
  }

  async remove(pluginId: string): Promise<boolean> {
    if (!(await findInstalled(this.pluginsFolder, pluginId))) return false;
    await removePlugin(this.pluginsFolder, pluginId);
    return true;
  }

  private async withScratch<T>(run: (folder: string) => Promise<T>): Promise<T> {
    const folder = await mkdtemp(join(tmpdir(), 'ndp-packages-'));
    try {
      return await run(folder);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  }
}
