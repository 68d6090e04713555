import { NdpError } from '@ndp/domain';
import type { Counter, Logger, Metrics } from '@ndp/ports';
import type { CallOptions, MethodRequest, MethodResponse, PluginInvoker } from './capability-types.js';
import { USABLE_ANSWER, type AgentMethod } from './usable-answer.js';

/** Tells whether a plugin is ready and declares a capability (the manager's registry). */
export interface CapabilityLookup {
  offers(pluginId: string, capability: 'MetadataAgent' | 'Scrobbler'): boolean;
}

/**
 * The MetadataAgent plugins named in the `Agents` setting, in that order, with fall-through (docs/contract.md §6): for each
 * method the first agent with a usable answer ({@link USABLE_ANSWER}) wins. `NOT_FOUND`, `NOT_IMPLEMENTED` and
 * unusable answers fall through quietly; any other error is logged, counted and falls through too. Names that are
 * not a ready MetadataAgent plugin are skipped. When nobody answers: `NOT_FOUND` listing each agent tried and why.
 *
 * @example
 * ```ts
 * const bio = await agents.getArtistBiography({ name: 'Nina Simone' });
 * ```
 */
export class Agents {
  private readonly errors: Counter;
  private readonly log: Logger;

  constructor(
    private readonly invoker: PluginInvoker,
    private readonly lookup: CapabilityLookup,
    /** Plugin ids in order of preference (the parsed `Agents` setting); {@link setNames} replaces them. */
    private order: readonly string[],
    logger: Logger,
    metrics: Metrics,
  ) {
    this.log = logger.child({ component: 'agents' });
    this.errors = metrics.counter({
      name: 'ndp_agent_errors_total',
      help: 'MetadataAgent calls that failed with an error other than not found / not implemented',
      labelNames: ['plugin', 'method', 'code'],
    });
  }

  /** Plugin ids in order of preference. */
  get names(): readonly string[] {
    return this.order;
  }

  /** Replaces the order (a configuration reload); calls that already started keep the order they read. */
  setNames(names: readonly string[]): void {
    this.order = Object.freeze([...names]);
  }

  getArtistMBID(request: MethodRequest<'MetadataAgent', 'GetArtistMBID'>, options?: CallOptions) {
    return this.first('GetArtistMBID', request, options);
  }

  getArtistURL(request: MethodRequest<'MetadataAgent', 'GetArtistURL'>, options?: CallOptions) {
    return this.first('GetArtistURL', request, options);
  }

  getArtistBiography(request: MethodRequest<'MetadataAgent', 'GetArtistBiography'>, options?: CallOptions) {
    return this.first('GetArtistBiography', request, options);
  }

  getSimilarArtists(request: MethodRequest<'MetadataAgent', 'GetSimilarArtists'>, options?: CallOptions) {
    return this.first('GetSimilarArtists', request, options);
  }

  getArtistImages(request: MethodRequest<'MetadataAgent', 'GetArtistImages'>, options?: CallOptions) {
    return this.first('GetArtistImages', request, options);
  }

  getArtistTopSongs(request: MethodRequest<'MetadataAgent', 'GetArtistTopSongs'>, options?: CallOptions) {
    return this.first('GetArtistTopSongs', request, options);
  }

  getAlbumInfo(request: MethodRequest<'MetadataAgent', 'GetAlbumInfo'>, options?: CallOptions) {
    return this.first('GetAlbumInfo', request, options);
  }

  getAlbumImages(request: MethodRequest<'MetadataAgent', 'GetAlbumImages'>, options?: CallOptions) {
    return this.first('GetAlbumImages', request, options);
  }

  /**
   * Any MetadataAgent method by name, through the ordered agents (what the typed methods above do): for callers
   * that route by method name, like the host's HTTP API.
   */
  ask<M extends AgentMethod>(
    method: M,
    request: MethodRequest<'MetadataAgent', M>,
    options?: CallOptions,
  ): Promise<MethodResponse<'MetadataAgent', M>> {
    return this.first(method, request, options);
  }

  private async first<M extends AgentMethod>(
    method: M,
    request: MethodRequest<'MetadataAgent', M>,
    options: CallOptions | undefined,
  ): Promise<MethodResponse<'MetadataAgent', M>> {
    const tried: string[] = [];
    let asked = 0;
    let failed = 0;
    for (const name of this.order) {
      if (!this.lookup.offers(name, 'MetadataAgent')) {
        tried.push(`${name}: not a ready MetadataAgent plugin`);
        continue;
      }
      asked++;
      try {
        const response = await this.invoker.invoke(name, 'MetadataAgent', method, request, options);
        if ((USABLE_ANSWER[method] as (r: typeof response) => boolean)(response)) return response;
        tried.push(`${name}: empty answer`);
      } catch (error) {
        if (!NdpError.is(error, 'NOT_FOUND') && !NdpError.is(error, 'NOT_IMPLEMENTED')) failed++;
        tried.push(`${name}: ${this.reason(name, method, error)}`);
      }
    }
    const list = tried.length > 0 ? tried.join('; ') : 'no agents configured';
    // Not one agent could say "not found": the answer is unknown (an upstream outage, say), not absent.
    if (asked > 0 && failed === asked) {
      throw new NdpError('AGENTS_FAILED', `every agent failed ${method} (${list})`, {
        details: { method, tried },
      });
    }
    throw new NdpError('NOT_FOUND', `no agent answered ${method} (${list})`, { details: { method, tried } });
  }

  private reason(plugin: string, method: string, error: unknown): string {
    if (NdpError.is(error, 'NOT_FOUND')) return 'not found';
    if (NdpError.is(error, 'NOT_IMPLEMENTED')) return 'not implemented';
    const code = NdpError.is(error) ? error.code : 'INTERNAL';
    const message = error instanceof Error ? error.message : String(error);
    this.errors.inc({ plugin, method, code });
    this.log.warn('agent failed', { plugin, method, code, error: message });
    return `${code} ${message}`;
  }
}
