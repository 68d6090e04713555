import {
  USABLE_ANSWER,
  type AgentMethod,
  type Agents,
  type CallOptions,
  type MethodRequest,
  type MethodResponse,
  type PluginManager,
  type PluginStatus,
  type RefreshOutcome,
  type ScrobbleOutcome,
  type Scrobblers,
} from '@ndp/application';
import { isCapabilityName, NdpError } from '@ndp/domain';
import {
  CAPABILITIES,
  fromBinary,
  fromJson,
  toBinary,
  toJson,
  type DescMessage,
  type JsonValue,
} from '@ndp/protocol';
import { plain, type Plain } from './plain.js';

/** A MetadataAgent answer as a plain object. */
export type AgentAnswer<M extends AgentMethod> = Plain<MethodResponse<'MetadataAgent', M>>;

/**
 * The ordered MetadataAgent plugins (the `agents` option): each method asks them in order and the first usable
 * answer wins; when none answers it rejects with NdpError `NOT_FOUND` (or `AGENTS_FAILED` when all failed).
 */
export type PluginHostAgents = {
  readonly [M in AgentMethod as Uncapitalize<M>]: (
    request: MethodRequest<'MetadataAgent', M>,
    options?: CallOptions,
  ) => Promise<AgentAnswer<M>>;
} & {
  /** The plugin ids asked, in order. */
  readonly names: readonly string[];
  /** Any method by name, e.g. `ask('GetArtistBiography', { name })`. */
  ask<M extends AgentMethod>(
    method: M,
    request: MethodRequest<'MetadataAgent', M>,
    options?: CallOptions,
  ): Promise<AgentAnswer<M>>;
};

/** Every ready Scrobbler plugin, called concurrently; the outcome of each is reported, none is thrown. */
export interface PluginHostScrobblers {
  nowPlaying(...args: Parameters<Scrobblers['nowPlaying']>): Promise<ScrobbleOutcome[]>;
  scrobble(...args: Parameters<Scrobblers['scrobble']>): Promise<ScrobbleOutcome[]>;
}

/** The installed plugins: their status, and one method of one plugin with a JSON request and answer. */
export interface PluginHostPlugins {
  /** Every plugin and every unusable folder (with the reason), sorted by folder. */
  list(): PluginStatus[];
  /** One plugin's status, or `undefined` when no plugin has this id. */
  status(id: string): PluginStatus | undefined;
  /**
   * Calls `capability.method` of plugin `id` with the request in protobuf JSON form (what the admin API's
   * `POST /api/plugins/:id/call/...` takes) and answers the response in the same form.
   */
  call(
    id: string,
    capability: string,
    method: string,
    request?: JsonValue,
    options?: CallOptions,
  ): Promise<JsonValue>;
  /** Re-reads the plugin's folder and swaps the new version in. */
  refresh(id: string): Promise<RefreshOutcome>;
  enable(id: string): Promise<RefreshOutcome>;
  disable(id: string): Promise<PluginStatus>;
}

const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);

export function agentsFacade(agents: Agents): PluginHostAgents {
  const ask = async <M extends AgentMethod>(
    method: M,
    request: MethodRequest<'MetadataAgent', M>,
    options?: CallOptions,
  ): Promise<AgentAnswer<M>> => plain(await agents.ask(method, request, options));
  const methods = Object.fromEntries(
    (Object.keys(USABLE_ANSWER) as AgentMethod[]).map((m) => [
      lowerFirst(m),
      (request: never, options?: CallOptions) => ask(m, request, options),
    ]),
  );
  return Object.freeze({
    ...methods,
    ask,
    get names() {
      return agents.names;
    },
  }) as PluginHostAgents;
}

export function scrobblersFacade(scrobblers: Scrobblers): PluginHostScrobblers {
  return Object.freeze({
    nowPlaying: (...args: Parameters<Scrobblers['nowPlaying']>) => scrobblers.nowPlaying(...args),
    scrobble: (...args: Parameters<Scrobblers['scrobble']>) => scrobblers.scrobble(...args),
  });
}

export function pluginsFacade(manager: PluginManager): PluginHostPlugins {
  return Object.freeze({
    list: () => manager.list(),
    status: (id: string) => manager.status(id),
    async call(
      id: string,
      capability: string,
      method: string,
      request: JsonValue = {},
      options?: CallOptions,
    ) {
      const { input, output } = descriptorOf(capability, method);
      let message;
      try {
        message = fromJson(input, request);
      } catch (e) {
        throw new NdpError(
          'BAD_REQUEST',
          `invalid ${capability}.${method} request: ${(e as Error).message}`,
          {
            cause: e,
          },
        );
      }
      const bytes = await manager.call(id, capability as never, method, toBinary(input, message), options);
      return toJson(output, fromBinary(output, bytes));
    },
    refresh: (id: string) => manager.refresh(id),
    enable: (id: string) => manager.enable(id),
    disable: (id: string) => manager.disable(id),
  });
}

function descriptorOf(capability: string, method: string): { input: DescMessage; output: DescMessage } {
  if (!isCapabilityName(capability))
    throw new NdpError(
      'BAD_REQUEST',
      `"${capability}" is not a capability (known: ${Object.keys(CAPABILITIES).join(', ')})`,
    );
  const methods = CAPABILITIES[capability].methods as Readonly<
    Record<string, { input: DescMessage; output: DescMessage }>
  >;
  if (!Object.hasOwn(methods, method))
    throw new NdpError(
      'BAD_REQUEST',
      `capability ${capability} has no method "${method}" (known: ${Object.keys(methods).join(', ')})`,
    );
  return methods[method]!;
}
