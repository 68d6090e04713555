/** A plugin package as it travels between the nodes: the `.ndp` bytes and their SHA-256. */
export interface DistributedPackage {
  readonly pluginId: string;
  readonly version: string;
  /** Lower-case hex SHA-256 of `bytes`; every receiver checks it before installing. */
  readonly sha256: string;
  readonly bytes: Uint8Array;
}

/** What the cluster holds about one plugin id. */
export type ClusterPluginRecord =
  | {
      readonly pluginId: string;
      readonly state: 'present';
      readonly version: string;
      readonly sha256: string;
      readonly enabled: boolean;
      /** Epoch ms of the last change. */
      readonly changedAt: number;
    }
  | {
      /** Removed from the cluster: a node that still has it removes it when it catches up. */
      readonly pluginId: string;
      readonly state: 'removed';
      readonly changedAt: number;
    };

/**
 * The cluster's plugin set and the packages behind it, shared by every node (Redis in a cluster), so a node with
 * its own plugins folder can install what another node installed, and a node joining later can catch up.
 *
 * Guarantees: `put` stores the package and its record together (a reader never sees a record whose package is
 * missing or older); `get` answers the bytes exactly as put, or `undefined`; `remove` leaves a `removed` record
 * (the package itself is deleted); records of every id ever put stay listed until the prefix is wiped.
 * Does not guarantee: that a package is valid (receivers check the hash and install with every local check),
 * or any order between two nodes changing the same plugin at once (the last write wins).
 */
export interface PluginDistribution {
  put(pkg: DistributedPackage, enabled: boolean): Promise<void>;
  get(pluginId: string): Promise<DistributedPackage | undefined>;
  record(pluginId: string): Promise<ClusterPluginRecord | undefined>;
  list(): Promise<ClusterPluginRecord[]>;
  /** Changes the enabled flag of a present plugin; no effect on a removed or unknown one. */
  setEnabled(pluginId: string, enabled: boolean): Promise<void>;
  remove(pluginId: string): Promise<void>;
  /** Releases the connection; idempotent. */
  close(): Promise<void>;
}
