import type { IncomingHttpHeaders } from 'node:http';

/** One request a fake server received, recorded before it was answered. */
export interface RecordedRequest {
  readonly method: string;
  /** The path without the query string, still percent-encoded. */
  readonly path: string;
  /** The query parameters, decoded (the last value wins when a name repeats). */
  readonly query: Readonly<Record<string, string>>;
  /** Header names in lower case, as node:http gives them. */
  readonly headers: IncomingHttpHeaders;
  /** The body as UTF-8 text ('' when empty or over 1 MiB). */
  readonly body: string;
  /** The body parsed as JSON; undefined when empty or not JSON. */
  readonly json: unknown;
}

/** A running fake upstream. */
export interface FakeUpstream {
  /** Its origin, `http://127.0.0.1:<port>` (no trailing slash). */
  readonly url: string;
  /** Every request received so far, in arrival order; tests may clear it with `requests.length = 0`. */
  readonly requests: RecordedRequest[];
  /** Stops the server, dropping open connections. */
  close(): Promise<void>;
}

/** Answers one request: a string or bytes is sent as is, an object as JSON. */
export type FakeReply = (
  status: number,
  body?: string | Uint8Array | object,
  headers?: Record<string, string>,
) => void;

/** Starts a fake server on 127.0.0.1 with a random port; `handle` answers each recorded request. */
export declare function startFakeServer(
  handle: (request: RecordedRequest, reply: FakeReply, base: string) => void | Promise<void>,
): Promise<FakeUpstream>;

/** An artist the fake Wikimedia knows; `article` (Wikipedia title) and `image` (Commons file) may be absent. */
export interface FakeWikimediaArtist {
  readonly name: string;
  readonly mbid: string;
  readonly item: string;
  readonly article?: string;
  readonly image?: string;
  readonly extract?: string;
}

/** Björk (article, image, non-ASCII and emoji in the extract), AC/DC (a "/" in the title), Local Heroes (item only). */
export declare const FAKE_WIKIMEDIA_ARTISTS: readonly FakeWikimediaArtist[];

/**
 * The Wikidata Query Service (`GET /sparql?format=json&query=`, SPARQL JSON results, 403 without User-Agent) and
 * Wikipedia's REST summaries (`GET /api/rest_v1/page/summary/<title>`, 404 problem JSON when unknown).
 */
export declare function startFakeWikimedia(options?: {
  /** Write non-ASCII text as `\uXXXX` escapes (surrogate pairs for emoji) instead of raw UTF-8. Default false. */
  escapeNonAscii?: boolean;
}): Promise<FakeUpstream>;

/** Release MBIDs of the fake Cover Art Archive. */
export declare const FAKE_CAA_RELEASES: Readonly<{
  /** A back image listed first, then the front with 250/500/1200/small/large thumbnails. */
  full: string;
  /** One front image with only small/large thumbnails. */
  legacy: string;
  /** No images. */
  empty: string;
}>;

/**
 * The Cover Art Archive: `GET /release/<mbid>` → 307 → `/download/mbid-<mbid>/index.json` → 302 →
 * `/5/items/mbid-<mbid>/index.json` (the listing, non-ASCII escaped); 400 for a non-UUID, 404 for unknown releases.
 */
export declare function startFakeCoverArtArchive(): Promise<FakeUpstream>;

/**
 * ListenBrainz `POST /1/submit-listens`: 401 unless `Authorization: Token <t>` names one of `tokens`, 400 with the
 * reason for an invalid submission, else 200 `{"status":"ok"}`.
 */
export declare function startFakeListenBrainz(options?: {
  tokens?: readonly string[];
}): Promise<FakeUpstream>;

export type {
  FakeDiscord,
  FakeDiscordAsset,
  FakeDiscordConnection,
  FakeDiscordHeartbeat,
  FakeDiscordIdentify,
  FakeDiscordPresence,
} from './fake-discord.mjs';
export { startFakeDiscord } from './fake-discord.mjs';
