import type { PluginConfigSource } from '@ndp/ports';

/** The plugin's `PluginConfig` map, changed by the test; a change reloads the plugin, as a host config reload does. */
export class TestConfigSource implements PluginConfigSource {
  private readonly listeners = new Set<(pluginId: string) => void>();

  constructor(
    private readonly pluginId: string,
    private map: Readonly<Record<string, string>>,
  ) {}

  get(pluginId: string): Readonly<Record<string, string>> {
    return pluginId === this.pluginId ? this.map : {};
  }

  onChange(listener: (pluginId: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  set(map: Readonly<Record<string, string>>): void {
    this.map = Object.freeze({ ...map });
    for (const l of this.listeners) l(this.pluginId);
  }
}
