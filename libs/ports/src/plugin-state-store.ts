/** What survives a restart about one plugin id. */
export interface PluginStateRecord {
  /** False once an operator disabled the plugin (until it is enabled again). */
  readonly enabled: boolean;
  /** SHA-256 (hex) of the package (manifest and module) an operator approved or that loaded without approval. */
  readonly approvedHash?: string;
}

/**
 * The operator's decisions about plugins (enabled or disabled, approved package), kept across restarts.
 *
 * Guarantees: `load` answers what the last completed `save` wrote (an empty map when nothing was ever saved);
 * a `save` that fails leaves the previous state readable (written atomically); saves apply in call order.
 * Does not guarantee: sharing between hosts (each host keeps its own).
 *
 * @example
 * ```ts
 * const records = await state.load();
 * await state.save({ ...records, wikimedia: { enabled: false } });
 * ```
 */
export interface PluginStateStore {
  load(): Promise<Readonly<Record<string, PluginStateRecord>>>;
  save(records: Readonly<Record<string, PluginStateRecord>>): Promise<void>;
}
