/**
 * The live `PluginConfig.<id>` maps from the host configuration.
 *
 * Guarantees: `get` answers the current values (after a reload, the new ones) as a frozen map, `{}` when the
 * plugin has none; listeners hear about every plugin whose map changed, after `get` already answers the new
 * values. The returned function unsubscribes.
 * Does not guarantee: that a listener is told only once per change, or which values changed.
 *
 * @example
 * ```ts
 * const off = configs.onChange((pluginId) => manager.refresh(pluginId));
 * const cfg = configs.get('discord-rich-presence');
 * ```
 */
export interface PluginConfigSource {
  get(pluginId: string): Readonly<Record<string, string>>;
  onChange(listener: (pluginId: string) => void): () => void;
}
