import { CAPABILITY_METHODS, CAPABILITY_NAMES } from '../gen/contract.js';

/** A capability a plugin can declare (one protobuf service it implements), e.g. `MetadataAgent`. */
export type CapabilityName = (typeof CAPABILITY_NAMES)[number];

/** One method of a capability and the name of the module export that implements it. */
export interface CapabilityMethod {
  readonly capability: CapabilityName;
  /** The protobuf method name, e.g. `GetArtistBiography`. */
  readonly method: string;
  /** The export name in the guest module, e.g. `metadata_agent_get_artist_biography`. */
  readonly exportName: string;
}

const NAME_SET: ReadonlySet<string> = new Set(CAPABILITY_NAMES);

const METHODS: ReadonlyMap<CapabilityName, readonly CapabilityMethod[]> = new Map(
  CAPABILITY_NAMES.map((capability) => [
    capability,
    Object.freeze(
      CAPABILITY_METHODS[capability].map((m): CapabilityMethod => Object.freeze({ capability, ...m })),
    ),
  ]),
);

const BY_EXPORT: ReadonlyMap<string, CapabilityMethod> = new Map(
  [...METHODS.values()].flat().map((m) => [m.exportName, m]),
);

/** True when `value` names a capability exactly (case-sensitive). */
export function isCapabilityName(value: unknown): value is CapabilityName {
  return typeof value === 'string' && NAME_SET.has(value);
}

/** The methods of a capability, in protobuf order. The array and its items are frozen. */
export function capabilityMethods(capability: CapabilityName): readonly CapabilityMethod[] {
  return METHODS.get(capability) ?? [];
}

/** The capability method implemented by a module export of this name, or `undefined` for any other export. */
export function capabilityMethodByExport(exportName: string): CapabilityMethod | undefined {
  return BY_EXPORT.get(exportName);
}
