/** One attack of the hostile-module corpus (see tools/hostile/cases.mjs). */
export interface HostileCase {
  readonly name: string;
  readonly attack: string;
  readonly wat: string;
  readonly permissions?: Record<string, unknown>;
  readonly manifest?: Record<string, unknown>;
  /** The MetadataAgent method called; default GetArtistBiography. */
  readonly method?: string;
  /** Calls at once; default 1. */
  readonly calls?: number;
  /** Calls one after the other; default 1. */
  readonly repeat?: number;
  readonly expect:
    | { readonly at: 'load'; readonly code: string }
    | { readonly at: 'call'; readonly codes: readonly string[]; readonly maxBodyBytes?: number };
}
export declare const HOSTILE_CASES: readonly HostileCase[];
export declare function hostileManifest(c: HostileCase): Record<string, unknown>;
export declare function installHostileCorpus(pluginsDir: string): Promise<readonly HostileCase[]>;
