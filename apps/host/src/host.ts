import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { NdpError } from '@ndp/domain';
import type { Logger } from '@ndp/ports';
import { openCluster } from './cluster/open-cluster.js';
import type { ArtworkSource } from './artwork/artwork-source.js';
import type { ComposedHost } from './compose.js';
import { artworkSecret } from './config/artwork-secret.js';
import { watchForReload } from './config/auto-reload.js';
import { ConfigReloader, type ConfigReloadReport } from './config/config-reloader.js';
import type { HostConfig } from './config/host-config.js';
import { HostServer } from './http/host-server.js';
import { startServices } from './start-services.js';

/** What an embedding application adds to a host. */
export interface StartHostOptions {
  /** Images behind `/share/img/<token>`; default none (verified tokens answer 404 `ARTWORK_NOT_FOUND`). */
  readonly artworkSource?: ArtworkSource;
  /**
   * How a reload reads the configuration again (SIGHUP, `POST /api/reload`, `Plugins.AutoReload`); default:
   * none, so the host cannot reload. `main.ts` passes the same `loadConfig` call it started with.
   */
  readonly loadConfig?: () => HostConfig;
}

/** A running host. */
export interface RunningHost {
  readonly port: number;
  readonly url: string;
  readonly composed: ComposedHost;
  /** Re-reads the configuration and applies what can change live; rejects (keeping the running one) on a bad file. */
  reload(trigger: string): Promise<ConfigReloadReport>;
  /** Graceful shutdown: stop accepting requests, let in-flight ones finish, then close every service. */
  close(): Promise<void>;
}

/**
 * Starts the host: connects the cluster's services (with `[Cluster]`), composes and starts the services as an
 * embedded host does ({@link startServices}: plugins load in the background) and serves the HTTP API on
 * `config.address:config.port`.
 */
export async function startHost(
  config: HostConfig,
  logger: Logger,
  options: StartHostOptions = {},
): Promise<RunningHost> {
  for (const w of config.warnings) logger.warn(w);
  const secret = artworkSecret(config);
  const cluster = config.cluster ? await openCluster(config.cluster, logger) : undefined;
  const composed = await startServices({ ...config, secret }, logger, cluster);
  const load = options.loadConfig;
  const reloader = new ConfigReloader(
    config,
    () => {
      if (!load)
        throw new NdpError(
          'CONFIG_INVALID',
          'this host was started without a way to reload its configuration',
        );
      return load();
    },
    {
      manager: composed.manager,
      agents: composed.agents,
      // Saved settings stay laid over the new configuration's maps.
      updatePluginConfig: (maps) => composed.settings.reconfigure(maps),
      updateOverrides: (overrides) => composed.setOverrides(overrides),
      logger,
    },
  );
  const reload = (trigger: string) => reloader.reload(trigger);
  const server = new HostServer({
    manager: composed.manager,
    agents: composed.agents,
    scrobblers: composed.scrobblers,
    metrics: composed.metrics,
    logger,
    adminToken: config.adminToken,
    admin: {
      scheduler: composed.scheduler,
      websocket: composed.websocket,
      recentLogs: composed.recentLogs,
      settings: composed.settings,
      pluginsFolder: config.plugins.folder,
      runtimeOf: (id) =>
        config.plugins.engine === 'extism'
          ? { engine: 'extism' }
          : { engine: 'node', executor: config.plugins.overrides[id]?.executor ?? config.plugins.executor },
    },
    ...(composed.clusterSync
      ? { onPluginChange: composed.clusterSync.announce.bind(composed.clusterSync) }
      : {}),
    secret,
    ...(options.artworkSource ? { artworkSource: options.artworkSource } : {}),
    ...(load ? { reload: () => reload('admin API') } : {}),
    identity: {
      configFile: config.file ?? null,
      dataFolder: config.dataFolder,
      pluginsFolder: config.plugins.folder,
    },
  });
  let port: number;
  try {
    port = await server.listen(config.port, config.address);
  } catch (e) {
    await composed.close();
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE' || code === 'EACCES' || code === 'EADDRNOTAVAIL') {
      const why =
        code === 'EADDRINUSE'
          ? 'is already in use (another ndp host or another program?): stop it, or choose another Port'
          : code === 'EACCES'
            ? 'needs privileges this process lacks: choose a Port above 1023'
            : 'is not an address of this machine: fix Address';
      throw new NdpError('CONFIG_INVALID', `${config.portOrigin}: ${config.address}:${config.port} ${why}`, {
        cause: e,
        details: { ...(config.file ? { file: config.file } : {}), path: 'Port' },
      });
    }
    throw e;
  }
  const url = `http://${config.address.includes(':') ? `[${config.address}]` : config.address}:${port}`;
  logger.info('host listening', { url, engine: config.plugins.engine, plugins: config.plugins.folder });
  // Tells the CLI where this host answers, even when its port was chosen at start (Port = 0, or npm start moving on).
  const urlFile = hostUrlFile(config.dataFolder);
  mkdirSync(config.dataFolder, { recursive: true, mode: 0o700 });
  writeFileSync(urlFile, `${url}\n`, { mode: 0o600 });
  const unwatch =
    config.plugins.autoReload && load
      ? watchForReload({
          configFile: config.file,
          pluginsFolder: config.plugins.folder,
          delayMs: config.plugins.autoReloadDelayMs,
          onConfig: () => reload('ndp.toml changed'),
          onPlugins: async () => {
            await composed.manager.rescan();
            logger.info('plugins folder rescanned', { trigger: 'plugins folder changed' });
          },
          logger,
        })
      : undefined;
  let closing: Promise<void> | undefined;
  return {
    port,
    url,
    composed,
    reload,
    close() {
      closing ??= (async () => {
        unwatch?.();
        await server.close();
        rmSync(urlFile, { force: true });
        await composed.close();
        logger.info('host stopped');
      })();
      return closing;
    },
  };
}

/** Where a running host writes its URL: `<DataFolder>/host.url`. */
export function hostUrlFile(dataFolder: string): string {
  return join(dataFolder, 'host.url');
}
