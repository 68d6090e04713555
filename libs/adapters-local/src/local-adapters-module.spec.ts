import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Container } from 'inversify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ARTWORK_URLS,
  CACHE,
  HTTP_CLIENT,
  MODULE_CACHE,
  PLUGIN_CONFIG_SOURCE,
  PLUGIN_STORE,
  type ArtworkUrls,
  type Cache,
  type HttpClient,
  type ModuleCache,
  type PluginConfigSource,
  type PluginStore,
} from '@ndp/ports';
import { JwtArtworkUrls } from './artwork/jwt-artwork-urls.js';
import { MemoryCache } from './cache/memory-cache.js';
import { StaticPluginConfigSource } from './config/static-plugin-config-source.js';
import { NodeHttpClient } from './http/node-http-client.js';
import { createLocalAdaptersModule } from './local-adapters-module.js';
import type { FsModuleCache } from './module-cache/fs-module-cache.js';
import { FsPluginStore } from './store/fs-plugin-store.js';

let temp: string;
beforeEach(async () => {
  temp = await mkdtemp(join(tmpdir(), 'ndp-module-'));
});
afterEach(async () => {
  await rm(temp, { recursive: true, force: true });
});

describe('createLocalAdaptersModule', () => {
  it('binds every local adapter to its port token', async () => {
    const configs = new StaticPluginConfigSource({ p: { k: 'v' } });
    const container = new Container();
    container.load(
      createLocalAdaptersModule({
        pluginsFolder: join(temp, 'plugins'),
        cacheFolder: join(temp, 'cache'),
        artwork: { secret: 's', baseUrl: 'http://localhost:4533' },
        pluginConfig: configs,
        cache: { maxEntries: 10, sweepIntervalMs: 0 },
      }),
    );
    expect(container.get<Cache>(CACHE)).toBeInstanceOf(MemoryCache);
    expect(container.get<HttpClient>(HTTP_CLIENT)).toBeInstanceOf(NodeHttpClient);
    expect(container.get<PluginConfigSource>(PLUGIN_CONFIG_SOURCE)).toBe(configs);
    expect(container.get<ArtworkUrls>(ARTWORK_URLS)).toBeInstanceOf(JwtArtworkUrls);
    const store = container.get<PluginStore>(PLUGIN_STORE);
    expect(store).toBeInstanceOf(FsPluginStore);
    expect((store as FsPluginStore).folder).toBe(join(temp, 'plugins'));
    const modules = container.get<ModuleCache>(MODULE_CACHE);
    expect((modules as FsModuleCache).root).toBe(join(temp, 'cache', 'plugins'));
    const cache = container.get<Cache>(CACHE);
    container.unbind(CACHE);
    await expect(cache.get('p', 'k')).rejects.toThrow(/closed/);
  });

  it('wraps plain config maps in a config source', async () => {
    const container = new Container();
    container.load(
      createLocalAdaptersModule({
        pluginsFolder: join(temp, 'plugins'),
        cacheFolder: join(temp, 'cache'),
        artwork: { secret: 's', baseUrl: 'http://localhost:4533' },
        pluginConfig: { p: { k: 'v' } },
      }),
    );
    expect(container.get<PluginConfigSource>(PLUGIN_CONFIG_SOURCE).get('p')).toEqual({ k: 'v' });
    container.unbindAll();
  });
});
