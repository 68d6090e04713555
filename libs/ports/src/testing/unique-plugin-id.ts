/**
 * A plugin id unlikely to exist already (valid per the manifest's name rule), so contract cases that share one
 * backend (a Redis server, a BullMQ queue) never see each other's keys or schedules.
 *
 * @example
 * ```ts
 * const pluginId = uniquePluginId('cache'); // e.g. "cache-k3x9q2m1"
 * ```
 */
export function uniquePluginId(prefix: string): string {
  return `${prefix}-${Math.random().toString(36).slice(2, 10)}`;
}
