import type { Container } from 'inversify';
import type { PluginStatus } from '@ndp/application';
import { artworkSecret } from '../config/artwork-secret.js';
import { PinoLogger } from '../observability/pino-logger.js';
import { startServices } from '../start-services.js';
import {
  agentsFacade,
  pluginsFacade,
  scrobblersFacade,
  type PluginHostAgents,
  type PluginHostPlugins,
  type PluginHostScrobblers,
} from './facades.js';
import { hostConfigFromOptions, type PluginHostOptions } from './plugin-host-options.js';

/** A plugin host running inside an application: the capabilities to call, the plugins, and the services. */
export interface PluginHost {
  /** The MetadataAgent plugins named in `agents`, in order; answers are plain objects. */
  readonly agents: PluginHostAgents;
  /** Every ready Scrobbler plugin. */
  readonly scrobblers: PluginHostScrobblers;
  readonly plugins: PluginHostPlugins;
  /**
   * The Inversify container the host is composed in, for resolving services by their tokens (`@ndp/ports`,
   * `@ndp/application`). The services are already resolved: rebinding affects only what is resolved later.
   */
  readonly container: Container;
  /** Resolves, with every plugin's status, once every plugin load started so far has settled (ready or failed). */
  ready(): Promise<PluginStatus[]>;
  /** Closes every service: in-flight calls finish, instances and workers are released. Idempotent. */
  close(): Promise<void>;
}

/**
 * Starts an ndp plugin host inside the calling application: discovers the plugins of `pluginsFolder` and loads
 * them in the background, with every option defaulted as the host app (`ndp.toml`) defaults it. No HTTP server
 * is started; the application calls the capabilities itself. Bad options reject with NdpError `CONFIG_INVALID`
 * naming the option.
 *
 * @example
 * ```ts
 * import { createPluginHost } from '@ndp/host';
 *
 * const host = await createPluginHost({
 *   pluginsFolder: './plugins',
 *   dataFolder: './data',
 *   agents: ['notes'],
 *   pluginConfig: { notes: { 'bio.nina simone': 'Singer and pianist.' } },
 * });
 * await host.ready();
 * const { biography } = await host.agents.getArtistBiography({ name: 'Nina Simone' });
 * await host.close();
 * ```
 */
export async function createPluginHost(options: PluginHostOptions = {}): Promise<PluginHost> {
  const config = hostConfigFromOptions(options);
  const logger = options.logger ?? PinoLogger.create(config.logLevel);
  const composed = await startServices({ ...config, secret: artworkSecret(config) }, logger, undefined, {
    ...(options.cache ? { cache: options.cache } : {}),
    ...(options.scheduler ? { scheduler: options.scheduler } : {}),
  });
  let closing: Promise<void> | undefined;
  return Object.freeze({
    agents: agentsFacade(composed.agents),
    scrobblers: scrobblersFacade(composed.scrobblers),
    plugins: pluginsFacade(composed.manager),
    container: composed.container,
    async ready() {
      await composed.manager.settled();
      return composed.manager.list();
    },
    close() {
      closing ??= composed.close();
      return closing;
    },
  });
}
