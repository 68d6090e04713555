import { NdpError } from '@ndp/domain';
import type { CallDeadline } from './call-deadline.js';
import { loadingTimeoutError } from './deadline-errors.js';
import type { PluginEntry } from './plugin-entry.js';
import type { PluginVersion } from './plugin-version.js';

/**
 * The version that serves calls to `pluginId`, waiting while the plugin is loading until the call's `deadline`. Rejects with `PLUGIN_NOT_FOUND`, `PLUGIN_DISABLED`, `PLUGIN_FAILED` (carrying the load failure) or,
 * when the deadline passes first, `PLUGIN_NOT_READY`.
 */
export async function servingVersion(
  lookup: (pluginId: string) => PluginEntry | undefined,
  pluginId: string,
  deadline: CallDeadline,
): Promise<PluginVersion> {
  for (;;) {
    const entry = lookup(pluginId);
    const details = { pluginId };
    if (!entry) throw new NdpError('PLUGIN_NOT_FOUND', `no plugin "${pluginId}" is loaded`, { details });
    if (entry.state === 'ready' && entry.current) return entry.current;
    if (entry.state === 'disabled') {
      throw new NdpError('PLUGIN_DISABLED', `plugin "${pluginId}" is disabled`, { details });
    }
    if (entry.state === 'failed') {
      const reason = entry.failure?.message ?? 'unknown reason';
      throw new NdpError('PLUGIN_FAILED', `plugin "${pluginId}" failed to load: ${reason}`, {
        details: { pluginId, failure: entry.failure?.code },
      });
    }
    const remaining = deadline.remainingMs();
    if (remaining <= 0) throw loadingTimeoutError(pluginId, deadline);
    await entry.waitUntilSettled(remaining);
  }
}
