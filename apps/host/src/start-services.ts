import type { Logger } from '@ndp/ports';
import type { ClusterServices } from './cluster/cluster-services.js';
import { composeHost, type ComposedHost, type HostServices } from './compose.js';
import type { HostConfig } from './config/host-config.js';
import { referenceWarnings } from './config/plugin-references.js';

/**
 * Composes the services and starts them, as both the host app and an embedded host do: purges the module cache to
 * its size, starts loading the plugins (in the background: await `manager.settled()`), in a cluster catches up with
 * the cluster's plugin set, and only then starts the scheduler. A firing taken before its plugin is known would be
 * dropped as "plugin not found" — in a cluster, a restarted node's scheduler takes shared firings at once — so
 * firings start once every plugin is registered (loading plugins count: a firing for one waits for its load). On a
 * failure what was started is closed again.
 */
export async function startServices(
  config: HostConfig,
  logger: Logger,
  cluster?: ClusterServices,
  services?: HostServices,
): Promise<ComposedHost> {
  const composed = composeHost(config, logger, cluster, services);
  try {
    if (config.plugins.cacheSizeBytes > 0) {
      const purged = await composed.moduleCache.purge(config.plugins.cacheSizeBytes);
      if (purged.removedEntries > 0) logger.info('module cache purged', { ...purged });
    }
    if (config.plugins.enabled) {
      await composed.manager.start();
      for (const w of referenceWarnings(config, composed.manager.list())) logger.warn(w);
      if (composed.clusterSync) {
        // Catching up installs what the cluster has and this node lacks; failures are logged per plugin.
        await composed.clusterSync.start();
        logger.info('cluster joined', { node: config.cluster?.nodeName, prefix: config.cluster?.prefix });
      }
    }
    await composed.scheduler.start();
  } catch (e) {
    await composed.close().catch(() => undefined);
    throw e;
  }
  return composed;
}
