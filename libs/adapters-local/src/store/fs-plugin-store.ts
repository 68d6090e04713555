import { chmod, mkdir, readdir, readFile, readlink, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { DEFAULT_MANIFEST_LIMITS, MAX_CONFIG_SCHEMA_BYTES, NdpError } from '@ndp/domain';
import type { PluginFiles, PluginFolderEntry, PluginStore } from '@ndp/ports';

/** Options of {@link FsPluginStore}. */
export interface FsPluginStoreOptions {
  /** The plugins folder (`Plugins.Folder`); a relative path is resolved against the working directory once. */
  readonly pluginsFolder: string;
  /**
   * A `manifest.json` larger than this is refused without being read (`MANIFEST_INVALID`). Default 256 KiB, the
   * manifest parser's own default limit.
   */
  readonly maxManifestBytes?: number;
}

/** The module file every plugin folder must have. */
const PLUGIN_WASM_FILE = 'plugin.wasm';
/** The optional settings schema a plugin may ship beside its manifest. */
const CONFIG_SCHEMA_FILE = 'config.schema.json';
/** The manifest file every plugin folder must have. */
const MANIFEST_FILE = 'manifest.json';

/**
 * The {@link PluginStore} over a plugins folder on disk (docs/contract.md §1).
 *
 * Guarantees (beyond the port's): `list` (and `ensureFolder`) creates a missing plugins folder with mode 0700,
 * parents included. An entry is a plugin folder when it is a directory, or a symlink to one (dev mode; a relative
 * link target is resolved against the plugins folder, where the link lives), holding a `plugin.wasm` and a
 * `manifest.json` file. Broken symlinks, symlinks to files and folders missing either file are problems whose
 * text names the folder and the reason. Entries that are neither directories nor symlinks are skipped, like
 * hidden ones. `read` accepts only a plain entry name (no path separator, not hidden, not `..`), and refuses a
 * manifest larger than `maxManifestBytes` before reading it.
 * Does not guarantee: that the manifest is valid or the module compiles.
 *
 * @example
 * ```ts
 * const store = new FsPluginStore({ pluginsFolder: './data/plugins' });
 * const entries = await store.list();
 * ```
 */
export class FsPluginStore implements PluginStore {
  /** The absolute plugins folder. */
  readonly folder: string;
  private readonly maxManifestBytes: number;

  constructor(options: FsPluginStoreOptions) {
    this.folder = resolve(options.pluginsFolder);
    this.maxManifestBytes = options.maxManifestBytes ?? DEFAULT_MANIFEST_LIMITS.maxBytes;
  }

  /** Creates the plugins folder (mode 0700) when it does not exist; does nothing when it does. */
  async ensureFolder(): Promise<void> {
    const created = await mkdir(this.folder, { recursive: true, mode: 0o700 });
    // mkdir's mode goes through the umask; the folder holds code the host runs, so set it exactly.
    if (created !== undefined) await chmod(this.folder, 0o700);
  }

  async list(): Promise<readonly PluginFolderEntry[]> {
    await this.ensureFolder();
    const dirents = await readdir(this.folder, { withFileTypes: true });
    const candidates = dirents
      .filter((d) => !d.name.startsWith('.') && (d.isDirectory() || d.isSymbolicLink()))
      .map((d) => d.name)
      .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    return Promise.all(candidates.map((name) => this.inspect(name)));
  }

  async read(folder: string): Promise<PluginFiles> {
    if (folder === '' || folder.startsWith('.') || /[/\\]/.test(folder)) {
      throw new NdpError(
        'PLUGIN_FOLDER_INVALID',
        `"${folder}" is not the name of an entry of the plugins folder`,
        {
          details: { path: this.folder },
        },
      );
    }
    const dir = join(this.folder, folder);
    const manifestFile = join(dir, MANIFEST_FILE);
    const wasmFile = join(dir, PLUGIN_WASM_FILE);
    const size = (await stat(manifestFile).catch(() => undefined))?.size ?? 0;
    if (size > this.maxManifestBytes) {
      throw new NdpError(
        'MANIFEST_INVALID',
        `plugin folder "${folder}": ${manifestFile} is ${size} bytes, more than the limit of ` +
          `${this.maxManifestBytes} bytes; it was not read`,
        { details: { file: manifestFile, bytes: size, limit: this.maxManifestBytes } },
      );
    }
    const manifestText = await readFile(manifestFile, 'utf8').catch((cause: unknown) => {
      throw readError(cause, 'MANIFEST_NOT_FOUND', folder, manifestFile);
    });
    const wasm = await readFile(wasmFile).catch((cause: unknown) => {
      throw readError(cause, 'PLUGIN_WASM_MISSING', folder, wasmFile);
    });
    const configSchemaFile = join(dir, CONFIG_SCHEMA_FILE);
    const configSchemaText = await readSettingsSchema(folder, configSchemaFile);
    return {
      manifestText,
      manifestFile,
      wasm: new Uint8Array(wasm.buffer, wasm.byteOffset, wasm.byteLength),
      ...(configSchemaText === undefined ? {} : { configSchemaText, configSchemaFile }),
    };
  }

  private async inspect(name: string): Promise<PluginFolderEntry> {
    const path = join(this.folder, name);
    const problem = (
      reason: string,
      code: 'PLUGIN_WASM_MISSING' | 'MANIFEST_NOT_FOUND' | 'PLUGIN_FOLDER_INVALID' = 'PLUGIN_FOLDER_INVALID',
    ): PluginFolderEntry => ({
      ok: false,
      folder: name,
      path,
      code,
      problem: `plugin folder "${name}" (${path}): ${reason}`,
    });
    const linkTarget = await readlink(path).then(
      (target) => resolve(this.folder, target),
      () => undefined,
    );
    const target = await stat(path).catch(() => undefined);
    if (!target && linkTarget === undefined) return problem('it disappeared or cannot be read');
    if (!target) {
      return problem(
        `broken symlink: its target ${linkTarget ?? '(unreadable)'} does not exist; fix or remove the link`,
      );
    }
    if (!target.isDirectory()) {
      return problem(
        `symlink to ${linkTarget ?? 'a file'}, which is not a folder; link to the plugin's folder instead`,
      );
    }
    const missing: string[] = [];
    for (const file of [PLUGIN_WASM_FILE, MANIFEST_FILE]) {
      const found = await stat(join(path, file)).catch(() => undefined);
      if (!found?.isFile()) missing.push(file);
    }
    if (missing.length > 0) {
      return problem(
        `${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} missing; a plugin folder needs ${PLUGIN_WASM_FILE} and ${MANIFEST_FILE}`,
        missing[0] === PLUGIN_WASM_FILE ? 'PLUGIN_WASM_MISSING' : 'MANIFEST_NOT_FOUND',
      );
    }
    return { ok: true, folder: name, path, isSymlink: linkTarget !== undefined };
  }
}

function readError(
  cause: unknown,
  missingCode: 'MANIFEST_NOT_FOUND' | 'PLUGIN_WASM_MISSING' | 'PLUGIN_FOLDER_INVALID',
  folder: string,
  file: string,
): NdpError {
  const code = (cause as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') {
    return new NdpError(missingCode, `plugin folder "${folder}": ${file} does not exist (was it removed?)`, {
      cause,
      details: { file },
    });
  }
  return new NdpError(
    'PLUGIN_FOLDER_INVALID',
    `plugin folder "${folder}": cannot read ${file}: ${String(cause)}`,
    {
      cause,
      details: { file },
    },
  );
}

/** The folder's settings schema, `undefined` when it ships none; a file too large to be one is refused unread. */
async function readSettingsSchema(folder: string, file: string): Promise<string | undefined> {
  const info = await stat(file).catch((cause: NodeJS.ErrnoException) => {
    if (cause.code === 'ENOENT') return undefined;
    throw readError(cause, 'PLUGIN_FOLDER_INVALID', folder, file);
  });
  if (!info) return undefined;
  if (!info.isFile() || info.size > MAX_CONFIG_SCHEMA_BYTES) {
    throw new NdpError(
      'CONFIG_SCHEMA_INVALID',
      `plugin folder "${folder}": ${file} ${info.isFile() ? `is ${info.size} bytes; a settings schema may have at most ${MAX_CONFIG_SCHEMA_BYTES}` : 'is not a file'}`,
      { details: { path: file } },
    );
  }
  return readFile(file, 'utf8').catch((cause: unknown) => {
    throw readError(cause, 'PLUGIN_FOLDER_INVALID', folder, file);
  });
}
