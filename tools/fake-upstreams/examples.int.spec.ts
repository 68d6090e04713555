// The example plugins, built from source, run on the Node engine with the application's real host services
// (HostServiceGateway over NodeHttpClient and a static config source) against the fake upstream servers.
// Tests move a plugin's HTTP permission to the fake server's origin (with allowLocalNetwork) in memory; the
// shipped manifests stay as they are, and one test per networked example proves they refuse the local fake.
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { create, toBinary } from '@bufbuild/protobuf';
import { NodeHttpClient, StaticPluginConfigSource } from '@ndp/adapters-local';
import { readPackage } from '@ndp/packages';
import { NodeEngine } from '@ndp/adapters-wasm-node';
import { HostServiceGateway } from '@ndp/application';
import { checkModuleImports, parseManifest, type Manifest } from '@ndp/domain';
import { PluginLogLevel, type Logger, type PluginInstance } from '@ndp/ports';
import { CAPABILITIES } from '@ndp/protocol';
import { loadPlugin, type PluginUnderTest } from '@ndp/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildExamples, exampleNames, type BuiltExample } from '../build-examples.mjs';
import { packExamples } from '../pack-examples.mjs';
import { callError, callMethod, recordingLogger } from '../fixtures/guest-harness.js';
import {
  FAKE_CAA_RELEASES,
  FAKE_WIKIMEDIA_ARTISTS,
  startFakeCoverArtArchive,
  startFakeListenBrainz,
  startFakeWikimedia,
  type FakeUpstream,
} from './index.mjs';

const MiB = 1024 * 1024;
const agent = CAPABILITIES.MetadataAgent.methods;
const scrobbler = CAPABILITIES.Scrobbler.methods;

// Host ports the examples are not granted: the gateway never links them, so any use is a test failure.
const notGranted = new Proxy(
  {},
  {
    get: (_target, property) => () => {
      throw new Error(`the examples are not granted this port (called ${String(property)})`);
    },
  },
) as never;

const quietLogger: Logger = {
  trace: () => {},
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
  fatal: () => {},
  child: () => quietLogger,
  isLevelEnabled: () => false,
};

let engine: NodeEngine;
let built: Map<string, BuiltExample>;

beforeAll(async () => {
  // Every example by name: a missing C toolchain fails here with the apt command that installs it.
  built = new Map((await buildExamples({ only: exampleNames })).map((e) => [e.name, e]));
  engine = new NodeEngine({ workers: 1 });
});

afterAll(async () => {
  await engine?.close();
});

async function shippedManifestText(name: string): Promise<string> {
  return readFile(join(built.get(name)!.folder, 'manifest.json'), 'utf8');
}

function parse(text: string, file: string): Manifest {
  const parsed = parseManifest(text, file);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.value.manifest;
}

interface Loaded {
  readonly instance: PluginInstance;
  readonly config: StaticPluginConfigSource;
}

/**
 * Loads example `name` with `config` as its PluginConfig. With `origin`, its http permission is replaced by one
 * that allows exactly that local origin with `methods`; without, the shipped manifest is used unchanged.
 */
async function load(
  name: string,
  config: Record<string, string>,
  local?: { origin: string; methods: string[] },
): Promise<Loaded> {
  const data = JSON.parse(await shippedManifestText(name));
  if (local) {
    data.permissions.http = {
      ...data.permissions.http,
      allowLocalNetwork: true,
      allowedUrls: { [local.origin]: local.methods },
    };
  }
  const manifest = parse(JSON.stringify(data), `${name}/manifest.json (test copy)`);
  const configSource = new StaticPluginConfigSource({ [name]: config });
  const gateway = new HostServiceGateway({
    deps: { http: new NodeHttpClient(), cache: notGranted, clock: notGranted, artwork: notGranted },
    scheduler: notGranted,
    websocket: notGranted,
    configSource,
    logger: quietLogger,
    httpMaxResponseBytes: 10 * MiB,
  });
  const wasm = new Uint8Array(await readFile(built.get(name)!.wasm));
  const compiled = await engine.compile(wasm, { pluginId: name, memoryLimitBytes: 128 * MiB });
  const instance = await engine.instantiate(compiled, {
    pluginId: name,
    config: {},
    hostFunctions: gateway.hostFunctionsFor(manifest),
    logger: recordingLogger(),
    logLevel: PluginLogLevel.info,
    memoryLimitBytes: 128 * MiB,
  });
  return { instance, config: configSource };
}

describe('the shipped examples', () => {
  it('are wikimedia, coverartarchive, listenbrainz, notes, discord-rich-presence and c-notes', () => {
    expect([...exampleNames].sort()).toEqual([
      'c-notes',
      'coverartarchive',
      'discord-rich-presence',
      'listenbrainz',
      'notes',
      'wikimedia',
    ]);
  });

  it.each(['c-notes', 'coverartarchive', 'discord-rich-presence', 'listenbrainz', 'notes', 'wikimedia'])(
    '%s: valid manifest, least privilege with a reason per permission, imports only what it is granted',
    async (name) => {
      const manifest = parse(await shippedManifestText(name), `examples/${name}/manifest.json`);
      expect(manifest.name).toBe(name);
      for (const [permission, grant] of Object.entries(manifest.permissions)) {
        expect((grant as { reason?: string }).reason, `${name}: ${permission}.reason`).toMatch(/\S{3}/);
      }
      const http = manifest.permissions.http;
      if (http) {
        expect(http.allowLocalNetwork ?? false).toBe(false);
        const patterns = Object.entries(http.allowedUrls ?? {});
        expect(patterns.length, `${name} must list its upstream URLs`).toBeGreaterThan(0);
        for (const [pattern, methods] of patterns) {
          expect(pattern).toMatch(/^https:\/\/[^/]*[a-z]\.[a-z]+(\/|$)/);
          expect(methods).not.toContain('*');
        }
      }
      const compiled = await engine.compile(new Uint8Array(await readFile(built.get(name)!.wasm)), {
        pluginId: name,
        memoryLimitBytes: 128 * MiB,
      });
      const imports = checkModuleImports(name, manifest, compiled.imports);
      expect(imports.ok, JSON.stringify(imports)).toBe(true);
    },
  );

  it('installs as <outDir>/<name>/{plugin.wasm, manifest.json, README.md} with modes 0700/0600', async () => {
    const outDir = await mkdtemp(join(tmpdir(), 'ndp-examples-'));
    try {
      const installed = await buildExamples({ outDir, only: ['notes'] });
      expect(installed.map((e) => e.name)).toEqual(['notes']);
      const folder = join(outDir, 'notes');
      expect((await stat(folder)).mode & 0o777).toBe(0o700);
      for (const file of ['plugin.wasm', 'manifest.json', 'README.md']) {
        expect((await stat(join(folder, file))).mode & 0o777, file).toBe(0o600);
      }
      expect(await readFile(join(folder, 'plugin.wasm'))).toEqual(await readFile(installed[0]!.wasm));
      expect(await readFile(join(folder, 'manifest.json'), 'utf8')).toBe(await shippedManifestText('notes'));
    } finally {
      await rm(outDir, { recursive: true, force: true });
    }
  });

  it('pack into <outDir>/<name>-<version>.ndp with one command (npm run pack:examples)', async () => {
    const outDir = await mkdtemp(join(tmpdir(), 'ndp-packed-examples-'));
    try {
      const files = await packExamples({ outDir, only: ['notes'] });
      expect(files).toEqual([join(outDir, 'notes-1.0.0.ndp')]);
      const pkg = await readPackage(files[0]!);
      expect(pkg.manifest.name).toBe('notes');
      expect(pkg.docs.map((d) => d.path)).toContain('README.md');
      expect(pkg.wasm).toEqual(new Uint8Array(await readFile(built.get('notes')!.wasm)));
    } finally {
      await rm(outDir, { recursive: true, force: true });
    }
  });

  it('refuses to build an unknown example', async () => {
    await expect(buildExamples({ only: ['nope'] })).rejects.toThrow(/unknown example "nope"/);
  });
});

describe('wikimedia', () => {
  let fake: FakeUpstream;
  let plugin: PluginInstance;
  const bjork = '87c5dedd-371d-4a53-9f7f-80522fb7f3cb';

  beforeAll(async () => {
    fake = await startFakeWikimedia();
    plugin = (
      await load(
        'wikimedia',
        { wikidata_url: fake.url, wikipedia_url: fake.url, commons_url: 'https://commons.example.org' },
        { origin: fake.url, methods: ['GET'] },
      )
    ).instance;
  });

  afterAll(async () => {
    await fake?.close();
  });

  it('answers the Wikipedia article as the artist URL, found by MBID through SPARQL with a User-Agent', async () => {
    fake.requests.length = 0;
    const res = await callMethod(plugin, agent.GetArtistURL, {
      name: 'ignored when the MBID is known',
      mbid: bjork,
    });
    expect(res.url).toBe('https://en.wikipedia.org/wiki/Bj%C3%B6rk');
    expect(fake.requests).toHaveLength(1);
    const [query] = fake.requests;
    expect(query!.path).toBe('/sparql');
    expect(query!.query.format).toBe('json');
    expect(query!.query.query).toContain(`?item wdt:P434 "${bjork}"`);
    expect(query!.headers['user-agent']).toMatch(/ndp/);
  });

  it('answers the biography from the Wikipedia summary, UTF-8 intact, looking the artist up by name', async () => {
    fake.requests.length = 0;
    const res = await callMethod(plugin, agent.GetArtistBiography, { name: 'Björk' });
    expect(res.biography).toBe(
      'Björk Guðmundsdóttir is an Icelandic singer, songwriter and composer. Her music spans electronic, pop and avant-garde styles 🎵.',
    );
    expect(fake.requests.map((r) => r.path)).toEqual(['/sparql', '/api/rest_v1/page/summary/Bj%C3%B6rk']);
    expect(fake.requests[0]!.query.query).toContain('rdfs:label "Björk"@en');
  });

  it('encodes a "/" in the article title and keeps quotes and newlines of the extract', async () => {
    fake.requests.length = 0;
    const res = await callMethod(plugin, agent.GetArtistBiography, { name: 'AC/DC' });
    expect(res.biography).toBe(
      'AC/DC are an Australian rock band formed in Sydney in 1973.\nTheir album "Back in Black" is one of the best-selling albums of all time.',
    );
    expect(fake.requests[1]!.path).toBe('/api/rest_v1/page/summary/AC%2FDC');
  });

  it('answers Commons Special:FilePath URLs in three widths on the configured Commons origin', async () => {
    const res = await callMethod(plugin, agent.GetArtistImages, { mbid: bjork });
    const file = 'https://commons.example.org/wiki/Special:FilePath/Bj%C3%B6rk%20Cannes%202000.jpg';
    expect(res.images.map((i) => [i.url, i.size])).toEqual([
      [`${file}?width=1200`, 1200],
      [`${file}?width=600`, 600],
      [`${file}?width=300`, 300],
    ]);
  });

  it('falls back to the Wikidata page for an artist without an article, and has no biography or image for it', async () => {
    expect((await callMethod(plugin, agent.GetArtistURL, { name: 'Local Heroes' })).url).toBe(
      'https://www.wikidata.org/wiki/Q130000001',
    );
    expect(await callError(plugin, agent.GetArtistBiography, { name: 'Local Heroes' })).toBe(
      'plugin:not_found',
    );
    expect(await callError(plugin, agent.GetArtistImages, { name: 'Local Heroes' })).toBe('plugin:not_found');
  });

  it('answers plugin:not_found for an unknown artist and plugin:not_implemented for other methods', async () => {
    const unknown = { name: 'Nobody "Known" \\ Here' };
    expect(await callError(plugin, agent.GetArtistURL, unknown)).toBe('plugin:not_found');
    expect(await callError(plugin, agent.GetArtistBiography, unknown)).toBe('plugin:not_found');
    expect(await callError(plugin, agent.GetArtistImages, unknown)).toBe('plugin:not_found');
    expect(await callError(plugin, agent.GetArtistURL, { name: '' })).toBe('plugin:not_found');
    expect(await callError(plugin, agent.GetSimilarArtists, { name: 'Björk' })).toBe(
      'plugin:not_implemented',
    );
    expect(await callError(plugin, agent.GetAlbumImages, { name: 'Debut', artist: 'Björk' })).toBe(
      'plugin:not_implemented',
    );
  });

  it('reads bodies that carry non-ASCII text as \\u escapes, surrogate pairs included', async () => {
    const escaping = await startFakeWikimedia({ escapeNonAscii: true });
    try {
      const config = { wikidata_url: escaping.url, wikipedia_url: escaping.url };
      const loaded = await load('wikimedia', config, { origin: escaping.url, methods: ['GET'] });
      expect((await callMethod(loaded.instance, agent.GetArtistBiography, { mbid: bjork })).biography).toBe(
        FAKE_WIKIMEDIA_ARTISTS[0]!.extract,
      );
      expect(escaping.requests.map((r) => r.path)).toContain('/api/rest_v1/page/summary/Bj%C3%B6rk');
    } finally {
      await escaping.close();
    }
  });

  it('with its shipped manifest, cannot reach a local server', async () => {
    const shipped = await load('wikimedia', { wikidata_url: fake.url, wikipedia_url: fake.url });
    const error = await callError(shipped.instance, agent.GetArtistURL, { name: 'Björk' });
    expect(error).toMatch(/^wikimedia: Wikidata query failed: request blocked by plugin permissions/);
  });
});

describe('coverartarchive', () => {
  let fake: FakeUpstream;
  let plugin: PluginInstance;

  beforeAll(async () => {
    fake = await startFakeCoverArtArchive();
    plugin = (await load('coverartarchive', { base_url: fake.url }, { origin: fake.url, methods: ['GET'] }))
      .instance;
  });

  afterAll(async () => {
    await fake?.close();
  });

  it('follows the redirects to archive.org and answers the front image thumbnails with their sizes', async () => {
    fake.requests.length = 0;
    const mbid = FAKE_CAA_RELEASES.full;
    const res = await callMethod(plugin, agent.GetAlbumImages, { name: 'Dummy', artist: 'Portishead', mbid });
    const front = `${fake.url}/release/${mbid}/829521837`;
    expect(res.images.map((i) => [i.url, i.size])).toEqual([
      [`${front}-250.jpg`, 250],
      [`${front}-500.jpg`, 500],
      [`${front}-1200.jpg`, 1200],
    ]);
    expect(fake.requests.map((r) => r.path)).toEqual([
      `/release/${mbid}`,
      `/download/mbid-${mbid}/index.json`,
      `/5/items/mbid-${mbid}/index.json`,
    ]);
  });

  it('maps the older small/large thumbnails to 250 and 500', async () => {
    const mbid = FAKE_CAA_RELEASES.legacy;
    const res = await callMethod(plugin, agent.GetAlbumImages, { mbid });
    expect(res.images.map((i) => [i.url, i.size])).toEqual([
      [`${fake.url}/release/${mbid}/1234567-250.jpg`, 250],
      [`${fake.url}/release/${mbid}/1234567-500.jpg`, 500],
    ]);
  });

  it('answers plugin:not_found for a release without images, an unknown release and a missing MBID', async () => {
    expect(await callError(plugin, agent.GetAlbumImages, { mbid: FAKE_CAA_RELEASES.empty })).toBe(
      'plugin:not_found',
    );
    expect(
      await callError(plugin, agent.GetAlbumImages, { mbid: '00000000-0000-4000-8000-000000000000' }),
    ).toBe('plugin:not_found');
    fake.requests.length = 0;
    expect(await callError(plugin, agent.GetAlbumImages, { name: 'Dummy', artist: 'Portishead' })).toBe(
      'plugin:not_found',
    );
    expect(await callError(plugin, agent.GetAlbumImages, { mbid: '../../admin' })).toBe('plugin:not_found');
    expect(fake.requests).toHaveLength(0);
    expect(await callError(plugin, agent.GetArtistImages, { name: 'Portishead' })).toBe(
      'plugin:not_implemented',
    );
  });

  it('with its shipped manifest, cannot reach a local server', async () => {
    const shipped = await load('coverartarchive', { base_url: fake.url });
    const error = await callError(shipped.instance, agent.GetAlbumImages, { mbid: FAKE_CAA_RELEASES.full });
    expect(error).toMatch(/^coverartarchive: request failed: request blocked by plugin permissions/);
  });
});

describe('listenbrainz', () => {
  let fake: FakeUpstream;
  let plugin: PluginInstance;
  const users = 'alice:token-alice, bob:token-bob ,mallory:token-revoked';
  const track = {
    id: 'tr-1',
    mbid: 'a3b5e7c9-1111-4222-8333-944455566677',
    name: 'Jóga',
    album: 'Homogenic',
    albumMbid: 'b1c2d3e4-1111-4222-8333-944455566677',
    artists: [
      { name: 'Björk', mbid: '87c5dedd-371d-4a53-9f7f-80522fb7f3cb' },
      { name: 'Guest "Star"', mbid: '' },
    ],
    length: 305,
    position: 12,
  };

  beforeAll(async () => {
    fake = await startFakeListenBrainz({ tokens: ['token-alice', 'token-bob'] });
    plugin = (
      await load('listenbrainz', { users, api_url: fake.url }, { origin: fake.url, methods: ['POST'] })
    ).instance;
  });

  afterAll(async () => {
    await fake?.close();
  });

  it('authorizes exactly the users that have a token in the config', async () => {
    for (const [username, authorized] of [
      ['alice', true],
      ['bob', true],
      ['carol', false],
      ['', false],
    ] as const) {
      const res = await callMethod(plugin, scrobbler.IsAuthorized, { userId: `id-${username}`, username });
      expect(res.authorized, username).toBe(authorized);
    }
    expect(fake.requests).toHaveLength(0);
  });

  it('sends NowPlaying as playing_now with the user token and the exact track metadata', async () => {
    fake.requests.length = 0;
    const res = await callMethod(plugin, scrobbler.NowPlaying, {
      userId: 'id-alice',
      username: 'alice',
      track,
      timestamp: 1_700_000_000n,
    });
    expect(res.error).toBe('');
    expect(fake.requests).toHaveLength(1);
    const [sent] = fake.requests;
    expect(sent!.method).toBe('POST');
    expect(sent!.path).toBe('/1/submit-listens');
    expect(sent!.headers.authorization).toBe('Token token-alice');
    expect(sent!.headers['content-type']).toBe('application/json');
    expect(sent!.json).toEqual({
      listen_type: 'playing_now',
      payload: [
        {
          track_metadata: {
            artist_name: 'Björk, Guest "Star"',
            track_name: 'Jóga',
            release_name: 'Homogenic',
            additional_info: {
              recording_mbid: track.mbid,
              release_mbid: track.albumMbid,
              artist_mbids: ['87c5dedd-371d-4a53-9f7f-80522fb7f3cb'],
              duration_ms: 305_000,
              submission_client: 'ndp-listenbrainz',
              submission_client_version: '1.0.0',
            },
          },
        },
      ],
    });
  });

  it('sends Scrobble as a single listen with listened_at = the request timestamp', async () => {
    fake.requests.length = 0;
    const res = await callMethod(plugin, scrobbler.Scrobble, {
      username: 'bob',
      track: { name: 'Untitled', artists: [{ name: 'Nobody' }] },
      timestamp: 1_712_345_678n,
    });
    expect(res.error).toBe('');
    expect(fake.requests[0]!.headers.authorization).toBe('Token token-bob');
    expect(fake.requests[0]!.json).toEqual({
      listen_type: 'single',
      payload: [
        {
          listened_at: 1_712_345_678,
          track_metadata: {
            artist_name: 'Nobody',
            track_name: 'Untitled',
            additional_info: { submission_client: 'ndp-listenbrainz', submission_client_version: '1.0.0' },
          },
        },
      ],
    });
  });

  it('answers the server status and text in error for a token the server refuses', async () => {
    const res = await callMethod(plugin, scrobbler.Scrobble, { username: 'mallory', track, timestamp: 1n });
    expect(res.error).toBe('listenbrainz: 401 {"code":401,"error":"Invalid authorization token."}');
  });

  it('answers an error without calling the server for a user without a token', async () => {
    fake.requests.length = 0;
    const res = await callMethod(plugin, scrobbler.NowPlaying, { username: 'carol', track, timestamp: 1n });
    expect(res.error).toBe('listenbrainz: user "carol" has no token');
    expect(fake.requests).toHaveLength(0);
  });

  it('with its shipped manifest, cannot reach a local server', async () => {
    const shipped = await load('listenbrainz', { users, api_url: fake.url });
    const res = await callMethod(shipped.instance, scrobbler.Scrobble, {
      username: 'alice',
      track,
      timestamp: 1n,
    });
    expect(res.error).toMatch(/^listenbrainz: request failed: request blocked by plugin permissions/);
  });
});

describe('notes', () => {
  let loaded: Loaded;
  let plugin: PluginUnderTest;
  const config = {
    'bio.björk': 'Icelandic singer, songwriter and composer.',
    'url.björk': 'https://bjork.com',
    'mbid.björk': '87c5dedd-371d-4a53-9f7f-80522fb7f3cb',
    'similar.björk': 'Sigur Rós, Múm, ,Emilíana Torrini',
    'mbid.sigur rós': 'f6f2326f-6b25-4170-b89d-e235b25508e8',
    'top.björk': 'Army of Me, Hyperballad, Jóga',
    'image.björk': 'https://example.org/bjork-small.jpg 300, https://example.org/bjork.jpg',
  };

  beforeAll(async () => {
    loaded = await load('notes', config);
    // Through the host's plugin manager (the test kit): typed requests, the host's error codes.
    plugin = await loadPlugin({
      folder: built.get('notes')!.folder,
      wasmFile: built.get('notes')!.wasm,
      config,
    });
  });
  afterAll(async () => plugin?.close());

  it('answers every kind of note for an artist, whatever the case of the name', async () => {
    const call = plugin.call.bind(plugin);
    expect((await call('MetadataAgent', 'GetArtistBiography', { name: 'BJÖRK' })).biography).toBe(
      'Icelandic singer, songwriter and composer.',
    );
    expect((await call('MetadataAgent', 'GetArtistURL', { name: ' Björk ' })).url).toBe('https://bjork.com');
    expect((await call('MetadataAgent', 'GetArtistMBID', { name: 'björk' })).mbid).toBe(config['mbid.björk']);
    const similar = await call('MetadataAgent', 'GetSimilarArtists', { name: 'Björk' });
    expect(similar.artists.map((a) => [a.name, a.mbid])).toEqual([
      ['Sigur Rós', 'f6f2326f-6b25-4170-b89d-e235b25508e8'],
      ['Múm', ''],
      ['Emilíana Torrini', ''],
    ]);
    expect(
      (await call('MetadataAgent', 'GetSimilarArtists', { name: 'Björk', limit: 1 })).artists,
    ).toHaveLength(1);
    const top = await call('MetadataAgent', 'GetArtistTopSongs', { artistName: 'Björk', count: 2 });
    expect(top.songs.map((s) => s.name)).toEqual(['Army of Me', 'Hyperballad']);
    const images = await call('MetadataAgent', 'GetArtistImages', { name: 'Björk' });
    expect(images.images.map((m) => [m.url, m.size])).toEqual([
      ['https://example.org/bjork-small.jpg', 300],
      ['https://example.org/bjork.jpg', 0],
    ]);
  });

  it('answers plugin:not_found for unknown artists and plugin:not_implemented for album methods', async () => {
    const code = async (...args: Parameters<PluginUnderTest['callError']>) =>
      (await plugin.callError(...args)).code;
    expect(await code('MetadataAgent', 'GetArtistBiography', { name: 'Sigur Rós' })).toBe('NOT_FOUND');
    expect(await code('MetadataAgent', 'GetArtistURL', { name: '' })).toBe('NOT_FOUND');
    expect(await code('MetadataAgent', 'GetArtistTopSongs', { artistName: 'Nobody' })).toBe('NOT_FOUND');
    expect(await code('MetadataAgent', 'GetAlbumInfo', { name: 'Debut', artist: 'Björk' })).toBe(
      'NOT_IMPLEMENTED',
    );
  });

  // Below, on one engine instance directly: its memory, and a config change seen without a reload.
  it('answers 5,000 calls on one instance with memory staying below 16 MiB (incremental runtime)', async () => {
    const fresh = await load('notes', config);
    for (let n = 0; n < 5_000; n++) {
      const name = n % 2 === 0 ? 'Björk' : `Unknown ${n}`;
      const result = await fresh.instance.call(
        agent.GetArtistBiography.exportName,
        toBinary(agent.GetArtistBiography.input, create(agent.GetArtistBiography.input, { name })),
        { timeoutMs: 10_000 },
      );
      if (n % 500 === 0) expect(result.ok, `call ${n}`).toBe(n % 2 === 0);
    }
    expect(fresh.instance.broken).toBe(false);
    expect(fresh.instance.memoryBytes()).toBeLessThan(16 * MiB);
  });

  it('reads its config on every call, so a reload applies at once', async () => {
    loaded.config.update({ notes: { 'bio.björk': 'Updated.' } });
    expect((await callMethod(loaded.instance, agent.GetArtistBiography, { name: 'Björk' })).biography).toBe(
      'Updated.',
    );
    expect(await callError(loaded.instance, agent.GetArtistURL, { name: 'Björk' })).toBe('plugin:not_found');
  });
});
