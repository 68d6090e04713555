// Example plugin `wikimedia`: artist URL, biography and images from Wikidata, Wikipedia and Wikimedia Commons.
//
// One SPARQL query to the Wikidata Query Service finds the artist's item (by MusicBrainz artist ID, property
// P434, when the host knows it; else by English label among items that have a P434), its image (P18, a Commons
// file) and its Wikipedia article. The biography is the article's summary from Wikipedia's REST API
// (`/api/rest_v1/page/summary/<title>`, field `extract`). Images are Commons `Special:FilePath` URLs, which
// the plugin never fetches itself.
import {
  ArtistBiographyRequest,
  ArtistBiographyResponse,
  ArtistImageRequest,
  ArtistImageResponse,
  ArtistURLRequest,
  ArtistURLResponse,
  ExternalImage,
  Http,
  MetadataAgent,
  PluginConfig,
  fail,
  notFound,
  registerMetadataAgent,
} from '@ndp/pdk-assemblyscript';
import { JsonValue, parseJsonBytes } from '@ndp/pdk-assemblyscript/assembly/json';

const USER_AGENT = 'ndp-wikimedia-example/1.0.0 (https://github.com/ndp; plugin example)';
/** Widths offered for an artist image; Commons scales a file on the fly with `?width=`. */
const IMAGE_WIDTHS: i32[] = [1200, 600, 300];

/** The plugin's configuration, read on every call so that a config reload applies at once. */
class Settings {
  language: string = 'en';
  wikidataUrl: string = 'https://query.wikidata.org';
  wikipediaUrl: string = '';
  commonsUrl: string = 'https://commons.wikimedia.org';

  static load(): Settings {
    const config = PluginConfig.all();
    const s = new Settings();
    if (config.has('language') && isLanguageCode(config.get('language'))) s.language = config.get('language');
    if (config.has('wikidata_url')) s.wikidataUrl = trimSlash(config.get('wikidata_url'));
    s.wikipediaUrl = config.has('wikipedia_url')
      ? trimSlash(config.get('wikipedia_url'))
      : 'https://' + s.language + '.wikipedia.org';
    if (config.has('commons_url')) s.commonsUrl = trimSlash(config.get('commons_url'));
    return s;
  }
}

/** What Wikidata knows about one artist; empty strings where it knows nothing. */
class Entity {
  item: string = '';
  article: string = '';
  image: string = '';
}

function trimSlash(url: string): string {
  let end = url.length;
  while (end > 0 && url.charCodeAt(end - 1) == 0x2f) end--;
  return url.substring(0, end);
}

// The language goes into a URL host and a SPARQL IRI: accept only what a Wikipedia language code looks like.
function isLanguageCode(s: string): bool {
  if (s.length == 0 || s.length > 12) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (!((c >= 0x61 && c <= 0x7a) || c == 0x2d)) return false;
  }
  return true;
}

// An MBID is spliced into the query: only a UUID is accepted, anything else is looked up by name instead.
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

/** `s` as a SPARQL string literal (double quotes, backslash escapes). */
function sparqlString(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c == 0x22) out += '\\"';
    else if (c == 0x5c) out += '\\\\';
    else if (c == 0x0a) out += '\\n';
    else if (c == 0x0d) out += '\\r';
    else if (c == 0x09) out += '\\t';
    else out += String.fromCharCode(c);
  }
  return out + '"';
}

function buildQuery(name: string, mbid: string, language: string): string {
  const selector = isMbid(mbid.toLowerCase())
    ? '?item wdt:P434 ' + sparqlString(mbid.toLowerCase()) + ' .'
    : '?item rdfs:label ' + sparqlString(name) + '@' + language + ' ; wdt:P434 ?mbid .';
  return (
    'SELECT ?item ?article ?image WHERE { ' +
    selector +
    ' OPTIONAL { ?item wdt:P18 ?image . }' +
    ' OPTIONAL { ?article schema:about ?item ; schema:isPartOf <https://' +
    language +
    '.wikipedia.org/> . }' +
    ' } LIMIT 1'
  );
}

function headers(accept: string): Map<string, string> {
  const h = new Map<string, string>();
  h.set('accept', accept);
  h.set('user-agent', USER_AGENT);
  return h;
}

function bindingValue(binding: JsonValue, name: string): string {
  const cell = binding.get(name);
  return cell != null ? cell.getString('value') : '';
}

/**
 * Finds the artist on Wikidata. Null after recording the answer: not found (no name and no MBID, or no match) or
 * a failure (the query service unreachable or answering an error).
 */
function lookup(settings: Settings, name: string, mbid: string): Entity | null {
  if (name.trim() == '' && !isMbid(mbid.toLowerCase())) {
    notFound();
    return null;
  }
  const url =
    settings.wikidataUrl +
    '/sparql?format=json&query=' +
    encodeURIComponent(buildQuery(name.trim(), mbid, settings.language));
  const res = Http.get(url, headers('application/sparql-results+json'));
  if (res.error != '') {
    fail('wikimedia: Wikidata query failed: ' + res.error);
    return null;
  }
  if (res.status != 200) {
    fail('wikimedia: Wikidata answered ' + res.status.toString() + ': ' + Http.text(res));
    return null;
  }
  const doc = parseJsonBytes(res.body);
  const bindings = doc != null ? doc.path(['results', 'bindings']) : null;
  if (bindings == null || !bindings.isArray) {
    fail('wikimedia: Wikidata answered something that is not SPARQL JSON results');
    return null;
  }
  if (bindings.length == 0) {
    notFound();
    return null;
  }
  const first = bindings.at(0)!;
  const entity = new Entity();
  entity.item = bindingValue(first, 'item');
  entity.article = bindingValue(first, 'article');
  entity.image = bindingValue(first, 'image');
  return entity;
}

/** The text after the last occurrence of `marker` in `s`, or "" when `marker` is absent. */
function after(s: string, marker: string): string {
  const at = s.lastIndexOf(marker);
  return at < 0 ? '' : s.substring(at + marker.length);
}

class WikimediaAgent extends MetadataAgent {
  getArtistURL(request: ArtistURLRequest): ArtistURLResponse | null {
    const entity = lookup(Settings.load(), request.name, request.mbid);
    if (entity == null) return null;
    const res = new ArtistURLResponse();
    if (entity.article != '') {
      res.url = entity.article;
    } else {
      const id = after(entity.item, '/entity/');
      if (id == '') return null;
      res.url = 'https://www.wikidata.org/wiki/' + id;
    }
    return res;
  }

  getArtistBiography(request: ArtistBiographyRequest): ArtistBiographyResponse | null {
    const settings = Settings.load();
    const entity = lookup(settings, request.name, request.mbid);
    if (entity == null) return null;
    // Article URLs keep "/" unescaped (AC/DC); the REST API needs the title as one path segment.
    const title = after(entity.article, '/wiki/');
    if (title == '') return null;
    const url =
      settings.wikipediaUrl + '/api/rest_v1/page/summary/' + encodeURIComponent(decodeURIComponent(title));
    const res = Http.get(url, headers('application/json'));
    if (res.error != '') {
      fail('wikimedia: Wikipedia request failed: ' + res.error);
      return null;
    }
    if (res.status == 404) return null;
    if (res.status != 200) {
      fail('wikimedia: Wikipedia answered ' + res.status.toString() + ': ' + Http.text(res));
      return null;
    }
    const summary = parseJsonBytes(res.body);
    if (summary == null) {
      fail('wikimedia: Wikipedia answered invalid JSON');
      return null;
    }
    // A disambiguation page would describe other people of the same name.
    if (summary.getString('type') == 'disambiguation') return null;
    const extract = summary.getString('extract').trim();
    if (extract == '') return null;
    const out = new ArtistBiographyResponse();
    out.biography = extract;
    return out;
  }

  getArtistImages(request: ArtistImageRequest): ArtistImageResponse | null {
    const settings = Settings.load();
    const entity = lookup(settings, request.name, request.mbid);
    if (entity == null) return null;
    // P18 values are `http://commons.wikimedia.org/wiki/Special:FilePath/<file, percent-encoded>`.
    const file = after(entity.image, '/Special:FilePath/');
    if (file == '') return null;
    const base =
      settings.commonsUrl + '/wiki/Special:FilePath/' + encodeURIComponent(decodeURIComponent(file));
    const out = new ArtistImageResponse();
    for (let i = 0; i < IMAGE_WIDTHS.length; i++) {
      const image = new ExternalImage();
      image.url = base + '?width=' + IMAGE_WIDTHS[i].toString();
      image.size = IMAGE_WIDTHS[i];
      out.images.push(image);
    }
    return out;
  }
}

registerMetadataAgent(new WikimediaAgent());

export * from '@ndp/pdk-assemblyscript/assembly/gen/exports/metadata_agent';
