/** A folder of the plugins folder that looks like a plugin. */
export interface PluginFolder {
  readonly ok: true;
  /** The entry's name inside the plugins folder. */
  readonly folder: string;
  /** Its absolute path (the symlink's own path for a dev-mode link). */
  readonly path: string;
  readonly isSymlink: boolean;
}

/** An entry that cannot be a plugin (broken symlink, symlink to a file, no `plugin.wasm`, no manifest). */
export interface PluginFolderProblem {
  readonly ok: false;
  readonly folder: string;
  readonly path: string;
  /** What is wrong and what to do, naming the folder, e.g. `plugin folder "x" (/p/x): plugin.wasm is missing`. */
  readonly problem: string;
  /** The error code of the problem (`PLUGIN_WASM_MISSING`, `MANIFEST_NOT_FOUND`, `PLUGIN_FOLDER_INVALID`). */
  readonly code: 'PLUGIN_WASM_MISSING' | 'MANIFEST_NOT_FOUND' | 'PLUGIN_FOLDER_INVALID';
}

/** What `list` reports for one entry. */
export type PluginFolderEntry = PluginFolder | PluginFolderProblem;

/** The files of one plugin folder. */
export interface PluginFiles {
  readonly manifestText: string;
  /** The manifest's absolute path, for error messages. */
  readonly manifestFile: string;
  readonly wasm: Uint8Array;
  /** The text of the folder's `config.schema.json` (the plugin's settings schema), when it ships one. */
  readonly configSchemaText?: string;
  /** That file's absolute path, for error messages. */
  readonly configSchemaFile?: string;
}

/**
 * The plugins folder as the plugin manager sees it.
 *
 * Guarantees: `list` skips hidden entries and plain files, reports every other entry (a problem never hides the
 * other plugins), and creates a missing plugins folder (mode 0700); results are sorted by folder name.
 * `read` returns the files as they are at that moment.
 * Does not guarantee: that a folder listed is still there when read (read then rejects with an `NdpError`
 * naming the folder), nor validation of the manifest or module (the domain and engine do that).
 *
 * @example
 * ```ts
 * for (const entry of await store.list()) {
 *   if (!entry.ok) { log.warn(entry.problem, { folder: entry.folder }); continue; }
 *   const files = await store.read(entry.folder);
 * }
 * ```
 */
export interface PluginStore {
  list(): Promise<readonly PluginFolderEntry[]>;
  read(folder: string): Promise<PluginFiles>;
}
