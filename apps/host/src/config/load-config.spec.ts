import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NdpError } from '@ndp/domain';
import { loadConfig } from './load-config.js';

function configFile(text: string): { file: string; cwd: string } {
  const cwd = mkdtempSync(join(tmpdir(), 'ndp-config-'));
  const file = join(cwd, 'ndp.toml');
  writeFileSync(file, text);
  return { file, cwd };
}

function failure(run: () => unknown): NdpError {
  try {
    run();
  } catch (e) {
    if (NdpError.is(e, 'CONFIG_INVALID')) return e;
    throw e;
  }
  throw new Error('expected a CONFIG_INVALID error');
}

describe('loadConfig', () => {
  it('has embedded defaults: 127.0.0.1:4533, node engine, the contract pool limits, plugins under the data folder', () => {
    const c = loadConfig({ cwd: '/srv/ndp' });
    expect(c.address).toBe('127.0.0.1');
    expect(c.port).toBe(4533);
    expect(c.baseUrl).toBe('http://127.0.0.1:4533');
    expect(c.plugins).toMatchObject({
      enabled: true,
      folder: '/srv/ndp/data/plugins',
      cacheFolder: '/srv/ndp/data/cache',
      cacheSizeBytes: 100_000_000,
      engine: 'node',
      callTimeoutMs: 10_000,
      memoryLimitBytes: 128 * 1024 * 1024,
      pool: { maxIdle: 8, maxInUse: 10, acquireTimeoutMs: 5_000, idleTtlMs: 60_000 },
    });
    expect(c.cluster).toBeUndefined();
    expect(Object.isFrozen(c.plugins.pool)).toBe(true);
  });

  it('reads the docs/contract.md §8 file, with Agents inside [Plugins] and plugin config maps', () => {
    const { file, cwd } = configFile(`
[Plugins]
Enabled = true
Folder = "./plugins"
CacheFolder = "./cache"
CacheSize = "50MB"
Engine = "extism"
CallTimeout = "2s"

Agents = "wikimedia, coverartarchive"

[Plugins.Pool]
MaxIdle = 2

[Plugins.Overrides.slow]
CallTimeout = "30s"

[Cluster]
Redis = "redis://127.0.0.1:6379"

[PluginConfig.discord-rich-presence]
ClientID = "123456789012345678"
users = "alice:token123,bob:token456"
`);
    const c = loadConfig({ file, cwd });
    expect(c.plugins.folder).toBe(join(cwd, 'plugins'));
    expect(c.plugins.cacheSizeBytes).toBe(50_000_000);
    expect(c.plugins.engine).toBe('extism');
    expect(c.plugins.callTimeoutMs).toBe(2_000);
    expect(c.plugins.pool.maxIdle).toBe(2);
    expect(c.plugins.overrides).toEqual({ slow: { callTimeoutMs: 30_000 } });
    expect(c.agents).toEqual(['wikimedia', 'coverartarchive']);
    expect(c.cluster).toMatchObject({ redis: 'redis://127.0.0.1:6379' });
    expect(c.pluginConfig['discord-rich-presence']).toEqual({
      clientid: '123456789012345678',
      users: 'alice:token123,bob:token456',
    });
    expect(c.warnings).toEqual([]);
  });

  it('bounds manifests at 256 KiB and 32 levels by default, and reads both limits from the file or env', () => {
    expect(loadConfig({ env: {} }).plugins).toMatchObject({
      maxManifestBytes: 262_144,
      maxManifestDepth: 32,
    });
    const { file, cwd } = configFile('[Plugins]\nMaxManifestSize = "1MiB"\nMaxManifestDepth = 8\n');
    expect(loadConfig({ file, cwd, env: {} }).plugins).toMatchObject({
      maxManifestBytes: 1_048_576,
      maxManifestDepth: 8,
    });
    const env = { NDP_PLUGINS_MAXMANIFESTSIZE: '64KiB' };
    expect(loadConfig({ file, cwd, env }).plugins.maxManifestBytes).toBe(65_536);
  });

  it('selects the Node engine executor globally and per plugin', () => {
    expect(loadConfig({}).plugins).toMatchObject({ executor: 'inline', yieldSliceMs: 5 });
    const { file, cwd } = configFile(
      `[Plugins]\nExecutor = "worker"\nYieldSlice = "0s"\n[Plugins.Overrides.heavy]\nExecutor = "inline"\n`,
    );
    const c = loadConfig({ file, cwd });
    expect(c.plugins.executor).toBe('worker');
    expect(c.plugins.yieldSliceMs).toBe(0);
    expect(c.plugins.overrides['heavy']).toEqual({ executor: 'inline' });
    const bad = configFile(`[Plugins.Overrides.heavy]\nExecutor = "gpu"\n`);
    expect(failure(() => loadConfig(bad)).message).toBe(
      `${bad.file}:2: Plugins.Overrides.heavy.Executor: expected one of "inline", "worker", got "gpu"`,
    );
  });

  // Scheduling and deadlines
  it('reads the scheduling limits, with their defaults, from the file and the environment', () => {
    expect(loadConfig({}).plugins).toMatchObject({
      workersPerPlugin: undefined,
      inlineStartBudgetMs: 50,
      maxTableElements: 100_000,
      pool: { maxRetainedMemoryBytes: 64 * 1024 * 1024 },
    });
    const { file, cwd } = configFile(
      `[Plugins]\nWorkersPerPlugin = 3\nInlineStartBudget = "20ms"\nMaxTableElements = 5000\n` +
        `[Plugins.Pool]\nMaxRetainedMemory = "32MiB"\n`,
    );
    const c = loadConfig({ file, cwd, env: { NDP_PLUGINS_MAXTABLEELEMENTS: '7000' } });
    expect(c.plugins).toMatchObject({
      workersPerPlugin: 3,
      inlineStartBudgetMs: 20,
      maxTableElements: 7000,
      pool: { maxRetainedMemoryBytes: 32 * 1024 * 1024 },
    });
    expect(c.warnings).toEqual([]);
    const bad = configFile(`[Plugins]\nWorkersPerPlugin = 0\n`);
    expect(failure(() => loadConfig(bad)).message).toContain('Plugins.WorkersPerPlugin');
  });

  it('lets NDP_* environment variables override the file, map options included', () => {
    const { file, cwd } = configFile(`Port = 4000\n[PluginConfig.discord-rich-presence]\nusers = "a:1"\n`);
    const c = loadConfig({
      file,
      cwd,
      env: {
        NDP_PORT: '5000',
        NDP_PLUGINS_FOLDER: '/opt/plugins',
        NDP_PLUGINS_POOL_MAXINUSE: '3',
        NDP_PLUGINCONFIG_DISCORD_RICH_PRESENCE_USERS: 'b:2',
        NDP_PLUGINCONFIG_DISCORD_RICH_PRESENCE_CLIENTID: '42',
        NDP_PLUGINCONFIG_NEWPLUGIN_API_KEY: 'k',
      },
    });
    expect(c.port).toBe(5000);
    expect(c.plugins.folder).toBe('/opt/plugins');
    expect(c.plugins.pool.maxInUse).toBe(3);
    expect(c.pluginConfig['discord-rich-presence']).toEqual({ users: 'b:2', clientid: '42' });
    expect(c.pluginConfig['newplugin']).toEqual({ api_key: 'k' });
  });

  it('names the file, the line and the key of a bad value, and what was expected', () => {
    const { file, cwd } = configFile(
      `Port = 4533\n\n[Plugins]\nEngine = "node"\nCallTimeout = "ten seconds"\n`,
    );
    const e = failure(() => loadConfig({ file, cwd }));
    expect(e.message).toBe(
      `${file}:5: Plugins.CallTimeout: expected a duration like "10s", "1m30s" or "500ms", got "ten seconds"`,
    );
    const engine = failure(() => loadConfig({ file: configFile('[Plugins]\nEngine = "wasmer"\n').file }));
    expect(engine.message).toMatch(/:2: Plugins.Engine: expected one of "node", "extism", got "wasmer"/);
  });

  it('names the environment variable of a bad override', () => {
    const e = failure(() => loadConfig({ env: { NDP_PORT: 'eighty' } }));
    expect(e.message).toBe('environment variable NDP_PORT: expected a port number (0-65535), got "eighty"');
  });

  it('reads the output, error-text and log caps, with safe defaults, and refuses a zero cap', () => {
    expect(loadConfig({ cwd: '/srv/ndp' }).plugins.guestOutput).toEqual({
      maxOutputBytes: 16 * 1024 * 1024,
      maxErrorBytes: 64 * 1024,
      maxLogLinesPerCall: 1_000,
      maxLogBytesPerCall: 1024 * 1024,
    });
    const { file, cwd } = configFile(
      '[Plugins]\nMaxOutputSize = "2MiB"\nMaxErrorSize = "4KiB"\nMaxLogLinesPerCall = 50\nMaxLogSizePerCall = 2048\n',
    );
    const c = loadConfig({ file, cwd, env: { NDP_PLUGINS_MAXLOGLINESPERCALL: '70' } });
    expect(c.plugins.guestOutput).toEqual({
      maxOutputBytes: 2 * 1024 * 1024,
      maxErrorBytes: 4096,
      maxLogLinesPerCall: 70,
      maxLogBytesPerCall: 2048,
    });
    expect(c.warnings).toEqual([]);
    const zero = configFile('[Plugins]\nMaxErrorSize = 0\n');
    expect(failure(() => loadConfig(zero)).message).toMatch(/MaxErrorSize.*at least 1 byte/);
  });

  it('reports invalid TOML with its line and column', () => {
    const { file, cwd } = configFile(`Port = 1\nPort = 2\n`);
    expect(failure(() => loadConfig({ file, cwd })).message).toMatch(
      new RegExp(`^${file}:2:1: not valid TOML`),
    );
  });

  it('warns about unknown settings with their line instead of failing', () => {
    const { file, cwd } = configFile(`[Plugins]\nEnabld = true\n`);
    expect(loadConfig({ file, cwd }).warnings).toEqual([
      `${file}:2: unknown setting Plugins.Enabld (ignored)`,
    ]);
  });

  it('warns about unknown keys of an override, naming the line and the keys an override may set', () => {
    const { file, cwd } = configFile(`[Plugins.Overrides.slow]\nCallTimeout = "30s"\nCallTimeot = "5s"\n`);
    const c = loadConfig({ file, cwd });
    expect(c.plugins.overrides).toEqual({ slow: { callTimeoutMs: 30_000 } });
    expect(c.warnings).toEqual([
      `${file}:3: unknown setting Plugins.Overrides.slow.CallTimeot (ignored; an override may set CallTimeout, MemoryLimit, Executor)`,
    ]);
  });

  it('takes types exactly: a quoted number or boolean in the file is an error naming line and key', () => {
    const port = configFile(`Address = "127.0.0.1"\nPort = "4533"\n`);
    expect(failure(() => loadConfig(port)).message).toBe(
      `${port.file}:2: Port: expected a port number (0-65535, without quotes), got "4533"`,
    );
    const bool = configFile(`[Plugins]\nAutoReload = "yes"\n`);
    expect(failure(() => loadConfig(bool)).message).toBe(
      `${bool.file}:2: Plugins.AutoReload: expected true or false (without quotes), got "yes"`,
    );
    const override = configFile(`[Plugins.Overrides]\nslow = 5\n`);
    expect(failure(() => loadConfig(override)).message).toMatch(
      new RegExp(`^${override.file}:2: Plugins.Overrides.slow: expected a table of CallTimeout`),
    );
    // Environment variables are text by nature: they are converted.
    expect(loadConfig({ env: { NDP_PORT: '4600', NDP_PLUGINS_AUTORELOAD: 'true' } })).toMatchObject({
      port: 4600,
      plugins: { autoReload: true },
    });
  });

  it('reads the live-operation settings, a bare number in a duration being seconds', () => {
    expect(loadConfig({}).plugins).toMatchObject({
      autoReload: false,
      autoReloadDelayMs: 2_000,
      requireApproval: false,
    });
    const { file, cwd } = configFile(
      `[Plugins]\nAutoReload = true\nAutoReloadDelay = 0.5\nRequireApproval = true\n`,
    );
    expect(loadConfig({ file, cwd }).plugins).toMatchObject({
      autoReload: true,
      autoReloadDelayMs: 500,
      requireApproval: true,
    });
    expect(loadConfig({ file, cwd }).portOrigin).toBe('Port (default)');
  });

  it('refuses a missing config file with its path', () => {
    expect(failure(() => loadConfig({ file: '/nonexistent/ndp.toml' })).message).toMatch(
      /cannot read the config file \/nonexistent\/ndp.toml/,
    );
  });
});
