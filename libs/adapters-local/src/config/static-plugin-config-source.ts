import type { PluginConfigSource } from '@ndp/ports';

/** Every plugin's `PluginConfig.<id>` map, keyed by plugin id. */
export type PluginConfigMaps = Readonly<Record<string, Readonly<Record<string, string>>>>;

const EMPTY: Readonly<Record<string, string>> = Object.freeze({});

/**
 * A {@link PluginConfigSource} over maps the host already parsed from its configuration; `update` replaces them
 * all on a configuration reload.
 *
 * Guarantees: `get` answers a frozen copy taken at construction or `update` (later changes to the caller's
 * objects change nothing), `{}` for a plugin without a map. `update` switches to the new maps first, then calls
 * every listener once for each plugin whose map was added, removed or changed (a key or a value); unchanged
 * plugins are not reported. A throwing listener does not stop the others; `update` rethrows afterwards (one
 * error, or an `AggregateError`).
 * Does not guarantee: anything about listeners added or removed while `update` runs.
 *
 * @example
 * ```ts
 * const configs = new StaticPluginConfigSource({ 'discord-rich-presence': { clientid: '123' } });
 * configs.onChange((id) => manager.refresh(id));
 * configs.update(reloaded.pluginConfig);
 * ```
 */
export class StaticPluginConfigSource implements PluginConfigSource {
  private maps: ReadonlyMap<string, Readonly<Record<string, string>>>;
  private readonly listeners = new Set<(pluginId: string) => void>();

  constructor(initial: PluginConfigMaps = {}) {
    this.maps = freezeAll(initial);
  }

  get(pluginId: string): Readonly<Record<string, string>> {
    return this.maps.get(pluginId) ?? EMPTY;
  }

  onChange(listener: (pluginId: string) => void): () => void {
    // A wrapper per subscription, so subscribing the same function twice gives two independent subscriptions.
    const subscription = (pluginId: string) => listener(pluginId);
    this.listeners.add(subscription);
    return () => {
      this.listeners.delete(subscription);
    };
  }

  /** Replaces every plugin's map and notifies listeners of the plugins whose map changed. */
  update(all: PluginConfigMaps): void {
    const previous = this.maps;
    this.maps = freezeAll(all);
    const changed = [...new Set([...previous.keys(), ...this.maps.keys()])].filter(
      (id) => !sameMap(previous.get(id) ?? EMPTY, this.maps.get(id) ?? EMPTY),
    );
    const errors: unknown[] = [];
    for (const pluginId of changed) {
      for (const listener of [...this.listeners]) {
        try {
          listener(pluginId);
        } catch (error) {
          errors.push(error);
        }
      }
    }
    if (errors.length === 1) throw errors[0];
    if (errors.length > 1) throw new AggregateError(errors, `${errors.length} config listeners failed`);
  }
}

function freezeAll(all: PluginConfigMaps): ReadonlyMap<string, Readonly<Record<string, string>>> {
  return new Map(
    Object.entries(all).map(([id, map]) => [id, Object.freeze(Object.fromEntries(Object.entries(map)))]),
  );
}

function sameMap(a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && a[k] === b[k]);
}
