import type { PluginFiles, PluginFolderEntry, PluginStore } from '@ndp/ports';

/** A plugins folder holding exactly one plugin, from bytes already read: the manager's view of a plugin under test. */
export class SinglePluginStore implements PluginStore {
  constructor(
    private readonly folder: string,
    private readonly files: PluginFiles,
  ) {}

  async list(): Promise<readonly PluginFolderEntry[]> {
    return [{ ok: true, folder: this.folder, path: this.files.manifestFile, isSymlink: false }];
  }

  async read(folder: string): Promise<PluginFiles> {
    if (folder !== this.folder) throw new Error(`no plugin folder "${folder}" (only "${this.folder}")`);
    return this.files;
  }
}
