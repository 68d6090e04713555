import { err, ok, type Result } from '../result.js';

const DEFAULT_PORTS: Readonly<Record<string, string>> = { http: '80', https: '443', ws: '80', wss: '443' };

// scheme://authority path ?query #fragment, split before any normalization so that we can tell "no path" from "/"
// and see user info, which the URL parser would silently accept.
const RAW = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\/([^/?#]*)([^?#]*)(\?[^#]*)?(#.*)?$/;

type PathRule =
  | { readonly kind: 'any' }
  | { readonly kind: 'prefix'; readonly prefix: string }
  | { readonly kind: 'exact'; readonly path: string };

interface OriginRule {
  readonly scheme: string;
  readonly labels: readonly string[];
  readonly port: string;
  readonly path: PathRule;
}

/**
 * A compiled URL pattern of a manifest `allowedUrls` (docs/contract.md §2). Matching rules:
 * - `*` alone matches every URL (the allow list still checks the scheme, the network guard still applies);
 * - scheme and port must match, default ports normalized (`https://x` = `https://x:443`);
 * - the host is compared case-insensitively after IDN conversion (`bücher.example` = `xn--bcher-kva.example`), one
 *   trailing dot ignored on both sides (`example.com.` is the same DNS name);
 * - `*` in the host is exactly one non-empty DNS label: `*.example.com` matches `a.example.com`, not `example.com`,
 *   not `a.b.example.com`; partial labels (`a*.x.com`) are rejected at compile time;
 * - no path, `/` or `/*` allows every path on the origin (the original allowed only `/`, which broke its own
 *   examples); a path ending in `/*` is a prefix match on whole segments: `/api/*` matches `/api`, `/api/` and
 *   `/api/x/y`, not `/apix`; any other path must equal the request path exactly (case-sensitive, after the URL
 *   parser resolved dot segments);
 * - the query and fragment of the request are ignored; a pattern containing one, or user info, is rejected.
 *
 * Guarantees: a URL whose host merely contains the pattern's host (user info, suffixes) never matches.
 */
export class UrlPattern {
  private constructor(
    /** The pattern as the manifest spells it. */
    readonly text: string,
    private readonly rule: OriginRule | undefined,
  ) {}

  /**
   * Compiles `text`, accepting only the given schemes (lower-case, without `:`). The error is a sentence fragment
   * saying what is wrong, e.g. `scheme must be one of https, http`.
   */
  static compile(text: string, schemes: readonly string[]): Result<UrlPattern, string> {
    if (text === '*') return ok(new UrlPattern(text, undefined));
    const raw = RAW.exec(text);
    if (!raw) return err(`must look like ${schemes[0] ?? 'https'}://host/path or be "*"`);
    const [, rawScheme, authority, rawPath, query, fragment] = raw as unknown as [
      string,
      string,
      string,
      string,
      string?,
      string?,
    ];
    const scheme = rawScheme.toLowerCase();
    if (!schemes.includes(scheme)) return err(`scheme must be one of ${schemes.join(', ')}, not "${scheme}"`);
    if (authority.includes('@')) return err('must not contain user info (user@host)');
    if (query !== undefined || fragment !== undefined) {
      return err('must not contain a query or fragment (queries are ignored when matching)');
    }
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      return err('is not a valid URL (check the host and port)');
    }
    const labels = splitHost(url.hostname);
    if (labels.some((l) => l.includes('*') && l !== '*'))
      return err('"*" must stand for a whole DNS label, as in *.example.com');
    if (labels.every((l) => l === '*')) return err('must name a domain ("*" alone allows every URL)');
    const path = pathRule(rawPath, url.pathname);
    if (typeof path === 'string') return err(path);
    return ok(new UrlPattern(text, { scheme, labels, port: portOf(url), path }));
  }

  /** True when `url` is inside this pattern. Query and fragment of `url` are ignored. */
  matches(url: URL): boolean {
    const rule = this.rule;
    if (!rule) return true;
    if (url.protocol !== `${rule.scheme}:` || portOf(url) !== rule.port) return false;
    const labels = splitHost(url.hostname);
    if (labels.length !== rule.labels.length) return false;
    if (!rule.labels.every((p, i) => (p === '*' ? labels[i] !== '' : p === labels[i]))) return false;
    const path = url.pathname;
    switch (rule.path.kind) {
      case 'any':
        return true;
      case 'exact':
        return path === rule.path.path;
      case 'prefix':
        return path === rule.path.prefix || path.startsWith(`${rule.path.prefix}/`);
    }
  }
}

function splitHost(hostname: string): string[] {
  return (hostname.endsWith('.') ? hostname.slice(0, -1) : hostname).split('.');
}

function portOf(url: URL): string {
  return url.port || DEFAULT_PORTS[url.protocol.slice(0, -1)] || '';
}

function pathRule(rawPath: string, parsedPath: string): PathRule | string {
  if (rawPath === '' || rawPath === '/' || rawPath === '/*') return { kind: 'any' };
  const star = rawPath.indexOf('*');
  if (star === -1) return { kind: 'exact', path: parsedPath };
  if (star !== rawPath.length - 1 || !rawPath.endsWith('/*')) {
    return '"*" in a path is only allowed as a final "/*" (prefix match)';
  }
  return { kind: 'prefix', prefix: parsedPath.slice(0, -2) };
}
