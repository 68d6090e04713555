import { ContainerModule } from 'inversify';
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
import { JwtArtworkUrls, type JwtArtworkUrlsOptions } from './artwork/jwt-artwork-urls.js';
import { MemoryCache, type MemoryCacheOptions } from './cache/memory-cache.js';
import { StaticPluginConfigSource, type PluginConfigMaps } from './config/static-plugin-config-source.js';
import { NodeHttpClient, type NodeHttpClientOptions } from './http/node-http-client.js';
import { FsModuleCache } from './module-cache/fs-module-cache.js';
import { InProcessScheduler, type InProcessSchedulerOptions } from './scheduler/in-process-scheduler.js';
import { SystemClock } from './scheduler/system-clock.js';
import { FsPluginStore } from './store/fs-plugin-store.js';
import { WsWebSocketClient, type WsWebSocketClientOptions } from './websocket/ws-websocket-client.js';

/** What the host app configures for the single-node adapters (already parsed and validated by the app). */
export interface LocalAdaptersOptions {
  /** `Plugins.Folder`. */
  readonly pluginsFolder: string;
  /** `Plugins.MaxManifestSize`: larger manifests are refused unread. Default 256 KiB. */
  readonly maxManifestBytes?: number;
  /** `Plugins.CacheFolder`; the module cache lives in its `plugins` subfolder. */
  readonly cacheFolder: string;
  /** Signing secret and base URLs for artwork links. */
  readonly artwork: JwtArtworkUrlsOptions;
  /**
   * The `PluginConfig` maps, or a source the app keeps to call `update` on after a configuration reload.
   * Default: no plugin has configuration.
   */
  readonly pluginConfig?: PluginConfigMaps | StaticPluginConfigSource;
  /** Bounds of the memory cache; see {@link MemoryCacheOptions} for the defaults. */
  readonly cache?: MemoryCacheOptions;
  /** Transport and resolver of the HTTP client; default: the real network. */
  readonly http?: NodeHttpClientOptions;
  /**
   * IANA time zone of the clock (`TimeNow.local_time_zone`) and of cron schedules. Default: the process's zone
   * (the `TZ` environment variable, else the system's), as the original host did.
   */
  readonly timeZone?: string;
  /**
   * Options of the in-process scheduler (its logger, error reporter); see {@link InProcessSchedulerOptions}.
   * Its `timeZone` defaults to {@link LocalAdaptersOptions.timeZone} and its clock to the bound `CLOCK`.
   */
  readonly scheduler?: InProcessSchedulerOptions;
  /** Limits and resolver of the WebSocket client; see {@link WsWebSocketClientOptions} for the defaults. */
  readonly websocket?: WsWebSocketClientOptions;
}

/**
 * The single-node adapters as an Inversify module: binds `CACHE` (MemoryCache), `HTTP_CLIENT` (NodeHttpClient),
 * `PLUGIN_CONFIG_SOURCE` (StaticPluginConfigSource), `ARTWORK_URLS` (JwtArtworkUrls), `PLUGIN_STORE`
 * (FsPluginStore), `MODULE_CACHE` (FsModuleCache), `CLOCK` (SystemClock), `SCHEDULER` (InProcessScheduler, not
 * started: the app sets `onFire` and calls `start`) and `WEBSOCKET_CLIENT` (WsWebSocketClient), each as one
 * constant instance created here.
 *
 * Guarantees: the instances exist from this call on (so invalid options, an unknown time zone included, throw
 * here, at startup, not on first use); unloading the module or unbinding a token (sync or async) closes what it
 * holds: the memory cache and its sweep timer, the scheduler's timers, the WebSocket client's sockets (their
 * closing handshakes finish in the background). Does not bind the engine, logger or metrics: other modules do.
 *
 * @example
 * ```ts
 * container.load(createLocalAdaptersModule({ pluginsFolder, cacheFolder, artwork: { secret, baseUrl } }));
 * ```
 */
export function createLocalAdaptersModule(options: LocalAdaptersOptions): ContainerModule {
  const cache = new MemoryCache(options.cache);
  const http = new NodeHttpClient(options.http);
  const configs =
    options.pluginConfig instanceof StaticPluginConfigSource
      ? options.pluginConfig
      : new StaticPluginConfigSource(options.pluginConfig);
  const artwork = new JwtArtworkUrls(options.artwork);
  const store = new FsPluginStore({
    pluginsFolder: options.pluginsFolder,
    ...(options.maxManifestBytes === undefined ? {} : { maxManifestBytes: options.maxManifestBytes }),
  });
  const modules = new FsModuleCache({ cacheFolder: options.cacheFolder });
  const clock = new SystemClock(options.timeZone === undefined ? {} : { timeZone: options.timeZone });
  const scheduler = new InProcessScheduler({
    clock,
    ...(options.timeZone === undefined ? {} : { timeZone: options.timeZone }),
    ...options.scheduler,
  });
  const websocket = new WsWebSocketClient(options.websocket);
  return new ContainerModule(({ bind, onDeactivation }) => {
    bind<Cache>(CACHE).toConstantValue(cache);
    // Synchronous on purpose, so the sync `unbind`/`unload` work too: MemoryCache.close does its work at once.
    onDeactivation<Cache>(CACHE, (c) => {
      void c.close();
    });
    bind<HttpClient>(HTTP_CLIENT).toConstantValue(http);
    bind<PluginConfigSource>(PLUGIN_CONFIG_SOURCE).toConstantValue(configs);
    bind<ArtworkUrls>(ARTWORK_URLS).toConstantValue(artwork);
    bind<PluginStore>(PLUGIN_STORE).toConstantValue(store);
    bind<ModuleCache>(MODULE_CACHE).toConstantValue(modules);
    bind<Clock>(CLOCK).toConstantValue(clock);
    bind<Scheduler>(SCHEDULER).toConstantValue(scheduler);
    // Both do their work at once (timers cleared, sockets marked closed), so the sync `unbind` works too.
    onDeactivation<Scheduler>(SCHEDULER, (s) => {
      void s.close();
    });
    bind<WebSocketClient>(WEBSOCKET_CLIENT).toConstantValue(websocket);
    onDeactivation<WebSocketClient>(WEBSOCKET_CLIENT, (w) => {
      void w.shutdown();
    });
  });
}
