import type { PluginManager, PluginStatus } from '@ndp/application';
import { formatConfigIssues, NdpError, type ConfigField } from '@ndp/domain';
import type { StaticPluginConfigSource } from '@ndp/adapters-local';
import type { PluginSettingsStore, SavedSettings } from './plugin-settings-store.js';

/** One setting as the admin page shows it; a secret's value is never sent, only whether it is set. */
export interface SettingView extends ConfigField {
  readonly value?: string;
  /** For secrets: whether a value is in force. */
  readonly isSet?: boolean;
  /** Where the value in force comes from. */
  readonly origin: 'saved' | 'config' | 'unset';
}

/** A save from the admin page: a value per key; `null` removes a saved value (the configuration's applies again). */
export type SettingsChange = Readonly<Record<string, string | null>>;

/**
 * The plugins' settings in force: the configuration's `[PluginConfig.<id>]` maps with the values saved from the admin
 * page laid over them (see {@link PluginSettingsStore} for the precedence), published through the live config source,
 * so that a change re-runs the plugin's load path (its OnInit included).
 */
export class PluginSettings {
  constructor(
    private configured: SavedSettings,
    private readonly store: PluginSettingsStore,
    private readonly source: StaticPluginConfigSource,
  ) {}

  /** The maps the config source serves: configuration plus saved values. */
  effective(): SavedSettings {
    return this.store.over(this.configured);
  }

  /** Takes new configuration maps (a configuration reload); saved values stay laid over them. */
  reconfigure(configured: SavedSettings): void {
    this.configured = configured;
    this.source.update(this.effective());
  }

  /** The plugin's settings for the page (secrets masked), `undefined` when it ships no schema. */
  view(status: PluginStatus): SettingView[] | undefined {
    const fields = status.settings?.fields;
    if (!fields || !status.id) return undefined;
    const saved = this.store.get(status.id);
    const inForce = this.source.get(status.id);
    return fields.map((f) => {
      const value = inForce[f.key];
      const origin = Object.hasOwn(saved, f.key) ? 'saved' : value !== undefined ? 'config' : 'unset';
      return f.secret
        ? { ...f, isSet: value !== undefined && value !== '', origin }
        : { ...f, ...(value !== undefined ? { value } : {}), origin };
    });
  }

  /**
   * Validates `change` against the plugin's schema (merged with what is in force), then saves it and reloads the
   * plugin; resolves with its new status. A change the schema refuses rejects with `PLUGIN_CONFIG_INVALID` and
   * changes nothing. A secret left out of `change` keeps its value.
   */
  async save(manager: PluginManager, pluginId: string, change: SettingsChange): Promise<PluginStatus> {
    const status = manager.status(pluginId);
    if (!status) {
      throw new NdpError('PLUGIN_NOT_FOUND', `no plugin "${pluginId}"`, { details: { pluginId } });
    }
    const schema = status.settings;
    if (!schema) {
      throw new NdpError(
        'PLUGIN_CONFIG_INVALID',
        `plugin "${pluginId}" ships no config.schema.json: its settings can only be set in ndp.toml`,
        { details: { pluginId } },
      );
    }
    const known = new Set(schema.fields.map((f) => f.key));
    const unknown = Object.keys(change).filter((k) => !known.has(k));
    if (unknown.length > 0) {
      const issues = unknown.map((key) => ({ key, message: 'is not a setting of this plugin' }));
      throw invalid(pluginId, issues);
    }
    const saved: Record<string, string> = { ...this.store.get(pluginId) };
    for (const [key, value] of Object.entries(change)) {
      if (value === null) delete saved[key];
      else saved[key] = value;
    }
    const merged = { ...this.configured[pluginId], ...saved };
    const issues = schema.validate(merged);
    if (issues.length > 0) throw invalid(pluginId, issues);
    const before = JSON.stringify(this.source.get(pluginId));
    this.store.set(pluginId, saved);
    this.source.update(this.effective());
    const changed = JSON.stringify(this.source.get(pluginId)) !== before;
    if (changed && (status.state === 'ready' || status.state === 'failed')) {
      // The config source's listener reloads the plugin (OnInit again): wait for that reload rather than start a
      // second one beside it.
      await reloaded(manager, pluginId, status.updatedAt);
    } else {
      await manager.refresh(pluginId);
    }
    return manager.status(pluginId) ?? status;
  }
}

const RELOAD_WAIT_MS = 60_000;

/** Resolves once the plugin's state changed after `since` and no load is under way (or after a bounded wait). */
async function reloaded(manager: PluginManager, pluginId: string, since: number): Promise<void> {
  const giveUp = Date.now() + RELOAD_WAIT_MS;
  while (Date.now() < giveUp) {
    const now = manager.status(pluginId);
    if (!now || (now.updatedAt !== since && now.state !== 'loading')) break;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  await manager.settled();
}

function invalid(pluginId: string, issues: readonly { key: string; message: string }[]): NdpError {
  return new NdpError(
    'PLUGIN_CONFIG_INVALID',
    `the settings of plugin "${pluginId}" were not saved: ${formatConfigIssues(pluginId, issues)}`,
    { details: { pluginId, issues: issues.map((i) => ({ ...i })) } },
  );
}
