import type {
  ScrobblerIsAuthorizedRequestSchema,
  ScrobblerIsAuthorizedResponse,
  ScrobblerNowPlayingRequestSchema,
  ScrobblerNowPlayingResponse,
  ScrobblerScrobbleRequestSchema,
  ScrobblerScrobbleResponse,
} from '@ndp/protocol';
import type { MessageInitShape } from '../codec/proto-codec.js';
import type { CallOptions, PluginInvoker } from './capability-types.js';

/**
 * The Scrobbler capability of one plugin. A non-empty response `error` rejects (docs/contract.md §4 mapping), so a resolved
 * NowPlaying or Scrobble means the plugin accepted it.
 */
export class ScrobblerClient {
  constructor(
    private readonly invoker: PluginInvoker,
    readonly pluginId: string,
  ) {}

  isAuthorized(
    request: MessageInitShape<typeof ScrobblerIsAuthorizedRequestSchema>,
    options?: CallOptions,
  ): Promise<ScrobblerIsAuthorizedResponse> {
    return this.invoker.invoke(this.pluginId, 'Scrobbler', 'IsAuthorized', request, options);
  }

  nowPlaying(
    request: MessageInitShape<typeof ScrobblerNowPlayingRequestSchema>,
    options?: CallOptions,
  ): Promise<ScrobblerNowPlayingResponse> {
    return this.invoker.invoke(this.pluginId, 'Scrobbler', 'NowPlaying', request, options);
  }

  scrobble(
    request: MessageInitShape<typeof ScrobblerScrobbleRequestSchema>,
    options?: CallOptions,
  ): Promise<ScrobblerScrobbleResponse> {
    return this.invoker.invoke(this.pluginId, 'Scrobbler', 'Scrobble', request, options);
  }
}
