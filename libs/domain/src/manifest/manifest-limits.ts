/** How large and how deeply nested a `manifest.json` may be. */
export interface ManifestLimits {
  /**
   * Largest manifest in bytes (UTF-8). Default 256 KiB: real manifests are a few KiB, and every manifest is kept in
   * memory and served by `GET /api/plugins`, so a huge one would cost every listing.
   */
  readonly maxBytes: number;
  /** Deepest nesting of objects and arrays. Default 32: real manifests nest 4 levels; deep nesting only costs. */
  readonly maxDepth: number;
}

/** The safe defaults of {@link ManifestLimits}. */
export const DEFAULT_MANIFEST_LIMITS: ManifestLimits = Object.freeze({
  maxBytes: 256 * 1024,
  maxDepth: 32,
});

/** Where a JSON text first nests deeper than allowed, or `undefined` when it never does. Ignores string contents. */
export function jsonDepthExceeded(
  text: string,
  maxDepth: number,
): { depth: number; offset: number } | undefined {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x7b || c === 0x5b) {
      if (++depth > maxDepth) return { depth, offset: i };
    } else if (c === 0x7d || c === 0x5d) {
      depth--;
    }
  }
  return undefined;
}

/** The UTF-8 length of a text, stopping early once it passes `limit` (a 10 MB text is not encoded to be refused). */
export function utf8LengthAbove(text: string, limit: number): number | undefined {
  if (text.length > limit) return text.length; // every UTF-16 unit is at least one byte
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes > limit ? bytes : undefined;
}
