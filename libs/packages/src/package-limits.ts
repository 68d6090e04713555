import { DEFAULT_MANIFEST_LIMITS } from '@ndp/domain';

/**
 * The bounds a `.ndp` package must stay within. Every bound is checked against what an entry declares AND what it
 * really inflates to, so a lying header is caught while it streams (never a silent truncation).
 */
export interface PackageLimits {
  /** Largest uncompressed size of one entry, in bytes. */
  readonly maxEntryBytes: number;
  /** Largest sum of the uncompressed sizes of all entries, in bytes (the zip-bomb cap). */
  readonly maxTotalBytes: number;
  /** Most entries (files and directories) a package may hold. */
  readonly maxEntries: number;
  /**
   * Largest `manifest.json`, in bytes: the host's `Plugins.MaxManifestSize`, so that a package it would refuse to
   * load is refused before it is installed.
   */
  readonly maxManifestBytes: number;
  /** Deepest nesting of `manifest.json`: the host's `Plugins.MaxManifestDepth`. */
  readonly maxManifestDepth: number;
}

/**
 * Defaults: 32 MiB per entry (a large AssemblyScript or C module is a few MiB; Go modules reach ~10 MiB), 64 MiB
 * in all, 64 entries (a plugin is two files plus a few docs), and the manifest limits the host applies by default.
 */
export const DEFAULT_PACKAGE_LIMITS: PackageLimits = Object.freeze({
  maxEntryBytes: 32 * 1024 * 1024,
  maxTotalBytes: 64 * 1024 * 1024,
  maxEntries: 64,
  maxManifestBytes: DEFAULT_MANIFEST_LIMITS.maxBytes,
  maxManifestDepth: DEFAULT_MANIFEST_LIMITS.maxDepth,
});
