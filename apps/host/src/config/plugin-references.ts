import type { PluginStatus } from '@ndp/application';
import type { HostConfig } from './host-config.js';

/**
 * Warnings for settings that name plugins the host does not have: an `Agents` entry that is not installed or is
 * no MetadataAgent, a `[Plugins.Overrides.<id>]` for no installed plugin. Each names the file and the setting.
 */
export function referenceWarnings(config: HostConfig, plugins: readonly PluginStatus[]): string[] {
  const file = config.file ?? 'config';
  const byId = new Map(plugins.filter((p) => p.id !== undefined).map((p) => [p.id!, p]));
  const installed = [...byId.keys()].sort().join(', ') || 'none';
  const out: string[] = [];
  for (const id of config.agents) {
    const p = byId.get(id);
    if (!p)
      out.push(`${file}: Agents names "${id}", which is not an installed plugin (installed: ${installed})`);
    else if (!p.capabilities.includes('MetadataAgent'))
      out.push(
        `${file}: Agents names "${id}", which is not a MetadataAgent plugin (it offers ${p.capabilities.join(', ') || 'nothing'})`,
      );
  }
  for (const id of Object.keys(config.plugins.overrides)) {
    if (!byId.has(id))
      out.push(
        `${file}: [Plugins.Overrides.${id}] is for a plugin that is not installed (installed: ${installed})`,
      );
  }
  return out;
}
