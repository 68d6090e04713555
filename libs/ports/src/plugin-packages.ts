/** One plugin packed from this node's plugins folder. */
export interface PackedPlugin {
  readonly pluginId: string;
  readonly version: string;
  /** Lower-case hex SHA-256 of `bytes`. Packing is deterministic: the same files give the same hash. */
  readonly sha256: string;
  readonly bytes: Uint8Array;
}

/**
 * This node's plugins folder seen as `.ndp` packages: what a node sends to the cluster and how it installs what
 * it receives.
 *
 * Guarantees: `pack` of an unchanged folder gives the same bytes every time; `install` applies every check of a
 * local `ndp install`/`ndp update` (archive limits, manifest, permissions, module exports) and replaces an older
 * version in one step; nothing is written when a check fails (the error says which).
 * Does not guarantee: that the host serves the result (the caller refreshes the plugin).
 */
export interface PluginPackages {
  /** Every plugin id installed here. */
  installed(): Promise<string[]>;
  /** Packs the installed plugin; `undefined` when no folder holds that id (or it is not a valid plugin). */
  pack(pluginId: string): Promise<PackedPlugin | undefined>;
  /** Installs (or updates to) the package whose `.ndp` bytes are given; answers its id and version. */
  install(bytes: Uint8Array): Promise<{ readonly pluginId: string; readonly version: string }>;
  /** Removes the plugin's folder; false when it was not installed. */
  remove(pluginId: string): Promise<boolean>;
}
