import type { HttpMethodGrant } from '../manifest/manifest.js';
import { err, ok, type Result } from '../result.js';
import type { PatternIssue } from './pattern-issue.js';
import { UrlPattern } from './url-pattern.js';

const SCHEMES = Object.freeze(['https', 'http']);

interface Entry {
  readonly pattern: UrlPattern;
  readonly methods: readonly string[];
}

/**
 * Decides which HTTP requests a plugin may make, from `permissions.http.allowedUrls` (docs/contract.md §2). Absent
 * `allowedUrls` allows every http/https URL. When several patterns match a URL, the request is allowed if any of
 * them lists the method (`*` lists all): the answer never depends on the order of keys in the manifest.
 *
 * It judges the URL only; the network guard (local addresses, after DNS and on every redirect) is separate and
 * always applies.
 */
export class HttpAllowList {
  private constructor(private readonly entries: readonly Entry[] | undefined) {}

  /** Compiles an `allowedUrls` object; every invalid pattern is reported, not only the first. */
  static compile(
    allowedUrls: Readonly<Record<string, readonly HttpMethodGrant[]>> | undefined,
  ): Result<HttpAllowList, readonly PatternIssue[]> {
    if (allowedUrls === undefined) return ok(new HttpAllowList(undefined));
    const entries: Entry[] = [];
    const issues: PatternIssue[] = [];
    for (const [text, methods] of Object.entries(allowedUrls)) {
      const compiled = UrlPattern.compile(text, SCHEMES);
      if (compiled.ok)
        entries.push({ pattern: compiled.value, methods: methods.map((m) => m.toUpperCase()) });
      else issues.push({ pattern: text, message: compiled.error });
    }
    return issues.length > 0 ? err(issues) : ok(new HttpAllowList(entries));
  }

  /**
   * Whether `method` on `url` is allowed. On success, the parsed URL that was judged (callers should request
   * exactly that URL, so that what is fetched is what was checked); on refusal, the reason, worded to follow
   * `request blocked by plugin permissions: `.
   */
  allows(method: string, url: string | URL): Result<URL, string> {
    const parsed = parseUrl(url);
    if (!parsed) return err(`"${String(url)}" is not a valid URL`);
    if (!SCHEMES.includes(parsed.protocol.slice(0, -1))) {
      return err(`only http and https URLs are allowed, not ${parsed.protocol}`);
    }
    if (!this.entries) return ok(parsed);
    const wanted = method.toUpperCase();
    const matching = this.entries.filter((e) => e.pattern.matches(parsed));
    if (matching.length === 0) {
      return err(
        `${display(parsed)} does not match any allowed URL pattern (${this.entries.map((e) => e.pattern.text).join(', ')})`,
      );
    }
    if (matching.some((e) => e.methods.includes('*') || e.methods.includes(wanted))) return ok(parsed);
    const granted = [...new Set(matching.flatMap((e) => e.methods))].join(', ');
    return err(`method ${wanted} is not allowed for ${display(parsed)} (allowed: ${granted})`);
  }
}

function parseUrl(url: string | URL): URL | undefined {
  if (url instanceof URL) return url;
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}

// Queries can carry tokens; refusal messages end up in logs and in the guest, so show origin and path only.
function display(url: URL): string {
  return `${url.origin}${url.pathname}`;
}
