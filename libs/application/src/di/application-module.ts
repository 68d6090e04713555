import {
  ARTWORK_URLS,
  CACHE,
  CLOCK,
  CLUSTER_BUS,
  HTTP_CLIENT,
  LOGGER,
  METRICS,
  PLUGIN_CONFIG_SOURCE,
  PLUGIN_DISTRIBUTION,
  PLUGIN_ENGINE,
  PLUGIN_PACKAGES,
  PLUGIN_STORE,
  SCHEDULER,
  WEBSOCKET_CLIENT,
  type PluginStateStore,
  type Token,
} from '@ndp/ports';
import { ContainerModule, type ResolutionContext } from 'inversify';
import { CallbackRouter } from '../callbacks/callback-router.js';
import { ClusterPluginSync } from '../cluster/cluster-plugin-sync.js';
import { ClusterWebSocketClient } from '../cluster/cluster-websocket-client.js';
import { Agents } from '../dispatch/agents.js';
import { Scrobblers } from '../dispatch/scrobblers.js';
import type { PluginLimits, PluginOverrides } from '../manager/plugin-manager-options.js';
import { PluginManager } from '../manager/plugin-manager.js';
import {
  AGENTS,
  CALLBACK_ROUTER,
  CLUSTER_PLUGIN_SYNC,
  PLUGIN_MANAGER,
  PLUGIN_WEBSOCKETS,
  SCROBBLERS,
} from './tokens.js';

/** What the composition root decides for the application layer (parsed config, never `process.env`). */
export interface ApplicationModuleOptions {
  /** The ordered `Agents` setting, already split: plugin ids. Default: none (no MetadataAgent plugin is used). */
  readonly agents?: readonly string[];
  readonly limits?: PluginLimits;
  readonly overrides?: Readonly<Record<string, PluginOverrides>>;
  /**
   * Clustered mode: plugin sockets are routed over the bound `CLUSTER_BUS` (commands to another node's socket wait
   * `commandTimeoutMs` for its answer), and `CLUSTER_PLUGIN_SYNC` keeps plugins in step through the bound
   * `PLUGIN_DISTRIBUTION` and `PLUGIN_PACKAGES`. Default: single node.
   */
  readonly cluster?: { readonly commandTimeoutMs: number };
  /** Keeps enable/disable decisions across restarts; default: not kept. */
  readonly state?: PluginStateStore;
  /** `Plugins.RequireApproval`: new or changed packages start disabled. Default false. */
  readonly requireApproval?: boolean;
}

/**
 * Binds the use cases as singletons built from the ports' tokens (which adapter modules bind): `PLUGIN_MANAGER`,
 * `AGENTS`, `SCROBBLERS` and `CALLBACK_ROUTER`. Resolving binds nothing to anything else: the composition root
 * attaches the callback router to the scheduler and WebSocket client (`router.attach(...)`) so that scheduler
 * firings and socket events reach plugins, and calls `manager.start()` before `scheduler.start()`.
 *
 * @example
 * ```ts
 * await container.load(createApplicationModule({ agents: ['wikimedia', 'coverartarchive'] }));
 * const manager = container.get(PLUGIN_MANAGER);
 * container.get(CALLBACK_ROUTER).attach(container.get(SCHEDULER), container.get(PLUGIN_WEBSOCKETS));
 * ```
 */
export function createApplicationModule(options: ApplicationModuleOptions = {}): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind(PLUGIN_MANAGER)
      .toDynamicValue((ctx) => {
        const manager = new PluginManager({
          engine: get(ctx, PLUGIN_ENGINE),
          store: get(ctx, PLUGIN_STORE),
          configSource: get(ctx, PLUGIN_CONFIG_SOURCE),
          logger: get(ctx, LOGGER),
          metrics: get(ctx, METRICS),
          scheduler: get(ctx, SCHEDULER),
          websocket: get(ctx, PLUGIN_WEBSOCKETS),
          hostServices: {
            http: get(ctx, HTTP_CLIENT),
            cache: get(ctx, CACHE),
            clock: get(ctx, CLOCK),
            artwork: get(ctx, ARTWORK_URLS),
          },
          ...(options.limits ? { limits: options.limits } : {}),
          ...(options.overrides ? { overrides: options.overrides } : {}),
          ...(options.state ? { state: options.state } : {}),
          ...(options.requireApproval ? { requireApproval: true } : {}),
        });
        return manager;
      })
      .inSingletonScope();
    bind(PLUGIN_WEBSOCKETS)
      .toDynamicValue((ctx) => {
        const local = get(ctx, WEBSOCKET_CLIENT);
        if (!options.cluster) return local;
        return new ClusterWebSocketClient({
          local,
          bus: get(ctx, CLUSTER_BUS),
          commandTimeoutMs: options.cluster.commandTimeoutMs,
          logger: get(ctx, LOGGER),
        });
      })
      .inSingletonScope();
    if (options.cluster) {
      bind(CLUSTER_PLUGIN_SYNC)
        .toDynamicValue(
          (ctx) =>
            new ClusterPluginSync({
              manager: get(ctx, PLUGIN_MANAGER),
              bus: get(ctx, CLUSTER_BUS),
              distribution: get(ctx, PLUGIN_DISTRIBUTION),
              packages: get(ctx, PLUGIN_PACKAGES),
              logger: get(ctx, LOGGER),
            }),
        )
        .inSingletonScope();
    }
    bind(CALLBACK_ROUTER)
      .toDynamicValue((ctx) => {
        const manager = get(ctx, PLUGIN_MANAGER);
        return new CallbackRouter(
          manager,
          (id) => isServing(manager, id),
          get(ctx, LOGGER),
          get(ctx, METRICS),
        );
      })
      .inSingletonScope();
    bind(AGENTS)
      .toDynamicValue((ctx) => {
        const manager = get(ctx, PLUGIN_MANAGER);
        return new Agents(
          manager,
          manager.registry,
          options.agents ?? [],
          get(ctx, LOGGER),
          get(ctx, METRICS),
        );
      })
      .inSingletonScope();
    bind(SCROBBLERS)
      .toDynamicValue((ctx) => {
        const manager = get(ctx, PLUGIN_MANAGER);
        return new Scrobblers(manager, manager.registry, get(ctx, LOGGER), get(ctx, METRICS));
      })
      .inSingletonScope();
  });
}

function isServing(manager: PluginManager, id: string): boolean {
  const state = manager.status(id)?.state;
  return state === 'ready' || state === 'loading';
}

// Inversify cannot infer a type from a symbol; the token carries it.
function get<T>(ctx: ResolutionContext, id: Token<T>): T {
  return ctx.get<T>(id);
}
