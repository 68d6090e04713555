import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '@ndp/ports';
import { openCluster } from './cluster/open-cluster.js';
import { composeHost, type ComposedHost } from './compose.js';
import type { HostConfig } from './config/host-config.js';
import { HostServer } from './http/host-server.js';

/** A running host. */
export interface RunningHost {
  readonly port: number;
  readonly url: string;
  readonly composed: ComposedHost;
  /** Graceful shutdown: stop accepting requests, let in-flight ones finish, then close every service. */
  close(): Promise<void>;
}

/**
 * Starts the host: connects the cluster's services (with `[Cluster]`), composes the services, purges the module
 * cache to its size, starts the scheduler, loads the plugins in the background, catches up with the cluster's
 * plugin set and serves the HTTP API on `config.address:config.port`.
 */
export async function startHost(config: HostConfig, logger: Logger): Promise<RunningHost> {
  for (const w of config.warnings) logger.warn(w);
  const secret = config.secret || ensureSecret(config.dataFolder);
  const cluster = config.cluster ? await openCluster(config.cluster, logger) : undefined;
  const composed = composeHost({ ...config, secret }, logger, cluster);
  if (config.plugins.cacheSizeBytes > 0) {
    const purged = await composed.moduleCache.purge(config.plugins.cacheSizeBytes);
    if (purged.removedEntries > 0) logger.info('module cache purged', { ...purged });
  }
  await composed.scheduler.start();
  if (config.plugins.enabled) await composed.manager.start();
  if (config.plugins.enabled && composed.clusterSync) {
    // Catching up installs what the cluster has and this node lacks; failures are logged per plugin.
    await composed.clusterSync.start();
    logger.info('cluster joined', { node: config.cluster?.nodeName, prefix: config.cluster?.prefix });
  }
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
  });
  let port: number;
  try {
    port = await server.listen(config.port, config.address);
  } catch (e) {
    await composed.close();
    throw e;
  }
  const url = `http://${config.address.includes(':') ? `[${config.address}]` : config.address}:${port}`;
  logger.info('host listening', { url, engine: config.plugins.engine, plugins: config.plugins.folder });
  // Tells the CLI where this host answers, even when its port was chosen at start (Port = 0, or npm start moving on).
  const urlFile = hostUrlFile(config.dataFolder);
  mkdirSync(config.dataFolder, { recursive: true, mode: 0o700 });
  writeFileSync(urlFile, `${url}\n`, { mode: 0o600 });
  let closing: Promise<void> | undefined;
  return {
    port,
    url,
    composed,
    close() {
      closing ??= (async () => {
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

/** The artwork signing secret: kept in `<DataFolder>/.secret` (mode 0600) so URLs stay valid across restarts. */
function ensureSecret(dataFolder: string): string {
  const file = join(dataFolder, '.secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataFolder, { recursive: true, mode: 0o700 });
  const secret = randomBytes(32).toString('hex');
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}
