import type { CAPABILITIES, CapabilityName } from '@ndp/protocol';
import type { DescMessage, MessageInitShape, MessageShape } from '../codec/proto-codec.js';

type Table = typeof CAPABILITIES;

/** The protobuf method names of a capability, e.g. `'GetArtistBiography'` for `MetadataAgent`. */
export type CapabilityMethodName<C extends CapabilityName> = keyof Table[C]['methods'] & string;

type Descriptor<C extends CapabilityName, M extends CapabilityMethodName<C>> = Table[C]['methods'][M];

/** The request of a capability method, in protobuf-es init shape (plain fields). */
export type MethodRequest<C extends CapabilityName, M extends CapabilityMethodName<C>> =
  Descriptor<C, M> extends { readonly input: infer I extends DescMessage } ? MessageInitShape<I> : never;

/** The decoded response of a capability method. */
export type MethodResponse<C extends CapabilityName, M extends CapabilityMethodName<C>> =
  Descriptor<C, M> extends { readonly output: infer O extends DescMessage } ? MessageShape<O> : never;

/** Options of one plugin call. */
export interface CallOptions {
  /** The call's deadline; default: the plugin's override, else the host default (10 s). */
  readonly timeoutMs?: number;
}

/**
 * Calls one capability method of one plugin with typed messages. Implemented by the `PluginManager`; facades
 * (`ScrobblerClient`, `LifecycleClient`, ...) depend on this narrow interface only.
 *
 * Guarantees: resolves with the decoded response only when the plugin answered without error; a plugin error
 * (error channel or a non-empty `error` field) rejects with `NOT_FOUND`, `NOT_IMPLEMENTED` or `PLUGIN_ERROR`
 * (docs/contract.md §4); guest failures reject with their `GUEST_*` code.
 */
export interface PluginInvoker {
  invoke<C extends CapabilityName, M extends CapabilityMethodName<C>>(
    pluginId: string,
    capability: C,
    method: M,
    request: MethodRequest<C, M>,
    options?: CallOptions,
  ): Promise<MethodResponse<C, M>>;
}
