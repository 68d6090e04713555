import { mkdtempSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NdpError } from '@ndp/domain';
import { loadConfig } from './load-config.js';

function load(text: string, env: Record<string, string> = {}) {
  const cwd = mkdtempSync(join(tmpdir(), 'ndp-cluster-config-'));
  const file = join(cwd, 'ndp.toml');
  writeFileSync(file, text);
  return { file, run: () => loadConfig({ file, cwd, env }) };
}

function message(run: () => unknown): string {
  try {
    run();
  } catch (e) {
    if (NdpError.is(e, 'CONFIG_INVALID')) return e.message;
    throw e;
  }
  throw new Error('expected a CONFIG_INVALID error');
}

describe('[Cluster]', () => {
  it('is single node without a Redis URL, even when the table holds other keys', () => {
    expect(load('').run().cluster).toBeUndefined();
    expect(load('[Cluster]\nPrefix = "x"\n').run().cluster).toBeUndefined();
  });

  it('defaults Prefix to ndp, NodeName to <hostname>:<port>, the command timeout to 5 s and the firing lock and stall check to 30 s', () => {
    const c = load('Port = 4601\n[Cluster]\nRedis = "redis://127.0.0.1:6379"\n').run();
    expect(c.cluster).toEqual({
      redis: 'redis://127.0.0.1:6379',
      prefix: 'ndp',
      nodeName: `${hostname()}:4601`,
      commandTimeoutMs: 5_000,
      firingLockMs: 30_000,
      stalledCheckMs: 30_000,
    });
  });

  it('reads every key, and the environment wins over the file', () => {
    const { run } = load(
      '[Cluster]\nRedis = "rediss://cache.internal:6380/2"\nPrefix = "prod-eu"\nNodeName = "a"\nCommandTimeout = "2s"\n' +
        'FiringLock = "4s"\nStalledCheck = "1500ms"\n',
      { NDP_CLUSTER_NODENAME: 'node-7' },
    );
    expect(run().cluster).toEqual({
      redis: 'rediss://cache.internal:6380/2',
      prefix: 'prod-eu',
      nodeName: 'node-7',
      commandTimeoutMs: 2_000,
      firingLockMs: 4_000,
      stalledCheckMs: 1_500,
    });
  });

  it('refuses a Redis setting that is not a redis:// URL, naming the file, line and key', () => {
    const { file, run } = load('[Cluster]\nRedis = "http://127.0.0.1:6379"\n');
    expect(message(run)).toBe(
      `${file}:2: Cluster.Redis: expected a URL like "redis://host:6379" or "rediss://host:6380", got "http://127.0.0.1:6379"`,
    );
    expect(message(load('[Cluster]\nRedis = "127.0.0.1:6379"\n').run)).toMatch(
      /Cluster\.Redis: expected a URL/,
    );
  });

  it('refuses a firing lock or stall check under 1 ms, naming the line and key', () => {
    const base = '[Cluster]\nRedis = "redis://127.0.0.1:6379"\n';
    expect(message(load(`${base}FiringLock = "0s"\n`).run)).toMatch(
      /:3: Cluster\.FiringLock: expected a duration of at least 1ms/,
    );
    expect(message(load(`${base}StalledCheck = "0ms"\n`).run)).toMatch(
      /:3: Cluster\.StalledCheck: expected a duration of at least 1ms/,
    );
  });

  it('refuses a prefix with a separator and a node name with spaces', () => {
    const base = '[Cluster]\nRedis = "redis://127.0.0.1:6379"\n';
    expect(message(load(`${base}Prefix = "a:b"\n`).run)).toMatch(
      /:3: Cluster\.Prefix: expected 1-64 letters, digits, "_", "\." or "-", got "a:b"/,
    );
    expect(message(load(`${base}NodeName = "node one"\n`).run)).toMatch(
      /:3: Cluster\.NodeName: expected a name without spaces/,
    );
  });
});
