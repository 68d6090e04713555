import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NdpError } from '@ndp/domain';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config/load-config.js';
import { hostConfigFromOptions, type PluginHostOptions } from './plugin-host-options.js';

function rejection(options: unknown): NdpError {
  try {
    hostConfigFromOptions(options as PluginHostOptions);
  } catch (e) {
    if (NdpError.is(e, 'CONFIG_INVALID')) return e;
    throw e;
  }
  throw new Error('the options were accepted');
}

describe('hostConfigFromOptions', () => {
  const cwd = mkdtempSync(join(tmpdir(), 'ndp-options-'));

  it('defaults every setting as loadConfig does for an empty ndp.toml', () => {
    const fromOptions = hostConfigFromOptions({ cwd });
    const fromToml = loadConfig({ cwd, env: {} });
    expect(fromOptions.plugins).toEqual(fromToml.plugins);
    expect(fromOptions.dataFolder).toBe(fromToml.dataFolder);
    expect(fromOptions.baseUrl).toBe(fromToml.baseUrl);
    expect(fromOptions.agents).toEqual([]);
  });

  it('puts the plugins and cache folders below the data folder unless given', () => {
    const config = hostConfigFromOptions({ cwd, dataFolder: 'state', pluginsFolder: '/srv/plugins' });
    expect(config.dataFolder).toBe(join(cwd, 'state'));
    expect(config.plugins.folder).toBe('/srv/plugins');
    expect(config.plugins.cacheFolder).toBe(join(cwd, 'state', 'cache'));
  });

  it('lays the given limits over the defaults, key by key', () => {
    const config = hostConfigFromOptions({ cwd, limits: { callTimeoutMs: 2_000, pool: { maxIdle: 2 } } });
    expect(config.plugins.callTimeoutMs).toBe(2_000);
    expect(config.plugins.pool.maxIdle).toBe(2);
    expect(config.plugins.pool.maxInUse).toBe(loadConfig({ cwd, env: {} }).plugins.pool.maxInUse);
  });

  it('lower-cases plugin config keys, as the config loader does', () => {
    const config = hostConfigFromOptions({ cwd, pluginConfig: { notes: { 'Bio.Björk': 'x' } } });
    expect(config.pluginConfig).toEqual({ notes: { 'bio.björk': 'x' } });
  });

  it.each([
    [{ engine: 'wasm' }, 'createPluginHost: engine: expected one of "node", "extism", got "wasm"'],
    [{ pluginFolder: './plugins' }, 'unknown option pluginFolder'],
    [{ limits: { callTimeout: 5 } }, 'unknown option limits.callTimeout'],
    [{ limits: { pool: { maxIdle: 0 } } }, 'limits.pool.maxIdle: expected a whole number ≥ 1, got 0'],
    [{ limits: { workers: 1.5 } }, 'limits.workers: expected a whole number ≥ 1, got 1.5'],
    [{ limits: { cacheSizeBytes: -1 } }, 'limits.cacheSizeBytes: expected a number ≥ 0, got -1'],
    [{ limits: { callTimeoutMs: '10s' } }, 'limits.callTimeoutMs: expected a number ≥ 1, got "10s"'],
    [{ agents: 'notes' }, 'agents: expected an array of plugin ids'],
    [{ pluginConfig: { notes: { bio: 3 } } }, 'pluginConfig.notes.bio: expected a string, got 3'],
    [{ overrides: { notes: { executor: 'thread' } } }, 'overrides.notes.executor: expected one of'],
    [{ dataFolder: '' }, 'dataFolder: expected a non-empty string'],
    [{ secret: '' }, 'secret: expected a non-empty string'],
  ])('rejects %j naming the option', (options, message) => {
    const error = rejection({ cwd, ...options });
    expect(error.message).toContain(message);
  });
});
