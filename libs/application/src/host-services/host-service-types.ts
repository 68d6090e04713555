import type { Manifest } from '@ndp/domain';
import type { Logger, PluginConfigSource, Scheduler, WebSocketClient } from '@ndp/ports';
import type { HOST_SERVICES, HostPermission } from '@ndp/protocol';
import type { DescMessage, MessageInitShape, MessageShape } from '../codec/proto-codec.js';
import type { HostServiceDependencies } from '../manager/plugin-manager-options.js';

type Methods<P extends HostPermission> = (typeof HOST_SERVICES)[P]['methods'];

type Handler<D> = D extends {
  readonly input: infer I extends DescMessage;
  readonly output: infer O extends DescMessage;
}
  ? (request: MessageShape<I>) => Promise<MessageInitShape<O>> | MessageInitShape<O>
  : never;

/**
 * The implementation of one host service for one plugin: per protobuf method, the decoded request in and the
 * response out. Expected failures are answered in-band (the response's `error` field); throwing is a host bug.
 */
export type HostServiceImpl<P extends HostPermission> = {
  readonly [M in keyof Methods<P>]: Handler<Methods<P>[M]>;
};

/** What a host service knows about the plugin it serves. */
export interface HostServiceContext {
  readonly pluginId: string;
  readonly manifest: Manifest;
  /** Bound to the plugin (`{ plugin: id }`). */
  readonly logger: Logger;
  readonly deps: HostServiceDependencies;
  readonly scheduler: Scheduler;
  readonly websocket: WebSocketClient;
  readonly configSource: PluginConfigSource;
  readonly httpMaxResponseBytes: number;
  /** Makes a plugin-visible id for a schedule or connection the plugin left unnamed. */
  readonly generateId: () => string;
}

/** Builds the implementation of one permission's service for one plugin. */
export type HostServiceFactory<P extends HostPermission> = (
  context: HostServiceContext,
) => HostServiceImpl<P>;
