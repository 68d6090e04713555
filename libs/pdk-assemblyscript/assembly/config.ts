// Two ways to read configuration: Extism's own config (no permission) and the host's ConfigService
// (permission `config`, the live `PluginConfig.<id>` map, docs/contract.md §5).
import { GetPluginConfigRequest } from '@ndp/protocol/assembly/gen/host/config/config';
import { config_get } from './env';
import { ConfigService } from './gen/host/config';
import { readBlockString, release, storeString } from './memory';

/** Extism config (`config_get`): the key/value config the host passed when it created the plugin. */
export class Config {
  /** The value of `key`, or null when it is not set. */
  static get(key: string): string | null {
    const k = storeString(key);
    if (k == 0) return null;
    // The native kernel frees the key block itself: freeing it here would be a double free.
    const h = config_get(k);
    if (h == 0) return null;
    const value = readBlockString(h);
    release(h);
    return value;
  }
}

/** The live plugin configuration from the host's ConfigService (needs the `config` permission). */
export class PluginConfig {
  /** The whole map; empty when the operator configured nothing. */
  static all(): Map<string, string> {
    return ConfigService.getPluginConfig(new GetPluginConfigRequest()).config;
  }

  /** One value, or null when absent. */
  static get(key: string): string | null {
    const all = PluginConfig.all();
    return all.has(key) ? all.get(key) : null;
  }
}
