import type { CapabilityName } from '@ndp/domain';

/**
 * Which ready plugins offer which capability. A plugin is registered when it becomes ready and unregistered when
 * it is removed, disabled or fails; lookups answer in registration order (the host app orders agents itself).
 */
export class CapabilityRegistry {
  private readonly byPlugin = new Map<string, readonly CapabilityName[]>();

  register(pluginId: string, capabilities: readonly CapabilityName[]): void {
    this.byPlugin.set(pluginId, [...capabilities]);
  }

  unregister(pluginId: string): void {
    this.byPlugin.delete(pluginId);
  }

  /** True when `pluginId` is ready and declares `capability`. */
  offers(pluginId: string, capability: CapabilityName): boolean {
    return this.byPlugin.get(pluginId)?.includes(capability) ?? false;
  }

  /** The ids of ready plugins that declare `capability`. */
  pluginsWith(capability: CapabilityName): string[] {
    return [...this.byPlugin].filter(([, caps]) => caps.includes(capability)).map(([id]) => id);
  }
}
