import type { LocalPluginChange, PluginManager, PluginStatus } from '@ndp/application';
import { removePlugin } from '@ndp/packages';
import { NdpError } from '@ndp/domain';
import type { Scheduler, WebSocketClient } from '@ndp/ports';
import { pluginFigures } from '../../admin/plugin-figures.js';
import type { PrometheusMetrics } from '../../observability/prometheus-metrics.js';
import type { RecentLogs } from '../../observability/recent-logs.js';
import type { PluginSettings, SettingsChange } from '../../settings/plugin-settings.js';
import { readJson } from '../body.js';
import { HttpProblem } from '../http-error.js';
import type { Router } from '../router.js';
import { pluginView } from './plugins.js';

/** What the admin routes read and steer. */
export interface AdminRouteOptions {
  readonly manager: PluginManager;
  readonly metrics: PrometheusMetrics;
  readonly scheduler: Scheduler;
  readonly websocket: WebSocketClient;
  readonly recentLogs: RecentLogs;
  readonly settings: PluginSettings;
  readonly pluginsFolder: string;
  /** The engine and, for the Node engine, the executor that runs a plugin's guests. */
  readonly runtimeOf: (pluginId: string) => { readonly engine: string; readonly executor?: string };
  /** Told of a removal (a cluster passes it on to the other nodes). */
  readonly onPluginChange?: (pluginId: string, change: LocalPluginChange) => Promise<void>;
}

/**
 * The admin page's API, every route behind the admin token (reads too: logs, schedules and settings are the
 * operator's business):
 * - `GET /api/admin/plugins`: every plugin with its live figures (calls, errors by code, p50/p99, pool, memory);
 * - `GET /api/admin/plugins/:id`: the same plus manifest, permissions, active schedules, open sockets, recent log
 *   lines and settings (secrets masked);
 * - `PUT /api/admin/plugins/:id/settings` `{ "values": { key: text | null } }`: validated by the plugin's schema,
 *   saved, then the plugin reloads (OnInit again); answers the new detail, or 422 with every issue;
 * - `POST /api/plugins/:id/remove`: deletes the plugin's folder (a dev link is unlinked) and stops serving it.
 */
export function adminRoutes(router: Router, options: AdminRouteOptions): void {
  const { manager } = options;
  const overview = (status: PluginStatus, figures = pluginFigures(options.metrics)) => ({
    ...pluginView(status),
    runtime: status.id ? options.runtimeOf(status.id) : null,
    figures: status.id ? figures(status.id) : null,
    memory: status.memory ?? null,
  });
  const detail = async (status: PluginStatus) => {
    const id = status.id!;
    // A scheduler that cannot answer (Redis down) must not take the page with it.
    const schedules = await options.scheduler.list(id).catch((e: unknown) => ({ error: String(e) }));
    return {
      ...overview(status),
      manifest: status.manifest ?? null,
      schedules: Array.isArray(schedules)
        ? schedules.map((s) => ({
            ...s,
            ...(s.nextFireAt !== undefined ? { nextFireAt: new Date(s.nextFireAt).toISOString() } : {}),
          }))
        : schedules,
      connections: options.websocket
        .connections(id)
        .map((c) => ({ ...c, since: new Date(c.since).toISOString() })),
      logs: options.recentLogs.of(id),
      settings: options.settings.view(status) ?? null,
    };
  };
  const found = (id: string): PluginStatus => {
    const status = manager.status(id);
    if (!status) throw new NdpError('PLUGIN_NOT_FOUND', `no plugin "${id}"`, { details: { pluginId: id } });
    return status;
  };

  router
    .get(
      '/api/admin/plugins',
      () => {
        const figures = pluginFigures(options.metrics);
        return { plugins: manager.list().map((s) => overview(s, figures)) };
      },
      { admin: true },
    )
    .get('/api/admin/plugins/:id', (ctx) => detail(found(ctx.params['id']!)), { admin: true })
    .put(
      '/api/admin/plugins/:id/settings',
      async (ctx) => {
        const id = ctx.params['id']!;
        found(id);
        const status = await options.settings.save(
          manager,
          id,
          settingsChange(await readJson(ctx.req, 64 * 1024)),
        );
        return detail(status);
      },
      { admin: true },
    )
    .post(
      '/api/plugins/:id/remove',
      async (ctx) => {
        const id = ctx.params['id']!;
        found(id);
        const removed = await removePlugin(options.pluginsFolder, id);
        const after = await manager.refresh(id);
        await options.onPluginChange?.(id, 'refreshed'); // the folder is gone: the other nodes drop it too
        options.recentLogs.forget(id);
        return {
          id,
          state: after.kind === 'removed' ? 'removed' : after.status.state,
          removed: removed.kind,
          path: removed.path,
        };
      },
      { admin: true },
    );
}

function settingsChange(body: unknown): SettingsChange {
  const values = (body as { values?: unknown } | null)?.values;
  if (typeof values !== 'object' || values === null || Array.isArray(values)) {
    throw new HttpProblem('BAD_REQUEST', 'the body must be {"values": {"<setting>": "<text>" | null, ...}}');
  }
  for (const [key, value] of Object.entries(values)) {
    if (value !== null && typeof value !== 'string') {
      throw new HttpProblem(
        'BAD_REQUEST',
        `setting "${key}" must be sent as text or null (settings are text values), not ${typeof value}`,
      );
    }
  }
  return values as SettingsChange;
}
