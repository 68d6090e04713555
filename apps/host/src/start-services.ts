import type { Logger } from '@ndp/ports';
import type { ClusterServices } from './cluster/cluster-services.js';
import { composeHost, type ComposedHost, type HostServices } from './compose.js';
import type { HostConfig } from './config/host-config.js';
import { referenceWarnings } from './config/plugin-references.js';

/**
 * Composes the services and starts them, as both the host app and an embedded host do: purges the module cache to
 * its size, starts the scheduler, starts loading the plugins (in the background: await `manager.settled()`) and,
 * in a cluster, catches up with the cluster's plugin set. On a failure what was started is closed again.
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
    await composed.scheduler.start();
    if (config.plugins.enabled) {
      await composed.manager.start();
      for (const w of referenceWarnings(config, composed.manager.list())) logger.warn(w);
      if (composed.clusterSync) {
        // Catching up installs what the cluster has and this node lacks; failures are logged per plugin.
        await composed.clusterSync.start();
        logger.info('cluster joined', { node: config.cluster?.nodeName, prefix: config.cluster?.prefix });
      }
    }
  } catch (e) {
    await composed.close().catch(() => undefined);
    throw e;
  }
  return composed;
}
