import type {
  AlbumImagesRequestSchema,
  AlbumImagesResponse,
  AlbumInfoRequestSchema,
  AlbumInfoResponse,
  ArtistBiographyRequestSchema,
  ArtistBiographyResponse,
  ArtistImageRequestSchema,
  ArtistImageResponse,
  ArtistMBIDRequestSchema,
  ArtistMBIDResponse,
  ArtistSimilarRequestSchema,
  ArtistSimilarResponse,
  ArtistTopSongsRequestSchema,
  ArtistTopSongsResponse,
  ArtistURLRequestSchema,
  ArtistURLResponse,
} from '@ndp/protocol';
import type { MessageInitShape } from '../codec/proto-codec.js';
import type { CallOptions, PluginInvoker } from './capability-types.js';

/**
 * The MetadataAgent capability of one plugin, as typed methods. Each resolves with the plugin's answer, or rejects
 * with `NOT_FOUND` / `NOT_IMPLEMENTED` / `PLUGIN_ERROR` / `GUEST_*` (docs/contract.md §4). It does not judge whether an
 * answer is useful; {@link Agents} does.
 */
export class MetadataAgentClient {
  constructor(
    private readonly invoker: PluginInvoker,
    readonly pluginId: string,
  ) {}

  getArtistMBID(
    request: MessageInitShape<typeof ArtistMBIDRequestSchema>,
    options?: CallOptions,
  ): Promise<ArtistMBIDResponse> {
    return this.invoker.invoke(this.pluginId, 'MetadataAgent', 'GetArtistMBID', request, options);
  }

  getArtistURL(
    request: MessageInitShape<typeof ArtistURLRequestSchema>,
    options?: CallOptions,
  ): Promise<ArtistURLResponse> {
    return this.invoker.invoke(this.pluginId, 'MetadataAgent', 'GetArtistURL', request, options);
  }

  getArtistBiography(
    request: MessageInitShape<typeof ArtistBiographyRequestSchema>,
    options?: CallOptions,
  ): Promise<ArtistBiographyResponse> {
    return this.invoker.invoke(this.pluginId, 'MetadataAgent', 'GetArtistBiography', request, options);
  }

  getSimilarArtists(
    request: MessageInitShape<typeof ArtistSimilarRequestSchema>,
    options?: CallOptions,
  ): Promise<ArtistSimilarResponse> {
    return this.invoker.invoke(this.pluginId, 'MetadataAgent', 'GetSimilarArtists', request, options);
  }

  getArtistImages(
    request: MessageInitShape<typeof ArtistImageRequestSchema>,
    options?: CallOptions,
  ): Promise<ArtistImageResponse> {
    return this.invoker.invoke(this.pluginId, 'MetadataAgent', 'GetArtistImages', request, options);
  }

  getArtistTopSongs(
    request: MessageInitShape<typeof ArtistTopSongsRequestSchema>,
    options?: CallOptions,
  ): Promise<ArtistTopSongsResponse> {
    return this.invoker.invoke(this.pluginId, 'MetadataAgent', 'GetArtistTopSongs', request, options);
  }

  getAlbumInfo(
    request: MessageInitShape<typeof AlbumInfoRequestSchema>,
    options?: CallOptions,
  ): Promise<AlbumInfoResponse> {
    return this.invoker.invoke(this.pluginId, 'MetadataAgent', 'GetAlbumInfo', request, options);
  }

  getAlbumImages(
    request: MessageInitShape<typeof AlbumImagesRequestSchema>,
    options?: CallOptions,
  ): Promise<AlbumImagesResponse> {
    return this.invoker.invoke(this.pluginId, 'MetadataAgent', 'GetAlbumImages', request, options);
  }
}
