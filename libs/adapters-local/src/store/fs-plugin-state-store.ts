import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { NdpError } from '@ndp/domain';
import type { PluginStateRecord, PluginStateStore } from '@ndp/ports';

/** The state file's name inside the data folder. */
export const PLUGIN_STATE_FILE = 'plugin-state.json';

type Records = Readonly<Record<string, PluginStateRecord>>;

/**
 * The {@link PluginStateStore} as one small JSON file (`<DataFolder>/plugin-state.json`, mode 0600):
 * `{"version":1,"plugins":{"<id>":{"enabled":false,"approvedHash":"<sha-256>"}}}`.
 *
 * Guarantees (beyond the port's): a save writes a temporary file beside the state file, then renames it over the
 * state file, so a crash leaves the old or the new file, never half of one; saves run one at a time. A missing
 * file is an empty state; an unreadable or malformed one is `CONFIG_INVALID` naming the file (the host does not
 * start with a state it cannot read, rather than silently enabling plugins an operator disabled).
 */
export class FsPluginStateStore implements PluginStateStore {
  readonly file: string;
  private queue: Promise<void> = Promise.resolve();

  constructor(options: { readonly dataFolder: string }) {
    this.file = join(options.dataFolder, PLUGIN_STATE_FILE);
  }

  async load(): Promise<Records> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw this.invalid(`cannot be read: ${(e as Error).message}`, e);
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (e) {
      throw this.invalid(`is not valid JSON: ${(e as Error).message}`, e);
    }
    const plugins = (parsed as { plugins?: unknown } | null)?.plugins;
    if (typeof plugins !== 'object' || plugins === null || Array.isArray(plugins)) {
      throw this.invalid('has no "plugins" object');
    }
    const out: Record<string, PluginStateRecord> = {};
    for (const [id, value] of Object.entries(plugins as Record<string, unknown>)) {
      const r = value as { enabled?: unknown; approvedHash?: unknown } | null;
      if (
        typeof r?.enabled !== 'boolean' ||
        (r.approvedHash !== undefined && typeof r.approvedHash !== 'string')
      ) {
        throw this.invalid(
          `has an invalid entry for "${id}" (expected {"enabled": true|false, "approvedHash"?: "..."})`,
        );
      }
      out[id] = {
        enabled: r.enabled,
        ...(r.approvedHash !== undefined ? { approvedHash: r.approvedHash } : {}),
      };
    }
    return out;
  }

  save(records: Records): Promise<void> {
    const text = `${JSON.stringify({ version: 1, plugins: records }, null, 2)}\n`;
    const run = this.queue.then(async () => {
      await mkdir(dirname(this.file), { recursive: true, mode: 0o700 });
      const temp = `${this.file}.${process.pid}.tmp`;
      await writeFile(temp, text, { mode: 0o600 });
      await rename(temp, this.file);
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  private invalid(reason: string, cause?: unknown): NdpError {
    return new NdpError(
      'CONFIG_INVALID',
      `the plugin state file ${this.file} ${reason}; fix it, or delete it to enable every plugin again`,
      { cause, details: { file: this.file } },
    );
  }
}
