import { createHash } from 'node:crypto';
import type {
  ClusterBus,
  ClusterEnvelope,
  ClusterPluginRecord,
  Logger,
  PluginChangedMessage,
  PluginDistribution,
  PluginPackages,
} from '@ndp/ports';
import type { PluginManager } from '../manager/plugin-manager.js';

/** A change made through this node's admin API, to pass on to the cluster. */
export type LocalPluginChange = 'refreshed' | 'disabled' | 'enabled';

/** The manager operations the sync drives. */
export type SyncedManager = Pick<PluginManager, 'status' | 'refresh' | 'disable' | 'enable'>;

/** Options of {@link ClusterPluginSync}. */
export interface ClusterPluginSyncOptions {
  readonly manager: SyncedManager;
  readonly bus: ClusterBus;
  readonly distribution: PluginDistribution;
  readonly packages: PluginPackages;
  readonly logger: Logger;
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/**
 * Keeps every node's plugins the same as the cluster's plugin set. A change made through one node (install,
 * update or remove followed by a refresh, disable, enable) is written to the {@link PluginDistribution} — the
 * package bytes and their SHA-256 — and announced on the bus; every other node then makes its own plugins folder
 * match (checking the hash, installing with every local check), and refreshes, disables or enables the plugin
 * itself, so OnInit runs once on each node. A node starting later catches up from the distribution; plugins only
 * it has are offered to the cluster.
 *
 * Changes to one plugin are applied one after another on each node. A failure (a package whose hash does not
 * match, a check that refuses it, Redis lost) is logged and leaves the node's plugin as it was; the next change
 * or restart tries again. Never throws into the bus.
 */
export class ClusterPluginSync {
  private readonly chains = new Map<string, Promise<void>>();
  private unsubscribe: (() => void) | undefined;
  private readonly log: Logger;

  constructor(private readonly options: ClusterPluginSyncOptions) {
    this.log = options.logger.child({ component: 'cluster-plugins' });
  }

  /** Subscribes to the other nodes' changes, then catches up with the cluster's plugin set. */
  async start(): Promise<void> {
    this.unsubscribe ??= this.options.bus.subscribe((envelope) => this.receive(envelope));
    const { distribution, packages } = this.options;
    const records = await distribution.list();
    const known = new Set(records.map((r) => r.pluginId));
    await Promise.all(records.map((r) => this.serial(r.pluginId, () => this.reconcile(r, 'catch-up'))));
    for (const pluginId of await packages.installed()) {
      if (!known.has(pluginId)) await this.serial(pluginId, () => this.offer(pluginId));
    }
  }

  /** Passes on a change made through this node; resolves once the cluster knows of it. */
  announce(pluginId: string, change: LocalPluginChange): Promise<void> {
    return this.serial(pluginId, async () => {
      const { distribution, manager } = this.options;
      if (change !== 'refreshed') {
        await distribution.setEnabled(pluginId, change === 'enabled');
        return this.publish(pluginId, change);
      }
      if (!manager.status(pluginId)) {
        const record = await distribution.record(pluginId);
        if (record?.state === 'present') await distribution.remove(pluginId);
        return this.publish(pluginId, 'removed');
      }
      await this.offer(pluginId);
    });
  }

  /** Waits for every change under way (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.chains.size > 0) await Promise.all(this.chains.values());
  }

  async close(): Promise<void> {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    await this.idle();
  }

  /** Writes this node's package of the plugin to the cluster (when it differs) and announces it. */
  private async offer(pluginId: string): Promise<void> {
    const { distribution, manager, packages } = this.options;
    const packed = await packages.pack(pluginId);
    if (!packed) return this.publish(pluginId, 'refreshed');
    const record = await distribution.record(pluginId);
    if (record?.state === 'present' && record.sha256 === packed.sha256)
      return this.publish(pluginId, 'refreshed');
    const enabled = manager.status(pluginId)?.state !== 'disabled';
    await distribution.put(packed, enabled);
    this.log.info('plugin package offered to the cluster', {
      plugin: pluginId,
      version: packed.version,
      sha256: packed.sha256,
    });
    await this.publish(pluginId, record?.state === 'present' ? 'updated' : 'installed');
  }

  private async publish(pluginId: string, change: PluginChangedMessage['change']): Promise<void> {
    await this.options.bus.publish({ type: 'plugin-changed', pluginId, change });
  }

  private receive({ fromNodeId, message }: ClusterEnvelope): void {
    if (message.type !== 'plugin-changed' || fromNodeId === this.options.bus.nodeId) return;
    const { pluginId, change } = message;
    void this.serial(pluginId, async () => {
      const record = await this.options.distribution.record(pluginId);
      if (record) await this.reconcile(record, change);
      else if (change === 'refreshed' && this.options.manager.status(pluginId))
        await this.options.manager.refresh(pluginId);
    });
  }

  /** Makes this node's folder and manager match the record. */
  private async reconcile(
    record: ClusterPluginRecord,
    change: PluginChangedMessage['change'] | 'catch-up',
  ): Promise<void> {
    const { manager, packages } = this.options;
    const id = record.pluginId;
    if (record.state === 'removed') {
      const removed = await packages.remove(id);
      if (removed) this.log.info('plugin removed as the cluster did', { plugin: id });
      if (manager.status(id)) await manager.refresh(id);
      return;
    }
    const installed = await this.install(record);
    const state = manager.status(id)?.state;
    if (!record.enabled) {
      if (state === undefined) await manager.refresh(id);
      if (manager.status(id) && manager.status(id)?.state !== 'disabled') await manager.disable(id);
    } else if (state === 'disabled') {
      await manager.enable(id);
    } else if (installed || state === undefined || change === 'refreshed') {
      await manager.refresh(id);
    }
  }

  /** Installs the cluster's package when this node's differs; true when it did. */
  private async install(record: Extract<ClusterPluginRecord, { state: 'present' }>): Promise<boolean> {
    const { distribution, packages } = this.options;
    const local = await packages.pack(record.pluginId);
    if (local?.sha256 === record.sha256) return false;
    const pkg = await distribution.get(record.pluginId);
    if (!pkg) throw new Error(`the cluster has no package for plugin "${record.pluginId}"`);
    const actual = sha256(pkg.bytes);
    if (actual !== record.sha256 || pkg.sha256 !== record.sha256) {
      throw new Error(
        `the package of plugin "${record.pluginId}" from the cluster has SHA-256 ${actual}, expected ${record.sha256}; not installed`,
      );
    }
    const outcome = await packages.install(pkg.bytes);
    this.log.info('plugin installed from the cluster', {
      plugin: outcome.pluginId,
      version: outcome.version,
    });
    return true;
  }

  private serial(pluginId: string, run: () => Promise<void>): Promise<void> {
    const next = (this.chains.get(pluginId) ?? Promise.resolve()).then(run).catch((error: unknown) => {
      this.log.error('cluster plugin change failed', {
        plugin: pluginId,
        error: error instanceof Error ? error.message : String(error),
      });
    });
    this.chains.set(pluginId, next);
    void next.then(() => {
      if (this.chains.get(pluginId) === next) this.chains.delete(pluginId);
    });
    return next;
  }
}
