import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { NdpError } from '@ndp/domain';

/** Every plugin's saved settings, keyed by plugin id then setting key. */
export type SavedSettings = Readonly<Record<string, Readonly<Record<string, string>>>>;

/** The file, inside DataFolder, that holds the settings saved from the admin page. */
const SETTINGS_FILE = 'plugin-settings.json';

/**
 * Plugin settings saved through the host (the admin page), kept in `<DataFolder>/plugin-settings.json` (mode
 * 0600, written atomically: a temporary file renamed over the old one, so a crash never leaves half a file).
 *
 * Precedence, per key: a saved value overrides the value of `[PluginConfig.<id>]` in `ndp.toml` and its
 * `NDP_PLUGINCONFIG_<ID>_<KEY>` environment override; keys that were never saved keep the configuration's value.
 * Removing a saved key (`null` in a save) falls back to the configuration again.
 */
export class PluginSettingsStore {
  private saved: SavedSettings;

  private constructor(private readonly file: string) {
    this.saved = read(file);
  }

  /** Opens the store of `dataFolder`; a missing file is an empty store, an unreadable one an error naming it. */
  static open(dataFolder: string): PluginSettingsStore {
    return new PluginSettingsStore(join(dataFolder, SETTINGS_FILE));
  }

  /** The saved values of one plugin (`{}` when none). */
  get(pluginId: string): Readonly<Record<string, string>> {
    return this.saved[pluginId] ?? {};
  }

  /** The configuration's maps with the saved values laid over them, key by key. */
  over(configured: SavedSettings): SavedSettings {
    const merged: Record<string, Readonly<Record<string, string>>> = { ...configured };
    for (const [id, values] of Object.entries(this.saved)) merged[id] = { ...configured[id], ...values };
    return merged;
  }

  /** Replaces the saved values of one plugin and writes the file. */
  set(pluginId: string, values: Readonly<Record<string, string>>): void {
    const next: Record<string, Readonly<Record<string, string>>> = { ...this.saved };
    if (Object.keys(values).length === 0) delete next[pluginId];
    else next[pluginId] = { ...values };
    mkdirSync(dirname(this.file), { recursive: true, mode: 0o700 });
    const temporary = `${this.file}.${process.pid}.tmp`;
    writeFileSync(temporary, `${JSON.stringify(next, null, 2)}\n`, { mode: 0o600 });
    renameSync(temporary, this.file);
    this.saved = next;
  }
}

function read(file: string): SavedSettings {
  if (!existsSync(file)) return {};
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (cause) {
    throw new NdpError(
      'CONFIG_INVALID',
      `${file}: saved plugin settings are not valid JSON; fix or delete the file`,
      {
        cause,
        details: { file },
      },
    );
  }
  const valid =
    typeof data === 'object' &&
    data !== null &&
    !Array.isArray(data) &&
    Object.values(data).every(
      (m) =>
        typeof m === 'object' &&
        m !== null &&
        !Array.isArray(m) &&
        Object.values(m as object).every((v) => typeof v === 'string'),
    );
  if (!valid) {
    throw new NdpError(
      'CONFIG_INVALID',
      `${file}: saved plugin settings must map plugin ids to maps of text values; fix or delete the file`,
      { details: { file } },
    );
  }
  return data as SavedSettings;
}
