import { ContainerModule } from 'inversify';
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
import { JwtArtworkUrls, type JwtArtworkUrlsOptions } from './artwork/jwt-artwork-urls.js';
import { MemoryCache, type MemoryCacheOptions } from './cache/memory-cache.js';
import { StaticPluginConfigSource, type PluginConfigMaps } from './config/static-plugin-config-source.js';
import { NodeHttpClient, type NodeHttpClientOptions } from './http/node-http-client.js';
import { FsModuleCache } from './module-cache/fs-module-cache.js';
import { FsPluginStore } from './store/fs-plugin-store.js';

/** What the host app configures for the single-node adapters (already parsed and validated by the app). */
export interface LocalAdaptersOptions {
  /** `Plugins.Folder`. */
  readonly pluginsFolder: string;
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
}

/**
 * The single-node adapters as an Inversify module: binds `CACHE` (MemoryCache), `HTTP_CLIENT` (NodeHttpClient),
 * `PLUGIN_CONFIG_SOURCE` (StaticPluginConfigSource), `ARTWORK_URLS` (JwtArtworkUrls), `PLUGIN_STORE`
 * (FsPluginStore) and `MODULE_CACHE` (FsModuleCache), each as one constant instance created here.
 *
 * Guarantees: the instances exist from this call on (so invalid options throw here, at startup, not on first
 * use); unloading the module or unbinding `CACHE` (sync or async) closes the memory cache and its sweep timer. Does not bind the
 * scheduler, WebSocket client, engine, clock, logger or metrics: other modules do.
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
  const store = new FsPluginStore({ pluginsFolder: options.pluginsFolder });
  const modules = new FsModuleCache({ cacheFolder: options.cacheFolder });
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
  });
}
