/**
 * Public artwork URLs for plugins (e.g. to hand to Discord or Last.fm).
 *
 * Guarantees: an absolute URL `<public base>/share/img/<token>` plus `?size=N` when `size > 0`, where the token
 * names the artist, album or track; the URL is stable for the same inputs and secret.
 * Does not guarantee: that the item exists (ids are not checked), or that the URL is reachable from the internet.
 *
 * @example
 * ```ts
 * const url = artwork.albumUrl('al-123', 300);
 * ```
 */
export interface ArtworkUrls {
  artistUrl(id: string, size: number): string;
  albumUrl(id: string, size: number): string;
  trackUrl(id: string, size: number): string;
}
