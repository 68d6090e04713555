import { err, ok, type Result } from '../result.js';
import type { PatternIssue } from './pattern-issue.js';
import { UrlPattern } from './url-pattern.js';

const SCHEMES = Object.freeze(['wss', 'ws']);

/**
 * Decides which WebSocket URLs a plugin may connect to, from `permissions.websocket.allowedUrls` (docs/contract.md §2), with
 * the same pattern rules as HTTP. Absent `allowedUrls` allows every ws/wss URL. The network guard is separate and
 * always applies.
 */
export class WebSocketAllowList {
  private constructor(private readonly patterns: readonly UrlPattern[] | undefined) {}

  /** Compiles an `allowedUrls` list; every invalid pattern is reported with its index. */
  static compile(
    allowedUrls: readonly string[] | undefined,
  ): Result<WebSocketAllowList, readonly PatternIssue[]> {
    if (allowedUrls === undefined) return ok(new WebSocketAllowList(undefined));
    const patterns: UrlPattern[] = [];
    const issues: PatternIssue[] = [];
    allowedUrls.forEach((text, index) => {
      const compiled = UrlPattern.compile(text, SCHEMES);
      if (compiled.ok) patterns.push(compiled.value);
      else issues.push({ pattern: text, index, message: compiled.error });
    });
    return issues.length > 0 ? err(issues) : ok(new WebSocketAllowList(patterns));
  }

  /**
   * Whether a connection to `url` is allowed: the parsed URL on success, the reason on refusal (worded to follow
   * `request blocked by plugin permissions: `).
   */
  allows(url: string | URL): Result<URL, string> {
    let parsed: URL;
    try {
      parsed = url instanceof URL ? url : new URL(url);
    } catch {
      return err(`"${String(url)}" is not a valid URL`);
    }
    if (!SCHEMES.includes(parsed.protocol.slice(0, -1))) {
      return err(`only ws and wss URLs are allowed, not ${parsed.protocol}`);
    }
    if (!this.patterns || this.patterns.some((p) => p.matches(parsed))) return ok(parsed);
    const listed = this.patterns.map((p) => p.text).join(', ');
    return err(
      `${parsed.protocol}//${parsed.host}${parsed.pathname} does not match any allowed URL pattern (${listed})`,
    );
  }
}
