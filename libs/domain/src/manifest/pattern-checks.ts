import { HttpAllowList } from '../permissions/http-allow-list.js';
import { WebSocketAllowList } from '../permissions/websocket-allow-list.js';
import { appendPointer } from './json-pointer.js';
import type { SchemaIssue } from './schema-issues.js';

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Compiles the URL patterns of `http.allowedUrls` and `websocket.allowedUrls`, so that a pattern the matcher cannot
 * honour (partial-label wildcard, user info, a `*` mid-path, a bad port) is a manifest error and not a surprise at
 * request time. Tolerates data that failed the schema: it only looks at values of the expected shape.
 */
export function urlPatternIssues(data: unknown): SchemaIssue[] {
  if (!isObject(data) || !isObject(data['permissions'])) return [];
  const { http, websocket } = data['permissions'];
  const issues: SchemaIssue[] = [];
  if (isObject(http) && isObject(http['allowedUrls'])) {
    const base = '/permissions/http/allowedUrls';
    const keys = Object.fromEntries(Object.keys(http['allowedUrls']).map((k) => [k, []]));
    const compiled = HttpAllowList.compile(keys);
    if (!compiled.ok) {
      for (const i of compiled.error) {
        issues.push({
          path: appendPointer(base, i.pattern),
          message: `is not a valid URL pattern: ${i.message}`,
        });
      }
    }
  }
  if (isObject(websocket) && Array.isArray(websocket['allowedUrls'])) {
    const base = '/permissions/websocket/allowedUrls';
    const list: unknown[] = websocket['allowedUrls'];
    const compiled = WebSocketAllowList.compile(list.map((v) => (typeof v === 'string' ? v : '*')));
    if (!compiled.ok) {
      for (const i of compiled.error) {
        issues.push({
          path: appendPointer(base, i.index ?? 0),
          message: `is not a valid URL pattern: ${i.message}`,
        });
      }
    }
  }
  return issues;
}
