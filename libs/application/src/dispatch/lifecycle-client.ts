import type { InitRequestSchema, InitResponse } from '@ndp/protocol';
import type { MessageInitShape } from '../codec/proto-codec.js';
import type { CallOptions, PluginInvoker } from './capability-types.js';

/**
 * The LifecycleManagement capability of one plugin. `onInit` resolves when the plugin accepted its
 * configuration; a non-empty `error` in the response rejects (docs/contract.md §4 mapping), as does a failed call.
 */
export class LifecycleClient {
  constructor(
    private readonly invoker: PluginInvoker,
    readonly pluginId: string,
  ) {}

  onInit(request: MessageInitShape<typeof InitRequestSchema>, options?: CallOptions): Promise<InitResponse> {
    return this.invoker.invoke(this.pluginId, 'LifecycleManagement', 'OnInit', request, options);
  }
}
