// A fake Cover Art Archive with the real flow: `GET /release/<mbid>` answers 307 to the release's listing on
// archive.org (`/download/mbid-<mbid>/index.json`), which answers 302 to a storage node
// (`/<n>/items/mbid-<mbid>/index.json`), which serves the JSON listing
// `{"images":[{"approved","back","comment","edit","front","id","image","thumbnails":{...},"types"}],"release"}`.
// All hops stay on this one server. An MBID that is not a UUID answers 400, an unknown release 404. The listing is
// written with non-ASCII characters escaped (`\u00e9`), as Python's json module does.
import { startFakeServer } from './fake-server.mjs';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The releases the fake knows, by MBID: which thumbnails each image has. */
export const FAKE_CAA_RELEASES = Object.freeze({
  /** A back cover listed first, then the front with every thumbnail size. */
  full: '76df3287-6cda-33eb-8e9a-044b5e15ffdd',
  /** One front image from the archive's early days: only `small` and `large` thumbnails. */
  legacy: 'b84ee12a-09ef-421b-82de-0441a926375b',
  /** A release known to the archive, with no images. */
  empty: 'f1d3b1a0-5c2e-4d7a-9a51-2f6f0e7c1b22',
});

function image(base, mbid, id, { front, types, sizes, comment }) {
  const at = (suffix) => `${base}/release/${mbid}/${id}${suffix}.jpg`;
  const thumbnails = {};
  for (const size of sizes)
    thumbnails[size] = at(`-${size === 'small' ? 250 : size === 'large' ? 500 : size}`);
  return {
    approved: true,
    back: types.includes('Back'),
    comment,
    edit: 17000000 + (id % 1000),
    front,
    id,
    image: at(''),
    thumbnails,
    types,
  };
}

function listingOf(base, mbid) {
  const release = `https://musicbrainz.org/release/${mbid}`;
  if (mbid === FAKE_CAA_RELEASES.full) {
    return {
      images: [
        image(base, mbid, 829521842, {
          front: false,
          types: ['Back'],
          sizes: ['250', '500', '1200', 'small', 'large'],
          comment: '',
        }),
        image(base, mbid, 829521837, {
          front: true,
          types: ['Front'],
          sizes: ['250', '500', '1200', 'small', 'large'],
          comment: 'édition originale',
        }),
      ],
      release,
    };
  }
  if (mbid === FAKE_CAA_RELEASES.legacy) {
    return {
      images: [
        image(base, mbid, 1234567, { front: true, types: ['Front'], sizes: ['small', 'large'], comment: '' }),
      ],
      release,
    };
  }
  if (mbid === FAKE_CAA_RELEASES.empty) return { images: [], release };
  return null;
}

/** JSON with every non-ASCII character written as `\uXXXX`. */
function asciiJson(value) {
  return JSON.stringify(value).replace(
    /[\u007f-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/**
 * Starts the fake Cover Art Archive on 127.0.0.1 (random port). Point the plugin's `base_url` at `url`. Every
 * request, each redirect hop included, is kept in `requests`.
 */
export function startFakeCoverArtArchive() {
  return startFakeServer((request, reply, base) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return reply(405, 'method not allowed');
    const release = /^\/release\/([^/]+)\/?$/.exec(request.path);
    if (release) {
      const mbid = release[1];
      if (!UUID.test(mbid)) return reply(400, 'invalid MBID specified', { 'content-type': 'text/plain' });
      if (!listingOf(base, mbid))
        return reply(404, 'No cover art found for release ' + mbid, { 'content-type': 'text/plain' });
      return reply(307, 'See: ' + `${base}/download/mbid-${mbid}/index.json`, {
        location: `${base}/download/mbid-${mbid}/index.json`,
        'content-type': 'text/plain',
      });
    }
    const download = /^\/download\/mbid-([0-9a-f-]{36})\/index\.json$/.exec(request.path);
    if (download) {
      if (!listingOf(base, download[1]))
        return reply(404, 'Item not found', { 'content-type': 'text/plain' });
      return reply(302, '', { location: `${base}/5/items/mbid-${download[1]}/index.json` });
    }
    const item = /^\/5\/items\/mbid-([0-9a-f-]{36})\/index\.json$/.exec(request.path);
    if (item) {
      const listing = listingOf(base, item[1]);
      if (!listing) return reply(404, 'Item not found', { 'content-type': 'text/plain' });
      return reply(200, asciiJson(listing), { 'content-type': 'application/json' });
    }
    return reply(404, 'not found', { 'content-type': 'text/plain' });
  });
}
