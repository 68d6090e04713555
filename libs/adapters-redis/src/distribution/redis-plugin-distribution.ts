import { NdpError } from '@ndp/domain';
import type { ClusterPluginRecord, DistributedPackage, PluginDistribution } from '@ndp/ports';
import type { Redis } from 'ioredis';
import {
  closeRedis,
  connectRedis,
  redisCall,
  type RedisConnectionOptions,
} from '../connection/redis-connection.js';

/** Options of {@link RedisPluginDistribution}. */
export interface RedisPluginDistributionOptions extends RedisConnectionOptions {
  /** First segment of its keys: `<prefix>:plugins` (the records) and `<prefix>:plugin-package:<id>`. Default `ndp`. */
  readonly prefix?: string;
  /** The largest package accepted, in bytes. Default 64 MiB (the `.ndp` reader's own total limit). */
  readonly maxPackageBytes?: number;
}

/** The default of {@link RedisPluginDistributionOptions.maxPackageBytes}. */
export const DEFAULT_MAX_PACKAGE_BYTES = 64 * 1024 * 1024;

/**
 * The cluster's plugin set in Redis: one hash `<prefix>:plugins` of JSON records by plugin id, and one string key
 * per package holding its bytes. A package and its record are written in one MULTI, so a reader never sees a
 * record whose package is missing. Redis failures reject with `REDIS_UNAVAILABLE` naming the URL.
 */
export class RedisPluginDistribution implements PluginDistribution {
  private readonly prefix: string;
  private readonly maxPackageBytes: number;
  private closed = false;

  private constructor(
    private readonly client: Redis,
    private readonly options: RedisPluginDistributionOptions,
  ) {
    this.prefix = options.prefix ?? 'ndp';
    this.maxPackageBytes = options.maxPackageBytes ?? DEFAULT_MAX_PACKAGE_BYTES;
  }

  /** Connects, failing with `REDIS_UNAVAILABLE` (naming the URL) when Redis cannot be reached. */
  static async connect(options: RedisPluginDistributionOptions): Promise<RedisPluginDistribution> {
    const max = options.maxPackageBytes;
    if (max !== undefined && (!Number.isInteger(max) || max <= 0))
      throw new NdpError(
        'CONFIG_INVALID',
        `RedisPluginDistribution option maxPackageBytes must be a positive integer, got ${max}`,
      );
    return new RedisPluginDistribution(await connectRedis(options, { name: 'ndp-plugins' }), options);
  }

  async put(pkg: DistributedPackage, enabled: boolean): Promise<void> {
    if (pkg.bytes.byteLength > this.maxPackageBytes) {
      throw new NdpError(
        'PACKAGE_INVALID',
        `the package of plugin "${pkg.pluginId}" has ${pkg.bytes.byteLength} bytes, over the cluster limit of ${this.maxPackageBytes}`,
        { details: { pluginId: pkg.pluginId } },
      );
    }
    const record: ClusterPluginRecord = {
      pluginId: pkg.pluginId,
      state: 'present',
      version: pkg.version,
      sha256: pkg.sha256,
      enabled,
      changedAt: Date.now(),
    };
    await this.call('store a plugin package', () =>
      this.client
        .multi()
        .set(this.packageKey(pkg.pluginId), Buffer.from(pkg.bytes))
        .hset(this.recordsKey(), pkg.pluginId, JSON.stringify(record))
        .exec(),
    );
  }

  async get(pluginId: string): Promise<DistributedPackage | undefined> {
    const [bytes, record] = await this.call('read a plugin package', async () => {
      const result = await this.client
        .multi()
        .getBuffer(this.packageKey(pluginId))
        .hget(this.recordsKey(), pluginId)
        .exec();
      return [result?.[0]?.[1] as Buffer | null, result?.[1]?.[1] as string | null] as const;
    });
    const parsed = record ? parseRecord(record) : undefined;
    if (!bytes || parsed?.state !== 'present') return undefined;
    return { pluginId, version: parsed.version, sha256: parsed.sha256, bytes: new Uint8Array(bytes) };
  }

  async record(pluginId: string): Promise<ClusterPluginRecord | undefined> {
    const text = await this.call('read a plugin record', () => this.client.hget(this.recordsKey(), pluginId));
    return text ? parseRecord(text) : undefined;
  }

  async list(): Promise<ClusterPluginRecord[]> {
    const all = await this.call('list the plugin records', () => this.client.hgetall(this.recordsKey()));
    return Object.values(all)
      .map(parseRecord)
      .filter((r): r is ClusterPluginRecord => r !== undefined)
      .sort((a, b) => a.pluginId.localeCompare(b.pluginId));
  }

  async setEnabled(pluginId: string, enabled: boolean): Promise<void> {
    // A read-modify-write: two nodes toggling the same plugin at once end with the last write (documented).
    const current = await this.record(pluginId);
    if (current?.state !== 'present') return;
    const next = { ...current, enabled, changedAt: Date.now() };
    await this.call('change a plugin record', () =>
      this.client.hset(this.recordsKey(), pluginId, JSON.stringify(next)),
    );
  }

  async remove(pluginId: string): Promise<void> {
    const record: ClusterPluginRecord = { pluginId, state: 'removed', changedAt: Date.now() };
    await this.call('remove a plugin package', () =>
      this.client
        .multi()
        .del(this.packageKey(pluginId))
        .hset(this.recordsKey(), pluginId, JSON.stringify(record))
        .exec(),
    );
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await closeRedis(this.client);
  }

  private recordsKey(): string {
    return `${this.prefix}:plugins`;
  }

  private packageKey(pluginId: string): string {
    return `${this.prefix}:plugin-package:${encodeURIComponent(pluginId)}`;
  }

  private call<T>(what: string, operation: () => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new Error('the plugin distribution is closed'));
    return redisCall(this.options.url, what, operation);
  }
}

/** A stored record, or `undefined` when it is not one (written by something else under the prefix). */
function parseRecord(text: string): ClusterPluginRecord | undefined {
  try {
    const value = JSON.parse(text) as Partial<ClusterPluginRecord> & Record<string, unknown>;
    if (typeof value.pluginId !== 'string' || typeof value.changedAt !== 'number') return undefined;
    if (value.state === 'removed')
      return { pluginId: value.pluginId, state: 'removed', changedAt: value.changedAt };
    if (
      value.state === 'present' &&
      typeof value['version'] === 'string' &&
      typeof value['sha256'] === 'string' &&
      typeof value['enabled'] === 'boolean'
    )
      return value as ClusterPluginRecord;
  } catch {
    // not JSON
  }
  return undefined;
}
