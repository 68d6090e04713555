import type { PluginConfigSource } from '../../plugin-config-source.js';

/** A PluginConfigSource whose maps tests change with `set`. Test support only. */
export class StaticConfigSource implements PluginConfigSource {
  private readonly maps = new Map<string, Readonly<Record<string, string>>>();
  private readonly listeners = new Set<(id: string) => void>();

  get(pluginId: string): Readonly<Record<string, string>> {
    return this.maps.get(pluginId) ?? Object.freeze({});
  }

  onChange(listener: (pluginId: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  set(pluginId: string, map: Record<string, string>): void {
    this.maps.set(pluginId, Object.freeze({ ...map }));
    for (const l of this.listeners) l(pluginId);
  }
}
