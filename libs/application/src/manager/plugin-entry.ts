import type { Manifest, PluginConfigSchema } from '@ndp/domain';
import type { PluginVersion } from './plugin-version.js';
import type { PluginFailure, PluginState, PluginStatus } from './plugin-status.js';

/** The manager's mutable record of one plugin id. Internal to the manager. */
export class PluginEntry {
  state: PluginState = 'loading';
  current: PluginVersion | undefined;
  failure: PluginFailure | undefined;
  readyAt: number | undefined;
  updatedAt: number;
  /** The plugin's settings schema (`config.schema.json`), once read; kept while the plugin is failed or disabled. */
  settings: PluginConfigSchema | undefined;
  /** SHA-256 of the package (manifest and module) last read from the folder. */
  packageHash: string | undefined;
  /** Bumped by every load, disable and removal: a load that finishes under an older generation is dropped. */
  generation = 0;
  private settledWaiters: (() => void)[] = [];

  constructor(
    readonly id: string,
    public folder: string,
    public manifest: Manifest,
    readonly discoveredAt: number,
  ) {
    this.updatedAt = discoveredAt;
  }

  /** Changes state; leaving `loading` wakes every caller waiting for the plugin. */
  setState(state: PluginState, now: number, failure?: PluginFailure): void {
    this.state = state;
    this.failure = failure;
    this.updatedAt = now;
    if (state !== 'loading') for (const wake of this.settledWaiters.splice(0)) wake();
  }

  /** Resolves when the entry is no longer `loading`, or after `ms`, whichever is first. */
  waitUntilSettled(ms: number): Promise<void> {
    if (this.state !== 'loading') return Promise.resolve();
    return new Promise<void>((resolve) => {
      const timer = setTimeout(done, Math.max(0, ms));
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.settledWaiters.push(done);
    });
  }

  /** Wakes waiters without a state change (the entry was removed). */
  abandon(): void {
    for (const wake of this.settledWaiters.splice(0)) wake();
  }

  status(): PluginStatus {
    const m = this.manifest;
    return {
      id: this.id,
      folder: this.folder,
      state: this.state,
      manifest: m,
      version: m.version,
      capabilities: m.capabilities,
      permissions: Object.keys(m.permissions),
      ...(this.failure ? { failure: this.failure } : {}),
      ...(this.current
        ? {
            moduleHash: this.current.compiled.hash,
            pool: this.current.pool.sizes(),
            memory: this.current.pool.memory(),
          }
        : {}),
      discoveredAt: this.discoveredAt,
      updatedAt: this.updatedAt,
      ...(this.readyAt !== undefined ? { readyAt: this.readyAt } : {}),
      ...(this.settings ? { settings: this.settings } : {}),
    };
  }
}
