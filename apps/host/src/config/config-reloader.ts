import type { Agents, PluginManager } from '@ndp/application';
import type { Logger } from '@ndp/ports';
import type { HostConfig } from './host-config.js';
import { referenceWarnings } from './plugin-references.js';

/** What a configuration reload changed. */
export interface ConfigReloadReport {
  readonly file: string | null;
  /** Plugins whose `PluginConfig` or overrides changed: their OnInit ran again (their state is in /api/plugins). */
  readonly reinitialized: readonly string[];
  /** The new `Agents` order when it changed (it applies to the next call), else null. */
  readonly agents: readonly string[] | null;
  /** Settings that changed but only apply at the next start (the port, the engine, folders, ...). */
  readonly restartRequired: readonly string[];
  /** Unknown keys and references to plugins that do not exist, with file and line. */
  readonly warnings: readonly string[];
}

/** What a reload acts on. */
export interface ReloadTargets {
  readonly manager: PluginManager;
  readonly agents: Agents;
  /** Switches the live `PluginConfig` maps (the config source notifies the manager of the changed plugins). */
  readonly updatePluginConfig: (maps: HostConfig['pluginConfig']) => void;
  /** Switches the per-plugin overrides for plugins loaded from now on. */
  readonly updateOverrides: (overrides: HostConfig['plugins']['overrides']) => void;
  readonly logger: Logger;
}

/**
 * Re-reads the host configuration and applies what can change live: `PluginConfig.<id>` (ConfigService serves the
 * new map and the plugin's OnInit runs again), `Agents` (the next call uses the new order) and
 * `Plugins.Overrides` (the plugin is reloaded with its new limits). Everything else is reported as needing a
 * restart. A file that does not load keeps the running configuration: the error (file, line, key) is logged and
 * rethrown to the caller. Reloads run one at a time.
 */
export class ConfigReloader {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private current: HostConfig,
    private readonly load: () => HostConfig,
    private readonly targets: ReloadTargets,
  ) {}

  /** The configuration in force. */
  get config(): HostConfig {
    return this.current;
  }

  /** Reloads; `trigger` (SIGHUP, admin API, file change) goes to the log. */
  reload(trigger: string): Promise<ConfigReloadReport> {
    const run = this.queue.then(() => this.apply(trigger));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async apply(trigger: string): Promise<ConfigReloadReport> {
    const log = this.targets.logger;
    let next: HostConfig;
    try {
      next = this.load();
    } catch (error) {
      log.error('config reload failed: the running configuration is kept', {
        trigger,
        file: this.current.file,
        error: error instanceof Error ? error.message : String(error),
      });
      throw error;
    }
    const before = this.current;
    this.current = next;
    const { manager, agents } = this.targets;
    const changedConfig = changedIds(before.pluginConfig, next.pluginConfig);
    const changedOverrides = changedIds(before.plugins.overrides, next.plugins.overrides);
    this.targets.updateOverrides(next.plugins.overrides);
    this.targets.updatePluginConfig(next.pluginConfig);
    const agentsChanged = JSON.stringify(before.agents) !== JSON.stringify(next.agents);
    if (agentsChanged) agents.setNames(next.agents);
    const reinitialized = new Set<string>();
    for (const id of changedConfig) {
      const state = manager.status(id)?.state;
      if (state === 'ready' || state === 'failed') reinitialized.add(id);
    }
    const refreshes: Promise<unknown>[] = [];
    for (const id of changedOverrides) {
      const state = manager.status(id)?.state;
      if (state !== 'ready' && state !== 'failed') continue;
      if (!reinitialized.has(id)) refreshes.push(manager.refresh(id).catch(() => undefined));
      reinitialized.add(id);
    }
    await Promise.all(refreshes);
    await manager.settled();
    const warnings = [...next.warnings, ...referenceWarnings(next, manager.list())];
    for (const w of warnings) log.warn(w);
    const report: ConfigReloadReport = {
      file: next.file ?? null,
      reinitialized: [...reinitialized].sort(),
      agents: agentsChanged ? next.agents : null,
      restartRequired: restartSettings(before, next),
      warnings,
    };
    log.info('config reloaded', { trigger, ...report });
    return report;
  }
}

function changedIds(a: Readonly<Record<string, unknown>>, b: Readonly<Record<string, unknown>>): string[] {
  return [...new Set([...Object.keys(a), ...Object.keys(b)])].filter(
    (id) => JSON.stringify(a[id] ?? {}) !== JSON.stringify(b[id] ?? {}),
  );
}

/** The settings that differ but are only read at start. */
function restartSettings(a: HostConfig, b: HostConfig): string[] {
  const out: string[] = [];
  const top = [
    'dataFolder',
    'address',
    'port',
    'baseUrl',
    'shareUrl',
    'adminToken',
    'secret',
    'logLevel',
    'cluster',
  ] as const;
  for (const key of top) if (JSON.stringify(a[key]) !== JSON.stringify(b[key])) out.push(key);
  for (const key of Object.keys(a.plugins) as (keyof HostConfig['plugins'])[]) {
    if (key === 'overrides') continue;
    if (JSON.stringify(a.plugins[key]) !== JSON.stringify(b.plugins[key])) out.push(`plugins.${key}`);
  }
  return out;
}
