import type {
  OnBinaryMessageRequestSchema,
  OnBinaryMessageResponse,
  OnCloseRequestSchema,
  OnCloseResponse,
  OnErrorRequestSchema,
  OnErrorResponse,
  OnTextMessageRequestSchema,
  OnTextMessageResponse,
} from '@ndp/protocol';
import type { MessageInitShape } from '../codec/proto-codec.js';
import type { CallOptions, PluginInvoker } from './capability-types.js';

/**
 * The WebSocketCallback capability of one plugin. A method the plugin does not export rejects with
 * `NOT_IMPLEMENTED` without a call (a plugin may handle text messages only).
 */
export class WebSocketCallbackClient {
  constructor(
    private readonly invoker: PluginInvoker,
    readonly pluginId: string,
  ) {}

  onTextMessage(
    request: MessageInitShape<typeof OnTextMessageRequestSchema>,
    options?: CallOptions,
  ): Promise<OnTextMessageResponse> {
    return this.invoker.invoke(this.pluginId, 'WebSocketCallback', 'OnTextMessage', request, options);
  }

  onBinaryMessage(
    request: MessageInitShape<typeof OnBinaryMessageRequestSchema>,
    options?: CallOptions,
  ): Promise<OnBinaryMessageResponse> {
    return this.invoker.invoke(this.pluginId, 'WebSocketCallback', 'OnBinaryMessage', request, options);
  }

  onError(
    request: MessageInitShape<typeof OnErrorRequestSchema>,
    options?: CallOptions,
  ): Promise<OnErrorResponse> {
    return this.invoker.invoke(this.pluginId, 'WebSocketCallback', 'OnError', request, options);
  }

  onClose(
    request: MessageInitShape<typeof OnCloseRequestSchema>,
    options?: CallOptions,
  ): Promise<OnCloseResponse> {
    return this.invoker.invoke(this.pluginId, 'WebSocketCallback', 'OnClose', request, options);
  }
}
