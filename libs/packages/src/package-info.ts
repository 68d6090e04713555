import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import type { ConfigField, Manifest, ManifestIssue } from '@ndp/domain';
import { summarizePermissions, type PermissionSummary } from './permission-summary.js';
import type { PackageLimits } from './package-limits.js';
import { readPackage } from './read-package.js';

/** What `ndp info <file.ndp>` shows about a package. */
export interface PackageInfo {
  readonly file: string;
  readonly sizeBytes: number;
  /** SHA-256 of the package file, lower-case hex. */
  readonly sha256: string;
  readonly modified: Date;
  readonly manifest: Manifest;
  readonly permissions: readonly PermissionSummary[];
  /** Extra files of the package (README, LICENSE, docs/...). */
  readonly docs: readonly string[];
  readonly warnings: readonly ManifestIssue[];
  /** The settings the package's `config.schema.json` declares (`[]` when it ships none). */
  readonly settings: readonly ConfigField[];
}

/**
 * Reads and validates a package (every check of `readPackage`) and describes it: manifest, permissions with
 * reasons, file size, modification time and SHA-256 of the file as it is on disk. Rejects as `readPackage` does.
 */
export async function packageInfo(file: string, limits: Partial<PackageLimits> = {}): Promise<PackageInfo> {
  const pkg = await readPackage(file, limits);
  const [bytes, info] = await Promise.all([readFile(pkg.file), stat(pkg.file)]);
  return {
    file: pkg.file,
    sizeBytes: info.size,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    modified: info.mtime,
    manifest: pkg.manifest,
    permissions: summarizePermissions(pkg.manifest),
    docs: pkg.docs.map((d) => d.path),
    warnings: pkg.parsed.warnings,
    settings: pkg.settings?.fields ?? [],
  };
}
