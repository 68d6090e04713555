import { NdpError } from '@ndp/domain';
import type { PluginFiles, PluginFolderEntry, PluginStore } from '../../plugin-store.js';

interface Folder {
  manifestText: string;
  wasm: Uint8Array;
  configSchemaText?: string;
}

/** A PluginStore over an in-memory map of folders. Test support only. */
export class FakePluginStore implements PluginStore {
  private readonly folders = new Map<string, Folder>();
  private readonly problems = new Map<string, string>();

  /** Adds or replaces a folder; `manifest` is an object (serialised) or raw text. */
  put(folder: string, manifest: object | string, wasm: Uint8Array, configSchema?: object | string): void {
    this.problems.delete(folder);
    this.folders.set(folder, {
      manifestText: typeof manifest === 'string' ? manifest : JSON.stringify(manifest),
      wasm,
      ...(configSchema === undefined
        ? {}
        : {
            configSchemaText: typeof configSchema === 'string' ? configSchema : JSON.stringify(configSchema),
          }),
    });
  }

  /** Makes `list` report this folder as unusable. */
  putProblem(folder: string, problem: string): void {
    this.folders.delete(folder);
    this.problems.set(folder, problem);
  }

  delete(folder: string): void {
    this.folders.delete(folder);
    this.problems.delete(folder);
  }

  async list(): Promise<readonly PluginFolderEntry[]> {
    const entries: PluginFolderEntry[] = [
      ...[...this.folders.keys()].map((folder) => ({
        ok: true as const,
        folder,
        path: `/plugins/${folder}`,
        isSymlink: false,
      })),
      ...[...this.problems].map(([folder, problem]) => ({
        ok: false as const,
        code: 'PLUGIN_FOLDER_INVALID' as const,
        folder,
        path: `/plugins/${folder}`,
        // Like the filesystem store: the problem names its folder.
        problem: `plugin folder "${folder}" (/plugins/${folder}): ${problem}`,
      })),
    ];
    return entries.sort((a, b) => a.folder.localeCompare(b.folder));
  }

  async read(folder: string): Promise<PluginFiles> {
    const f = this.folders.get(folder);
    if (!f) throw new NdpError('PLUGIN_FOLDER_INVALID', `plugin folder "${folder}" does not exist`);
    return {
      manifestText: f.manifestText,
      manifestFile: `/plugins/${folder}/manifest.json`,
      wasm: f.wasm,
      ...(f.configSchemaText === undefined
        ? {}
        : {
            configSchemaText: f.configSchemaText,
            configSchemaFile: `/plugins/${folder}/config.schema.json`,
          }),
    };
  }
}
