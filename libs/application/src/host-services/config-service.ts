import type { HostServiceContext, HostServiceImpl } from './host-service-types.js';

/** ConfigService (docs/contract.md §5): the live `PluginConfig.<id>` map on every call, `{}` when there is none. */
export function configService(context: HostServiceContext): HostServiceImpl<'config'> {
  return {
    GetPluginConfig: () => ({ config: { ...context.configSource.get(context.pluginId) } }),
  };
}
