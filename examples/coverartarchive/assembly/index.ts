// Example plugin `coverartarchive`: album cover images from the Cover Art Archive by MusicBrainz release ID.
//
// `GET https://coverartarchive.org/release/<mbid>` answers with a redirect to the release's `index.json` on
// archive.org (the host follows it, checking each hop against the manifest), whose body is
// `{"images":[{"image","thumbnails":{"250","500","1200","small","large"},"front","types",...}],"release"}`.
// The plugin answers the front image (or the first one) in the sizes the archive has thumbnails for.
import {
  AlbumImagesRequest,
  AlbumImagesResponse,
  ExternalImage,
  Http,
  MetadataAgent,
  PluginConfig,
  fail,
  registerMetadataAgent,
} from '@ndp/pdk-assemblyscript';
import { JsonValue, parseJsonBytes } from '@ndp/pdk-assemblyscript/assembly/json';

const DEFAULT_BASE_URL = 'https://coverartarchive.org';
const USER_AGENT = 'ndp-coverartarchive-example/1.0.0 (plugin example)';
const TIMEOUT_MS: i32 = 5000;

// The thumbnail names, in the order images are answered, and the pixel size each stands for. `small` and
// `large` are the archive's older names of 250 and 500; a size is answered once.
const THUMBNAIL_KEYS: string[] = ['250', 'small', '500', 'large', '1200'];
const THUMBNAIL_SIZES: i32[] = [250, 250, 500, 500, 1200];

function baseUrl(): string {
  const configured = PluginConfig.get('base_url');
  let url = configured != null && configured.trim() != '' ? configured.trim() : DEFAULT_BASE_URL;
  while (url.endsWith('/')) url = url.substring(0, url.length - 1);
  return url;
}

// The MBID becomes a path segment: accept a UUID only, so no other path of the archive can be reached.
function isMbid(s: string): bool {
  if (s.length != 36) return false;
  for (let i = 0; i < 36; i++) {
    const c = s.charCodeAt(i);
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (c != 0x2d) return false;
    } else if (!((c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66))) {
      return false;
    }
  }
  return true;
}

/** The image marked `front`, else the first one; null when there is none. */
function pickImage(images: JsonValue): JsonValue | null {
  for (let i = 0; i < images.length; i++) {
    const image = images.at(i)!;
    if (image.getBool('front')) return image;
  }
  return images.length > 0 ? images.at(0) : null;
}

class CoverArtArchiveAgent extends MetadataAgent {
  getAlbumImages(request: AlbumImagesRequest): AlbumImagesResponse | null {
    const mbid = request.mbid.trim().toLowerCase();
    if (!isMbid(mbid)) return null; // without a release MBID the archive cannot be asked
    const headers = new Map<string, string>();
    headers.set('accept', 'application/json');
    headers.set('user-agent', USER_AGENT);
    const res = Http.get(baseUrl() + '/release/' + mbid, headers, TIMEOUT_MS);
    if (res.error != '') {
      fail('coverartarchive: request failed: ' + res.error);
      return null;
    }
    if (res.status == 404) return null;
    if (res.status != 200) {
      fail('coverartarchive: the archive answered ' + res.status.toString() + ': ' + Http.text(res));
      return null;
    }
    const doc = parseJsonBytes(res.body);
    const images = doc != null ? doc.get('images') : null;
    if (images == null || !images.isArray) {
      fail('coverartarchive: the archive answered something that is not a release listing');
      return null;
    }
    const image = pickImage(images);
    if (image == null) return null;

    const out = new AlbumImagesResponse();
    const thumbnails = image.get('thumbnails');
    let lastSize: i32 = 0;
    for (let i = 0; i < THUMBNAIL_KEYS.length && thumbnails != null; i++) {
      const size = THUMBNAIL_SIZES[i];
      if (size == lastSize) continue;
      const url = thumbnails.getString(THUMBNAIL_KEYS[i]);
      if (url == '') continue;
      const ext = new ExternalImage();
      ext.url = url;
      ext.size = size;
      out.images.push(ext);
      lastSize = size;
    }
    // No thumbnails at all: the original, whose size the listing does not say.
    if (out.images.length == 0) {
      const original = image.getString('image');
      if (original == '') return null;
      const ext = new ExternalImage();
      ext.url = original;
      out.images.push(ext);
    }
    return out;
  }
}

registerMetadataAgent(new CoverArtArchiveAgent());

export * from '@ndp/pdk-assemblyscript/assembly/gen/exports/metadata_agent';
