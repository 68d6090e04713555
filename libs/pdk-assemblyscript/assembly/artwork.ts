// Conveniences over the generated ArtworkService client (permission `artwork`).
import { GetArtworkUrlRequest } from '@ndp/protocol/assembly/gen/host/artwork/artwork';
import { ArtworkService } from './gen/host/artwork';

function urlRequest(id: string, size: i32): GetArtworkUrlRequest {
  const req = new GetArtworkUrlRequest();
  req.id = id;
  req.size = size;
  return req;
}

/** Public artwork URLs from the host; `size` 0 = original size. */
export class Artwork {
  /** URL of an artist's image. */
  static artistUrl(id: string, size: i32 = 0): string {
    return ArtworkService.getArtistUrl(urlRequest(id, size)).url;
  }

  /** URL of an album's cover. */
  static albumUrl(id: string, size: i32 = 0): string {
    return ArtworkService.getAlbumUrl(urlRequest(id, size)).url;
  }

  /** URL of a track's cover. */
  static trackUrl(id: string, size: i32 = 0): string {
    return ArtworkService.getTrackUrl(urlRequest(id, size)).url;
  }
}
