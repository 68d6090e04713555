import { NdpError } from '@ndp/domain';
import type { Counter, Logger, Metrics } from '@ndp/ports';
import type { ScrobblerNowPlayingRequestSchema, ScrobblerScrobbleRequestSchema } from '@ndp/protocol';
import type { MessageInitShape } from '../codec/proto-codec.js';
import type { CallOptions, PluginInvoker } from './capability-types.js';
import { ScrobblerClient } from './scrobbler-client.js';

/** What happened at one Scrobbler plugin. */
export type ScrobbleOutcome =
  | { readonly plugin: string; readonly status: 'sent' }
  | { readonly plugin: string; readonly status: 'skipped'; readonly reason: string }
  | { readonly plugin: string; readonly status: 'failed'; readonly code: string; readonly error: string };

/** Lists the ready Scrobbler plugins (the manager's registry). */
export interface ScrobblerLookup {
  pluginsWith(capability: 'Scrobbler'): readonly string[];
}

/**
 * Every ready Scrobbler plugin, all active (docs/contract.md §6). Before NowPlaying or Scrobble each plugin is asked
 * `IsAuthorized` for the user; an error, `authorized: false` or a non-empty `error` skips that plugin for that
 * user. A NowPlaying/Scrobble failure, the response's `error` text included, is logged and counted, never
 * dropped silently, and reported in the per-plugin outcomes. Plugins are called concurrently.
 */
export class Scrobblers {
  private readonly failures: Counter;
  private readonly log: Logger;

  constructor(
    private readonly invoker: PluginInvoker,
    private readonly lookup: ScrobblerLookup,
    logger: Logger,
    metrics: Metrics,
  ) {
    this.log = logger.child({ component: 'scrobblers' });
    this.failures = metrics.counter({
      name: 'ndp_scrobbler_errors_total',
      help: 'Scrobbler calls that failed, per plugin, method and error code',
      labelNames: ['plugin', 'method', 'code'],
    });
  }

  nowPlaying(
    request: MessageInitShape<typeof ScrobblerNowPlayingRequestSchema>,
    options?: CallOptions,
  ): Promise<ScrobbleOutcome[]> {
    return this.each(
      'NowPlaying',
      request.userId ?? '',
      request.username ?? '',
      (c) => c.nowPlaying(request, options),
      options,
    );
  }

  scrobble(
    request: MessageInitShape<typeof ScrobblerScrobbleRequestSchema>,
    options?: CallOptions,
  ): Promise<ScrobbleOutcome[]> {
    return this.each(
      'Scrobble',
      request.userId ?? '',
      request.username ?? '',
      (c) => c.scrobble(request, options),
      options,
    );
  }

  private each(
    method: 'NowPlaying' | 'Scrobble',
    userId: string,
    username: string,
    send: (client: ScrobblerClient) => Promise<unknown>,
    options: CallOptions | undefined,
  ): Promise<ScrobbleOutcome[]> {
    return Promise.all(
      this.lookup.pluginsWith('Scrobbler').map(async (plugin): Promise<ScrobbleOutcome> => {
        const client = new ScrobblerClient(this.invoker, plugin);
        const refusal = await this.authorization(client, userId, username, options);
        if (refusal !== undefined) return { plugin, status: 'skipped', reason: refusal };
        try {
          await send(client);
          return { plugin, status: 'sent' };
        } catch (error) {
          const code = NdpError.is(error) ? error.code : 'INTERNAL';
          const message = error instanceof Error ? error.message : String(error);
          this.failures.inc({ plugin, method, code });
          this.log.warn('scrobbler failed', { plugin, method, code, userId, error: message });
          return { plugin, status: 'failed', code, error: message };
        }
      }),
    );
  }

  // Undefined when authorized, else why not.
  private async authorization(
    client: ScrobblerClient,
    userId: string,
    username: string,
    options: CallOptions | undefined,
  ): Promise<string | undefined> {
    try {
      const answer = await client.isAuthorized({ userId, username }, options);
      return answer.authorized ? undefined : 'user not authorized';
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.log.debug('scrobbler authorization check failed', {
        plugin: client.pluginId,
        userId,
        error: message,
      });
      return `authorization check failed: ${message}`;
    }
  }
}
