import {
  ARTWORK_URLS,
  CACHE,
  CLOCK,
  HTTP_CLIENT,
  LOGGER,
  METRICS,
  PLUGIN_CONFIG_SOURCE,
  PLUGIN_ENGINE,
  PLUGIN_STORE,
  SCHEDULER,
  WEBSOCKET_CLIENT,
  type PluginStateStore,
  type Token,
} from '@ndp/ports';
import { ContainerModule, type ResolutionContext } from 'inversify';
import { CallbackRouter } from '../callbacks/callback-router.js';
import { Agents } from '../dispatch/agents.js';
import { Scrobblers } from '../dispatch/scrobblers.js';
import type { PluginLimits, PluginOverrides } from '../manager/plugin-manager-options.js';
import { PluginManager } from '../manager/plugin-manager.js';
import { AGENTS, CALLBACK_ROUTER, PLUGIN_MANAGER, SCROBBLERS } from './tokens.js';

/** What the composition root decides for the application layer (parsed config, never `process.env`). */
export interface ApplicationModuleOptions {
  /** The ordered `Agents` setting, already split: plugin ids. Default: none (no MetadataAgent plugin is used). */
  readonly agents?: readonly string[];
  readonly limits?: PluginLimits;
  readonly overrides?: Readonly<Record<string, PluginOverrides>>;
  /** Keeps enable/disable decisions across restarts; default: not kept. */
  readonly state?: PluginStateStore;
  /** `Plugins.RequireApproval`: new or changed packages start disabled. Default false. */
  readonly requireApproval?: boolean;
}

/**
 * Binds the use cases as singletons built from the ports' tokens (which adapter modules bind): `PLUGIN_MANAGER`,
 * `AGENTS`, `SCROBBLERS` and `CALLBACK_ROUTER`. Resolving the manager attaches the callback router to the
 * scheduler and WebSocket client, so scheduler firings and socket events reach plugins; call `manager.start()`
 * before `scheduler.start()`.
 *
 * @example
 * ```ts
 * await container.load(createApplicationModule({ agents: ['wikimedia', 'coverartarchive'] }));
 * const manager = await container.getAsync(PLUGIN_MANAGER);
 * ```
 */
export function createApplicationModule(options: ApplicationModuleOptions = {}): ContainerModule {
  // The router is made with its manager, so that resolving the manager is enough to wire callbacks.
  const routers = new WeakMap<PluginManager, CallbackRouter>();
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
          websocket: get(ctx, WEBSOCKET_CLIENT),
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
        const router = new CallbackRouter(
          manager,
          (id) => isServing(manager, id),
          get(ctx, LOGGER),
          get(ctx, METRICS),
        );
        router.attach(get(ctx, SCHEDULER), get(ctx, WEBSOCKET_CLIENT));
        routers.set(manager, router);
        return manager;
      })
      .inSingletonScope();
    bind(CALLBACK_ROUTER)
      .toDynamicValue((ctx) => routers.get(get(ctx, PLUGIN_MANAGER))!)
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
