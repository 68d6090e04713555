/** One problem (or warning) found in a manifest file: the file, where in it, and what was expected. */
export interface ManifestIssue {
  readonly file: string;
  /** A JSON pointer (RFC 6901) into the manifest, e.g. `/permissions/http/allowedUrls/https:~1~1x.org/0`; `''` is the whole document. */
  readonly path: string;
  /** What was expected there, e.g. `must be one of MetadataAgent, Scrobbler, ...` or `is required`. */
  readonly message: string;
  /** For JSON syntax errors: the 1-based line and column. */
  readonly line?: number;
  readonly column?: number;
}

/** One line for logs and terminals: `plugins/x/manifest.json: /capabilities/0: must be one of ...`. */
export function formatManifestIssue(issue: ManifestIssue): string {
  if (issue.line !== undefined) return `${issue.file}:${issue.line}:${issue.column ?? 1}: ${issue.message}`;
  return `${issue.file}: ${issue.path === '' ? '(root)' : issue.path}: ${issue.message}`;
}
