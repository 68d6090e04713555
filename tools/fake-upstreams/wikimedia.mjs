// A fake of the two Wikimedia endpoints the `wikimedia` example calls, with the real response shapes:
// - the Wikidata Query Service, `GET /sparql?format=json&query=<SPARQL>` → SPARQL 1.1 JSON results
//   (`{"head":{"vars":[...]},"results":{"bindings":[{"<var>":{"type":"uri","value":"..."}}]}}`);
// - Wikipedia's REST API, `GET /api/rest_v1/page/summary/<title>` → the page summary (`extract`,
//   `content_urls.desktop.page`, ...) or a 404 problem document.
// Like the real query service, it refuses requests without a User-Agent (403). It understands the two query forms
// the plugin sends (by P434 MusicBrainz ID, or by label); anything else is a 400 like a malformed query.
import { startFakeServer } from './fake-server.mjs';

/** The artists the fake knows. `article` and `image` are what Wikidata would link; absent = not linked. */
export const FAKE_WIKIMEDIA_ARTISTS = Object.freeze([
  Object.freeze({
    name: 'Björk',
    mbid: '87c5dedd-371d-4a53-9f7f-80522fb7f3cb',
    item: 'Q42455',
    article: 'Björk',
    image: 'Björk Cannes 2000.jpg',
    extract:
      'Björk Guðmundsdóttir is an Icelandic singer, songwriter and composer. Her music spans electronic, pop and avant-garde styles 🎵.',
  }),
  Object.freeze({
    name: 'AC/DC',
    mbid: '66c662b6-6e2f-4930-8610-912e24c63ed1',
    item: 'Q74127',
    article: 'AC/DC',
    image: 'ACDC In Tacoma 2009.jpg',
    extract:
      'AC/DC are an Australian rock band formed in Sydney in 1973.\nTheir album "Back in Black" is one of the best-selling albums of all time.',
  }),
  Object.freeze({
    name: 'Local Heroes',
    mbid: '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
    item: 'Q130000001',
  }),
]);

const SPARQL_CONTENT_TYPE = 'application/sparql-results+json;charset=utf-8';

// Wikipedia article URLs keep "/" and ":" readable and write spaces as underscores.
function articleUrl(title) {
  return `https://en.wikipedia.org/wiki/${encodeURIComponent(title.replaceAll(' ', '_')).replaceAll('%2F', '/')}`;
}

function commonsFilePath(file) {
  return `http://commons.wikimedia.org/wiki/Special:FilePath/${encodeURIComponent(file)}`;
}

function unescapeSparql(literal) {
  return literal.replace(/\\(.)/g, (_, c) => ({ n: '\n', r: '\r', t: '\t' })[c] ?? c);
}

/** The artist a query selects, `null` for no match, `undefined` when the query is not one the fake understands. */
function selectArtist(query) {
  if (!/^\s*SELECT\b/i.test(query)) return undefined;
  const byMbid = /\?item\s+wdt:P434\s+"([^"\\]*)"/.exec(query);
  if (byMbid) return FAKE_WIKIMEDIA_ARTISTS.find((a) => a.mbid === byMbid[1]) ?? null;
  const byLabel = /\?item\s+rdfs:label\s+"((?:[^"\\]|\\.)*)"@([a-z-]+)\s*;\s*wdt:P434\s+\?\w+/.exec(query);
  if (byLabel) {
    const name = unescapeSparql(byLabel[1]);
    return FAKE_WIKIMEDIA_ARTISTS.find((a) => a.name === name) ?? null;
  }
  return undefined;
}

function sparqlAnswer(query) {
  const artist = selectArtist(query);
  if (artist === undefined) return null;
  const vars = ['item', 'article', 'image'];
  const bindings = [];
  if (artist) {
    const binding = { item: { type: 'uri', value: `http://www.wikidata.org/entity/${artist.item}` } };
    const wantsEnglishArticle = query.includes('schema:isPartOf <https://en.wikipedia.org/>');
    if (artist.article && wantsEnglishArticle)
      binding.article = { type: 'uri', value: articleUrl(artist.article) };
    if (artist.image && /wdt:P18\s+\?image/.test(query)) {
      binding.image = { type: 'uri', value: commonsFilePath(artist.image) };
    }
    bindings.push(binding);
  }
  return { head: { vars }, results: { bindings } };
}

function summaryOf(artist) {
  const page = articleUrl(artist.article);
  return {
    type: 'standard',
    title: artist.article,
    displaytitle: artist.article,
    namespace: { id: 0, text: '' },
    wikibase_item: artist.item,
    titles: {
      canonical: artist.article.replaceAll(' ', '_'),
      normalized: artist.article,
      display: artist.article,
    },
    pageid: 100000 + FAKE_WIKIMEDIA_ARTISTS.indexOf(artist),
    lang: 'en',
    dir: 'ltr',
    description: 'musical artist',
    content_urls: {
      desktop: { page, revisions: `${page}?action=history`, edit: `${page}?action=edit` },
      mobile: { page: page.replace('en.wikipedia.org', 'en.m.wikipedia.org') },
    },
    extract: artist.extract,
    extract_html: `<p>${artist.extract}</p>`,
  };
}

/** JSON with every non-ASCII UTF-16 unit written as `\uXXXX` (an emoji becomes a surrogate pair of escapes). */
function asciiJson(value) {
  return JSON.stringify(value).replace(
    /[\u007f-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/**
 * Starts the fake Wikidata Query Service + Wikipedia REST API on 127.0.0.1 (random port). Point the plugin's
 * `wikidata_url` and `wikipedia_url` at `url`. Every request is kept in `requests`. With `escapeNonAscii`, bodies
 * carry non-ASCII text as `\uXXXX` escapes instead of raw UTF-8 (both are valid JSON; clients must read both).
 */
export function startFakeWikimedia({ escapeNonAscii = false } = {}) {
  const json = escapeNonAscii ? asciiJson : JSON.stringify;
  return startFakeServer((request, reply) => {
    if (request.method !== 'GET') return reply(405, 'method not allowed');
    if (request.path === '/sparql') {
      if (!request.headers['user-agent']) {
        return reply(403, 'Please set a user-agent and respect our robot policy https://w.wiki/CX6', {
          'content-type': 'text/plain',
        });
      }
      const answer = sparqlAnswer(request.query.query ?? '');
      if (!answer) {
        return reply(
          400,
          'SPARQL-QUERY: queryStr=...\njava.util.concurrent.ExecutionException: MalformedQueryException',
          {
            'content-type': 'text/plain',
          },
        );
      }
      return reply(200, json(answer), { 'content-type': SPARQL_CONTENT_TYPE });
    }
    const summary = /^\/api\/rest_v1\/page\/summary\/([^/]+)$/.exec(request.path);
    if (summary) {
      const title = decodeURIComponent(summary[1]).replaceAll('_', ' ');
      const artist = FAKE_WIKIMEDIA_ARTISTS.find((a) => a.article === title);
      if (!artist) {
        return reply(
          404,
          JSON.stringify({
            type: 'https://mediawiki.org/wiki/HyperSwitch/errors/not_found',
            title: 'Not found.',
            method: 'get',
            detail: 'Page or revision not found.',
            uri: `/en.wikipedia.org/v1/page/summary/${summary[1]}`,
          }),
          { 'content-type': 'application/problem+json' },
        );
      }
      return reply(200, json(summaryOf(artist)), {
        'content-type':
          'application/json; charset=utf-8; profile="https://www.mediawiki.org/wiki/Specs/Summary/1.4.2"',
      });
    }
    return reply(404, 'not found', { 'content-type': 'text/plain' });
  });
}
