import type { CapabilityMethodName, MethodResponse } from './capability-types.js';

/** A MetadataAgent method name. */
export type AgentMethod = CapabilityMethodName<'MetadataAgent'>;

/**
 * When an agent's answer counts as an answer, per MetadataAgent method. An answer that is not usable falls through
 * to the next agent, like `plugin:not_found`. Decision: a biography must be non-empty too (Navidrome accepted an
 * empty one and so hid every later agent's biography); lists must have at least one item; AlbumInfo must be
 * present.
 */
export const USABLE_ANSWER: {
  readonly [M in AgentMethod]: (response: MethodResponse<'MetadataAgent', M>) => boolean;
} = {
  GetArtistMBID: (r) => r.mbid !== '',
  GetArtistURL: (r) => r.url !== '',
  GetArtistBiography: (r) => r.biography !== '',
  GetSimilarArtists: (r) => r.artists.length > 0,
  GetArtistImages: (r) => r.images.length > 0,
  GetArtistTopSongs: (r) => r.songs.length > 0,
  GetAlbumInfo: (r) => r.info !== undefined,
  GetAlbumImages: (r) => r.images.length > 0,
};
