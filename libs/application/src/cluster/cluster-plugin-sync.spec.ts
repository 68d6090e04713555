import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type {
  ClusterPluginRecord,
  DistributedPackage,
  PackedPlugin,
  PluginDistribution,
  PluginPackages,
} from '@ndp/ports';
import { RecordingLogger, LinkedBuses } from '@ndp/ports/testing';
import type { RefreshOutcome } from '../manager/plugin-status.js';
import { ClusterPluginSync, type SyncedManager } from './cluster-plugin-sync.js';

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const bytesOf = (id: string, version: string) => new TextEncoder().encode(`${id}@${version}`);

/** The shared distribution (Redis in production), in memory. */
class MemoryDistribution implements PluginDistribution {
  readonly records = new Map<string, ClusterPluginRecord>();
  readonly packages = new Map<string, DistributedPackage>();
  async put(pkg: DistributedPackage, enabled: boolean) {
    this.packages.set(pkg.pluginId, pkg);
    this.records.set(pkg.pluginId, { ...pkg, state: 'present', enabled, changedAt: Date.now() });
  }
  async get(id: string) {
    return this.packages.get(id);
  }
  async record(id: string) {
    return this.records.get(id);
  }
  async list() {
    return [...this.records.values()];
  }
  async setEnabled(id: string, enabled: boolean) {
    const r = this.records.get(id);
    if (r?.state === 'present') this.records.set(id, { ...r, enabled });
  }
  async remove(id: string) {
    this.packages.delete(id);
    this.records.set(id, { pluginId: id, state: 'removed', changedAt: Date.now() });
  }
  async close() {}
}

/** One node's plugins folder, in memory: a package is "id@version". */
class MemoryPackages implements PluginPackages {
  readonly folder = new Map<string, string>();
  async installed() {
    return [...this.folder.keys()];
  }
  async pack(id: string): Promise<PackedPlugin | undefined> {
    const version = this.folder.get(id);
    if (!version) return undefined;
    const bytes = bytesOf(id, version);
    return { pluginId: id, version, sha256: sha(bytes), bytes };
  }
  async install(bytes: Uint8Array) {
    const [pluginId, version] = new TextDecoder().decode(bytes).split('@') as [string, string];
    this.folder.set(pluginId, version);
    return { pluginId, version };
  }
  async remove(id: string) {
    return this.folder.delete(id);
  }
}

/** The manager as far as the sync sees it: it serves what the folder holds when refreshed. */
class FolderManager implements SyncedManager {
  readonly serving = new Map<string, { version: string; state: 'ready' | 'disabled' }>();
  readonly inits: string[] = [];
  constructor(private readonly packages: MemoryPackages) {}
  status(id: string) {
    const s = this.serving.get(id);
    return s
      ? ({ id, state: s.state, version: s.version } as unknown as ReturnType<SyncedManager['status']>)
      : undefined;
  }
  async refresh(id: string): Promise<RefreshOutcome> {
    const version = this.packages.folder.get(id);
    if (!version) {
      this.serving.delete(id);
      return { kind: 'removed', id };
    }
    const disabled = this.serving.get(id)?.state === 'disabled';
    if (!disabled) this.inits.push(`${id}@${version}`);
    this.serving.set(id, { version, state: disabled ? 'disabled' : 'ready' });
    return { kind: 'loaded', status: this.status(id)! };
  }
  async disable(id: string) {
    this.serving.set(id, { ...this.serving.get(id)!, state: 'disabled' });
    return this.status(id)!;
  }
  async enable(id: string) {
    this.serving.set(id, { ...this.serving.get(id)!, state: 'ready' });
    return this.refresh(id);
  }
}

function cluster() {
  const buses = new LinkedBuses();
  const distribution = new MemoryDistribution();
  const node = (id: string) => {
    const packages = new MemoryPackages();
    const manager = new FolderManager(packages);
    const sync = new ClusterPluginSync({
      manager,
      bus: buses.bus(id),
      distribution,
      packages,
      logger: new RecordingLogger(),
    });
    return { packages, manager, sync };
  };
  return { distribution, node };
}

const settle = async (...syncs: ClusterPluginSync[]) => {
  await new Promise((r) => setTimeout(r, 20));
  await Promise.all(syncs.map((s) => s.idle()));
};

describe('ClusterPluginSync', () => {
  it('carries an install, an update, a disable, an enable and a removal to every node, OnInit once per node', async () => {
    const { node } = cluster();
    const [a, b, c] = [node('a'), node('b'), node('c')];
    await Promise.all([a.sync.start(), b.sync.start(), c.sync.start()]);

    a.packages.folder.set('lb', '1.0.0');
    await a.manager.refresh('lb');
    await a.sync.announce('lb', 'refreshed');
    await settle(a.sync, b.sync, c.sync);
    for (const n of [b, c]) {
      expect(n.packages.folder.get('lb')).toBe('1.0.0');
      expect(n.manager.inits).toEqual(['lb@1.0.0']);
    }

    a.packages.folder.set('lb', '2.0.0');
    await a.manager.refresh('lb');
    await a.sync.announce('lb', 'refreshed');
    await settle(a.sync, b.sync, c.sync);
    expect(c.manager.status('lb')).toMatchObject({ version: '2.0.0', state: 'ready' });

    await b.manager.disable('lb');
    await b.sync.announce('lb', 'disabled');
    await settle(a.sync, b.sync, c.sync);
    expect([a, c].map((n) => n.manager.status('lb')?.state)).toEqual(['disabled', 'disabled']);

    await c.manager.enable('lb');
    await c.sync.announce('lb', 'enabled');
    await settle(a.sync, b.sync, c.sync);
    expect([a, b].map((n) => n.manager.status('lb')?.state)).toEqual(['ready', 'ready']);

    c.packages.folder.delete('lb');
    await c.manager.refresh('lb');
    await c.sync.announce('lb', 'refreshed');
    await settle(a.sync, b.sync, c.sync);
    for (const n of [a, b]) {
      expect(n.packages.folder.has('lb')).toBe(false);
      expect(n.manager.status('lb')).toBeUndefined();
    }
    expect(a.manager.inits).toEqual(['lb@1.0.0', 'lb@2.0.0', 'lb@2.0.0']);
  });

  it('lets a node that joins later catch up, and offers the plugins only it has', async () => {
    const { distribution, node } = cluster();
    const a = node('a');
    a.packages.folder.set('lb', '1.0.0');
    await a.manager.refresh('lb');
    await a.sync.start();
    expect(await distribution.record('lb')).toMatchObject({ state: 'present', version: '1.0.0' });

    const late = node('late');
    late.packages.folder.set('solo', '0.1.0');
    await late.sync.start();
    await settle(a.sync, late.sync);
    expect(late.manager.status('lb')).toMatchObject({ version: '1.0.0', state: 'ready' });
    expect(a.packages.folder.get('solo')).toBe('0.1.0');
  });

  it('refuses a package whose bytes do not match the recorded SHA-256, keeping the node as it was', async () => {
    const { distribution, node } = cluster();
    const b = node('b');
    await b.sync.start();
    const bytes = bytesOf('lb', '1.0.0');
    await distribution.put(
      { pluginId: 'lb', version: '1.0.0', sha256: sha(bytesOf('lb', '9.9.9')), bytes },
      true,
    );
    const a = node('a');
    await a.sync.start();
    expect(a.packages.folder.has('lb')).toBe(false);
    expect(a.manager.status('lb')).toBeUndefined();
  });

  it('does not reinstall what a shared plugins folder already holds', async () => {
    const { node } = cluster();
    const a = node('a');
    const b = node('b');
    await Promise.all([a.sync.start(), b.sync.start()]);
    let installs = 0;
    const install = b.packages.install.bind(b.packages);
    b.packages.install = async (bytes) => (installs++, install(bytes));
    a.packages.folder.set('lb', '1.0.0');
    b.packages.folder.set('lb', '1.0.0'); // the same folder seen by both nodes
    await a.manager.refresh('lb');
    await a.sync.announce('lb', 'refreshed');
    await settle(a.sync, b.sync);
    expect(installs).toBe(0);
    expect(b.manager.status('lb')).toMatchObject({ version: '1.0.0', state: 'ready' });
  });
});
