import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Container } from 'inversify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ARTWORK_URLS,
  CACHE,
  CLOCK,
  HTTP_CLIENT,
  MODULE_CACHE,
  PLUGIN_CONFIG_SOURCE,
  PLUGIN_STORE,
  SCHEDULER,
  WEBSOCKET_CLIENT,
  type ArtworkUrls,
  type Cache,
  type Clock,
  type HttpClient,
  type ModuleCache,
  type PluginConfigSource,
  type PluginStore,
  type Scheduler,
  type WebSocketClient,
} from '@ndp/ports';
import { JwtArtworkUrls } from './artwork/jwt-artwork-urls.js';
import { MemoryCache } from './cache/memory-cache.js';
import { StaticPluginConfigSource } from './config/static-plugin-config-source.js';
import { NodeHttpClient } from './http/node-http-client.js';
import { createLocalAdaptersModule } from './local-adapters-module.js';
import type { FsModuleCache } from './module-cache/fs-module-cache.js';
import { InProcessScheduler } from './scheduler/in-process-scheduler.js';
import { SystemClock } from './scheduler/system-clock.js';
import { FsPluginStore } from './store/fs-plugin-store.js';
import { WsWebSocketClient } from './websocket/ws-websocket-client.js';

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
    // The memory cache answers synchronously, so closing shows as a throw; run it as a caller awaiting it would.
    await expect((async () => cache.get('p', 'k'))()).rejects.toThrow(/closed/);
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

  it('binds the clock, scheduler and WebSocket client, with the configured time zone, and closes them on unbind', async () => {
    const container = new Container();
    container.load(
      createLocalAdaptersModule({
        pluginsFolder: join(temp, 'plugins'),
        cacheFolder: join(temp, 'cache'),
        artwork: { secret: 's', baseUrl: 'http://localhost:4533' },
        cache: { sweepIntervalMs: 0 },
        timeZone: 'Asia/Tokyo',
      }),
    );
    const clock = container.get<Clock>(CLOCK);
    expect(clock).toBeInstanceOf(SystemClock);
    expect(clock.timeZone()).toBe('Asia/Tokyo');
    const scheduler = container.get<Scheduler>(SCHEDULER);
    expect(scheduler).toBeInstanceOf(InProcessScheduler);
    await scheduler.scheduleRecurring({
      pluginId: 'p',
      scheduleId: 'nine',
      expression: '0 9 * * *',
      payload: new Uint8Array(),
    });
    const [info] = await scheduler.list('p');
    // 09:00 in Tokyo is 00:00 UTC.
    expect(new Date(info?.nextFireAt ?? 0).getUTCHours()).toBe(0);
    const websocket = container.get<WebSocketClient>(WEBSOCKET_CLIENT);
    expect(websocket).toBeInstanceOf(WsWebSocketClient);
    container.unbind(SCHEDULER);
    container.unbind(WEBSOCKET_CLIENT);
    await expect(
      scheduler.scheduleOnce({ pluginId: 'p', scheduleId: 'x', delayMs: 0, payload: new Uint8Array() }),
    ).rejects.toThrow(/closed/);
    expect(
      await websocket.connect({
        pluginId: 'p',
        connectionId: 'c',
        url: 'ws://127.0.0.1:9/',
        headers: {},
        allowLocalNetwork: true,
      }),
    ).toEqual({ ok: false, error: 'the WebSocket client is shut down' });
    container.unbindAll();
  });

  it('refuses an unknown time zone at startup', () => {
    expect(() =>
      createLocalAdaptersModule({
        pluginsFolder: join(temp, 'plugins'),
        cacheFolder: join(temp, 'cache'),
        artwork: { secret: 's', baseUrl: 'http://localhost:4533' },
        cache: { sweepIntervalMs: 0 },
        timeZone: 'Mars/Olympus_Mons',
      }),
    ).toThrow();
  });
});
