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
}

/**
 * Defaults: 32 MiB per entry (a large AssemblyScript or C module is a few MiB; Go modules reach ~10 MiB, which the
 * original's 10 MB cap silently truncated), 64 MiB in all, 64 entries (a plugin is two files plus a few docs).
 */
export const DEFAULT_PACKAGE_LIMITS: PackageLimits = Object.freeze({
  maxEntryBytes: 32 * 1024 * 1024,
  maxTotalBytes: 64 * 1024 * 1024,
  maxEntries: 64,
});
