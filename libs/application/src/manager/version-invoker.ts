import type { Logger } from '@ndp/ports';
import type { CapabilityName } from '@ndp/protocol';
import { encodeMessage } from '../codec/proto-codec.js';
import type {
  CallOptions,
  CapabilityMethodName,
  MethodRequest,
  MethodResponse,
  PluginInvoker,
} from '../dispatch/capability-types.js';
import { CallDeadline } from './call-deadline.js';
import type { CallMetrics } from './call-metrics.js';
import { methodDescriptor, runGuestCall } from './guest-call.js';
import type { PluginVersion } from './plugin-version.js';

/**
 * A {@link PluginInvoker} pinned to one plugin version, whatever its state: the lifecycle uses it to run
 * `OnInit` on a version before that version serves other calls. The `pluginId` argument must be the version's.
 */
export function versionInvoker(
  version: PluginVersion,
  observers: { readonly metrics: CallMetrics; readonly logger: Logger },
): PluginInvoker {
  return {
    async invoke<C extends CapabilityName, M extends CapabilityMethodName<C>>(
      pluginId: string,
      capability: C,
      method: M,
      request: MethodRequest<C, M>,
      options?: CallOptions,
    ): Promise<MethodResponse<C, M>> {
      if (pluginId !== version.id) throw new Error(`invoker of "${version.id}" asked to call "${pluginId}"`);
      const descriptor = methodDescriptor(pluginId, capability, method);
      const input = encodeMessage(descriptor.input, request as never);
      const deadline = CallDeadline.start(options?.timeoutMs ?? version.callTimeoutMs);
      const answer = await runGuestCall(version, capability, method, input, deadline, observers);
      return answer.message as MethodResponse<C, M>;
    },
  };
}
