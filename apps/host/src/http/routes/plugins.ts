import type { LocalPluginChange, PluginManager, PluginStatus, RefreshOutcome } from '@ndp/application';
import { NdpError } from '@ndp/domain';
import type { Router } from '../router.js';

/** The public view of a plugin's status (the manifest's permissions with their reasons included). */
export function pluginView(s: PluginStatus): Record<string, unknown> {
  return {
    id: s.id ?? null,
    folder: s.folder,
    state: s.state,
    version: s.version ?? null,
    description: s.manifest?.description ?? null,
    author: s.manifest?.author ?? null,
    capabilities: s.capabilities,
    permissions: s.manifest?.permissions ?? {},
    error: s.failure ?? null,
    moduleHash: s.moduleHash ?? null,
    discoveredAt: new Date(s.discoveredAt).toISOString(),
    updatedAt: new Date(s.updatedAt).toISOString(),
    readyAt: s.readyAt ? new Date(s.readyAt).toISOString() : null,
    pool: s.pool ?? null,
  };
}

/** What a refresh or enable did, as the admin API answers it: `outcome` plus the plugin's view. */
function outcomeView(outcome: RefreshOutcome): Record<string, unknown> {
  if (outcome.kind === 'removed') return { outcome: 'removed', id: outcome.id, state: 'removed' };
  return { outcome: outcome.kind, ...pluginView(outcome.status) };
}

function found(manager: PluginManager, id: string): PluginStatus {
  const status = manager.status(id);
  if (!status) throw new NdpError('PLUGIN_NOT_FOUND', `no plugin "${id}"`, { details: { pluginId: id } });
  return status;
}

/**
 * `GET /api/plugins` and `/api/plugins/:id` (status, capabilities, permissions, pool sizes, failure message);
 * `POST /api/plugins/:id/refresh|disable|enable` (admin token required), each then told to `onChange`
 * (a cluster passes it on to the other nodes). Refresh re-scans the folder, so it also
 * picks up a plugin that was just installed or updated on disk, and drops one whose folder is gone; its answer's
 * `outcome` says which: `loaded` (state ready, failed with `error`, or disabled), `unusable` (the folder cannot
 * be loaded: `error` says why), `removed`. An id no plugin and no folder has is 404 `PLUGIN_NOT_FOUND`.
 */
export function pluginRoutes(
  router: Router,
  manager: PluginManager,
  onChange: (pluginId: string, change: LocalPluginChange) => Promise<void> = async () => undefined,
): void {
  router
    .get('/api/plugins', () => ({ plugins: manager.list().map(pluginView) }))
    .get('/api/plugins/:id', (ctx) => pluginView(found(manager, ctx.params['id']!)))
    .post(
      '/api/plugins/:id/refresh',
      async (ctx) => {
        const id = ctx.params['id']!;
        const outcome = await manager.refresh(id);
        await onChange(id, 'refreshed');
        return outcomeView(outcome);
      },
      { admin: true },
    )
    .post(
      '/api/plugins/:id/disable',
      async (ctx) => {
        const status = await manager.disable(ctx.params['id']!);
        await onChange(ctx.params['id']!, 'disabled');
        return pluginView(status);
      },
      { admin: true },
    )
    .post(
      '/api/plugins/:id/enable',
      async (ctx) => {
        const id = ctx.params['id']!;
        found(manager, id);
        const outcome = await manager.enable(id);
        await onChange(id, 'enabled');
        return outcomeView(outcome);
      },
      { admin: true },
    );
}
