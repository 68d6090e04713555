import type { HostServiceContext, HostServiceImpl } from './host-service-types.js';

/** ArtworkService (docs/contract.md §5): public artwork URLs from the `ArtworkUrls` port. */
export function artworkService(context: HostServiceContext): HostServiceImpl<'artwork'> {
  const urls = context.deps.artwork;
  return {
    GetArtistUrl: (r) => ({ url: urls.artistUrl(r.id, r.size) }),
    GetAlbumUrl: (r) => ({ url: urls.albumUrl(r.id, r.size) }),
    GetTrackUrl: (r) => ({ url: urls.trackUrl(r.id, r.size) }),
  };
}
