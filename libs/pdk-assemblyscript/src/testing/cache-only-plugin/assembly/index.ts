// Uses only the cache service, to prove that unused host services and kernel functions are not imported.
import {
  ArtistBiographyRequest,
  ArtistBiographyResponse,
  Cache,
  MetadataAgent,
  registerMetadataAgent,
} from '@ndp/pdk-assemblyscript';

class CachedAgent extends MetadataAgent {
  getArtistBiography(request: ArtistBiographyRequest): ArtistBiographyResponse | null {
    const cached = Cache.getString('bio:' + request.name);
    if (cached == null) return null;
    Cache.setString('seen:' + request.name, 'yes', 60);
    const res = new ArtistBiographyResponse();
    res.biography = cached;
    return res;
  }
}

registerMetadataAgent(new CachedAgent());

export * from '@ndp/pdk-assemblyscript/assembly/gen/exports/metadata_agent';
