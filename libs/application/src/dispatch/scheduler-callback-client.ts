import type { SchedulerCallbackRequestSchema, SchedulerCallbackResponse } from '@ndp/protocol';
import type { MessageInitShape } from '../codec/proto-codec.js';
import type { CallOptions, PluginInvoker } from './capability-types.js';

/** The SchedulerCallback capability of one plugin; a non-empty response `error` rejects (docs/contract.md §4 mapping). */
export class SchedulerCallbackClient {
  constructor(
    private readonly invoker: PluginInvoker,
    readonly pluginId: string,
  ) {}

  onSchedulerCallback(
    request: MessageInitShape<typeof SchedulerCallbackRequestSchema>,
    options?: CallOptions,
  ): Promise<SchedulerCallbackResponse> {
    return this.invoker.invoke(this.pluginId, 'SchedulerCallback', 'OnSchedulerCallback', request, options);
  }
}
