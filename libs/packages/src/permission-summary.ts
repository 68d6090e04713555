import type { Manifest } from '@ndp/domain';

/** One granted permission as `ndp info` shows it. */
export interface PermissionSummary {
  /** The permission key (`http`, `config`, ...). */
  readonly name: string;
  /** The author's reason, when the manifest gives one. */
  readonly reason: string | undefined;
  /** Further lines: local network access, allowed URLs with their methods. */
  readonly details: readonly string[];
}

/**
 * The granted permissions of a manifest with their reasons and scopes, in manifest order, for `ndp info` and the
 * package summary. Unknown permission keys are not listed (the host ignores them, docs/contract.md §2).
 */
export function summarizePermissions(manifest: Manifest): PermissionSummary[] {
  return Object.entries(manifest.permissions).map(([name, grant]) => {
    const details: string[] = [];
    const g = grant as {
      reason?: string;
      allowLocalNetwork?: boolean;
      allowedUrls?: Readonly<Record<string, readonly string[]>> | readonly string[];
    };
    if (name === 'http' || name === 'websocket') {
      details.push(`allow local network: ${g.allowLocalNetwork ? 'yes' : 'no'}`);
      if (g.allowedUrls === undefined) details.push('allowed URLs: any public URL');
      else if (Array.isArray(g.allowedUrls))
        for (const url of g.allowedUrls) details.push(`allowed URL: ${url}`);
      else {
        for (const [url, methods] of Object.entries(g.allowedUrls)) {
          details.push(`allowed URL: ${url} (${methods.join(', ')})`);
        }
      }
    }
    return { name, reason: g.reason, details };
  });
}
