// Example plugin `notes`: a metadata agent that answers from its own configuration and never touches the network,
// so a fresh host with no network access still shows real answers. Keys are `<kind>.<artist name in lower case>`:
//   bio.björk     = "Icelandic singer, songwriter and composer."
//   url.björk     = "https://bjork.com"
//   mbid.björk    = "87c5dedd-371d-4a53-9f7f-80522fb7f3cb"
//   similar.björk = "Sigur Rós, Múm"            (comma list)
//   top.björk     = "Army of Me, Hyperballad"   (comma list)
//   image.björk   = "https://example.org/bjork.jpg"  (comma list; `url 300` gives a size)
// Anything else answers plugin:not_found.
import {
  Artist,
  ArtistBiographyRequest,
  ArtistBiographyResponse,
  ArtistImageRequest,
  ArtistImageResponse,
  ArtistMBIDRequest,
  ArtistMBIDResponse,
  ArtistSimilarRequest,
  ArtistSimilarResponse,
  ArtistTopSongsRequest,
  ArtistTopSongsResponse,
  ArtistURLRequest,
  ArtistURLResponse,
  ExternalImage,
  MetadataAgent,
  PluginConfig,
  Song,
  registerMetadataAgent,
} from '@ndp/pdk-assemblyscript';

/**
 * The configured value of `<kind>.<name in lower case>`, trimmed; null when absent or blank. The config is fetched
 * once per call (one host call), never cached across calls: a config reload applies at once.
 */
function note(config: Map<string, string>, kind: string, name: string): string | null {
  const key = kind + '.' + name.trim().toLowerCase();
  if (name.trim() == '' || !config.has(key)) return null;
  const value = config.get(key).trim();
  return value == '' ? null : value;
}

/** The non-empty items of a comma list, trimmed, at most `limit` of them when `limit` > 0. */
function listOf(value: string, limit: i32): string[] {
  const out = new Array<string>();
  const parts = value.split(',');
  for (let i = 0; i < parts.length; i++) {
    if (limit > 0 && out.length >= limit) break;
    const item = parts[i].trim();
    if (item != '') out.push(item);
  }
  return out;
}

/** `url` or `url <size>`: a trailing number after a space is the image's size in pixels. */
function imageOf(item: string): ExternalImage {
  const image = new ExternalImage();
  image.url = item;
  const space = item.lastIndexOf(' ');
  if (space > 0) {
    const tail = item.substring(space + 1);
    let digits = tail.length > 0 && tail.length <= 5;
    for (let i = 0; i < tail.length && digits; i++) {
      const c = tail.charCodeAt(i);
      digits = c >= 0x30 && c <= 0x39;
    }
    if (digits) {
      image.url = item.substring(0, space).trim();
      image.size = I32.parseInt(tail);
    }
  }
  return image;
}

class NotesAgent extends MetadataAgent {
  getArtistMBID(request: ArtistMBIDRequest): ArtistMBIDResponse | null {
    const mbid = note(PluginConfig.all(), 'mbid', request.name);
    if (mbid == null) return null;
    const res = new ArtistMBIDResponse();
    res.mbid = mbid;
    return res;
  }

  getArtistURL(request: ArtistURLRequest): ArtistURLResponse | null {
    const url = note(PluginConfig.all(), 'url', request.name);
    if (url == null) return null;
    const res = new ArtistURLResponse();
    res.url = url;
    return res;
  }

  getArtistBiography(request: ArtistBiographyRequest): ArtistBiographyResponse | null {
    const bio = note(PluginConfig.all(), 'bio', request.name);
    if (bio == null) return null;
    const res = new ArtistBiographyResponse();
    res.biography = bio;
    return res;
  }

  getSimilarArtists(request: ArtistSimilarRequest): ArtistSimilarResponse | null {
    const config = PluginConfig.all();
    const similar = note(config, 'similar', request.name);
    if (similar == null) return null;
    const names = listOf(similar, request.limit);
    if (names.length == 0) return null;
    const res = new ArtistSimilarResponse();
    for (let i = 0; i < names.length; i++) {
      const artist = new Artist();
      artist.name = names[i];
      const mbid = note(config, 'mbid', names[i]);
      if (mbid != null) artist.mbid = mbid;
      res.artists.push(artist);
    }
    return res;
  }

  getArtistTopSongs(request: ArtistTopSongsRequest): ArtistTopSongsResponse | null {
    const top = note(PluginConfig.all(), 'top', request.artistName);
    if (top == null) return null;
    const titles = listOf(top, request.count);
    if (titles.length == 0) return null;
    const res = new ArtistTopSongsResponse();
    for (let i = 0; i < titles.length; i++) {
      const song = new Song();
      song.name = titles[i];
      res.songs.push(song);
    }
    return res;
  }

  getArtistImages(request: ArtistImageRequest): ArtistImageResponse | null {
    const images = note(PluginConfig.all(), 'image', request.name);
    if (images == null) return null;
    const items = listOf(images, 0);
    if (items.length == 0) return null;
    const res = new ArtistImageResponse();
    for (let i = 0; i < items.length; i++) res.images.push(imageOf(items[i]));
    return res;
  }
}

registerMetadataAgent(new NotesAgent());

export * from '@ndp/pdk-assemblyscript/assembly/gen/exports/metadata_agent';
