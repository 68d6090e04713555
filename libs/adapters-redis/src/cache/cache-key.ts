/**
 * The Redis keys of the cache: `<prefix>:<plugin>:<key>`, where `<plugin>` is the plugin id with `%` and `:`
 * percent-encoded (`%25`, `%3A`) and `<key>` is the plugin's key unchanged.
 *
 * Why this is never ambiguous: the plugin segment contains no `:`, so the first `:` after the prefix ends it,
 * and everything after it is the key, whatever the key contains (`:` included). The encoding is one-to-one, so
 * two plugin ids never share a segment; and `clear(a)` scans `<prefix>:<a>:*`, which plugin `ab` (segment
 * `ab:`) does not match.
 */
function pluginSegment(pluginId: string): string {
  return pluginId.replace(/[%:]/g, (c) => (c === '%' ? '%25' : '%3A'));
}

/** The Redis key of one cache entry. */
export function cacheKey(prefix: string, pluginId: string, key: string): string {
  return `${prefix}:${pluginSegment(pluginId)}:${key}`;
}

/** A SCAN MATCH pattern for every key of one plugin, with glob characters of the prefix and id escaped. */
export function pluginKeyPattern(prefix: string, pluginId: string): string {
  return `${escapeGlob(`${prefix}:${pluginSegment(pluginId)}:`)}*`;
}

function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, (c) => `\\${c}`);
}
