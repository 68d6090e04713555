/** What a verified `/share/img/<token>` URL asks for. */
export interface ArtworkRequest {
  /** `artist`, `album` or `track` (the token's `ar-`, `al-`, `mf-` prefix). */
  readonly kind: 'artist' | 'album' | 'track';
  /** The id the plugin passed to ArtworkService (the embedding application's own id). */
  readonly id: string;
  /** The `?size=N` of the URL; 0 = the original size. */
  readonly size: number;
}

/** An image answered by an {@link ArtworkSource}. */
export interface ArtworkImage {
  /** e.g. `image/jpeg`. */
  readonly contentType: string;
  readonly body: Uint8Array;
}

/**
 * The embedding application's image source behind `GET /share/img/<token>`: the host verifies the token, then asks
 * this for the image. Answer `undefined` when there is no image for the id (the host answers 404
 * `ARTWORK_NOT_FOUND`). Passed as `startHost(config, logger, { artworkSource })`; without one, every verified
 * token answers 404 `ARTWORK_NOT_FOUND`, since a plain host has no music library of its own.
 *
 * @example
 * ```ts
 * await startHost(config, logger, {
 *   artworkSource: async ({ kind, id, size }) => library.cover(kind, id, size), // { contentType, body } | undefined
 * });
 * ```
 */
export type ArtworkSource = (
  request: ArtworkRequest,
) => Promise<ArtworkImage | undefined> | ArtworkImage | undefined;
