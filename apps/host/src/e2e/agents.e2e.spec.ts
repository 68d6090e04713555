// The host as a process serving MetadataAgent answers through the ordered `Agents`: an offline agent first, then
// the networked examples against fake upstreams on 127.0.0.1 (their installed manifests are granted the fakes'
// origins; the shipped manifests are not touched).
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildExamples } from '../../../../tools/build-examples.mjs';
import {
  FAKE_CAA_RELEASES,
  FAKE_WIKIMEDIA_ARTISTS,
  startFakeCoverArtArchive,
  startFakeWikimedia,
  type FakeUpstream,
} from '../../../../tools/fake-upstreams/index.mjs';
import { ensureHostBuilt } from './host-build.js';
import { HostProcess } from './host-process.js';
import { HostWorkspace, E2E_ENGINES } from './host-workspace.js';
import { grantLocalOrigins } from './local-origin-grant.js';

const NOTES_BIO = 'Nina Simone was an American singer, songwriter, pianist and civil rights activist.';
const bjork = FAKE_WIKIMEDIA_ARTISTS.find((a) => a.name === 'Björk')!;

describe.each(E2E_ENGINES)('on the %s engine', (engine) => {
  let workspace: HostWorkspace | undefined;
  let wikimedia: FakeUpstream | undefined;
  let caa: FakeUpstream | undefined;
  let host: HostProcess | undefined;

  beforeAll(async () => {
    await ensureHostBuilt();
    workspace = await HostWorkspace.create('agents');
    wikimedia = await startFakeWikimedia();
    caa = await startFakeCoverArtArchive();
    await buildExamples({ outDir: workspace.pluginsDir, only: ['coverartarchive', 'notes', 'wikimedia'] });
    await grantLocalOrigins(join(workspace.pluginsDir, 'wikimedia'), [wikimedia.url], ['GET']);
    await grantLocalOrigins(join(workspace.pluginsDir, 'coverartarchive'), [caa.url], ['GET']);
    await workspace.writeConfig({
      engine,
      agents: ['notes', 'wikimedia', 'coverartarchive'],
      pluginConfig: {
        notes: { 'bio.nina simone': NOTES_BIO },
        wikimedia: {
          wikidata_url: wikimedia.url,
          wikipedia_url: wikimedia.url,
          commons_url: 'https://commons.example.org',
        },
        coverartarchive: { base_url: caa.url },
      },
    });
    host = await HostProcess.start({ configFile: workspace.configFile });
    const plugins = await host.waitForPlugins(3);
    expect(
      plugins.map((p) => [p['id'], p['state']]),
      host.output(),
    ).toEqual([
      ['coverartarchive', 'ready'],
      ['notes', 'ready'],
      ['wikimedia', 'ready'],
    ]);
  });

  afterAll(async () => {
    await host?.stop();
    await wikimedia?.close();
    await caa?.close();
    await workspace?.remove();
  });

  describe('a biography through Agents = "notes,wikimedia,..."', () => {
    it('falls through from notes (plugin:not_found) to wikimedia, which answers from Wikidata and Wikipedia', async () => {
      wikimedia!.requests.length = 0;
      const answer = await host!.request(
        'GET',
        `/api/agents/artists/biography?name=${encodeURIComponent('Björk')}`,
      );
      expect(answer.status, answer.text).toBe(200);
      expect(answer.contentType).toMatch(/^application\/json/);
      expect(answer.json).toEqual({ biography: bjork.extract });
      expect(wikimedia!.requests.map((r) => r.path)).toEqual([
        '/sparql',
        '/api/rest_v1/page/summary/Bj%C3%B6rk',
      ]);
      expect(wikimedia!.requests[0]!.query['query']).toContain('rdfs:label "Björk"@en');
    });

    it('is answered by notes alone for an artist it knows: the upstream sees no request', async () => {
      wikimedia!.requests.length = 0;
      const answer = await host!.request('GET', '/api/agents/artists/biography?name=Nina%20Simone');
      expect(answer.status, answer.text).toBe(200);
      expect(answer.json).toEqual({ biography: NOTES_BIO });
      expect(wikimedia!.requests).toEqual([]);
    });

    it('answers 404 NOT_FOUND naming every agent tried when nobody knows the artist', async () => {
      const answer = await host!.request('GET', '/api/agents/artists/biography?name=Nobody%20Here');
      expect(answer.status, answer.text).toBe(404);
      const error = (answer.json as { error: { code: string; message: string } }).error;
      expect(error.code).toBe('NOT_FOUND');
      expect(error.message).toContain('notes: not found');
      expect(error.message).toContain('wikimedia: not found');
    });
  });

  describe('album images through coverartarchive', () => {
    it('follows the archive redirects and answers the front image thumbnails with their sizes', async () => {
      caa!.requests.length = 0;
      const mbid = FAKE_CAA_RELEASES.full;
      const answer = await host!.request(
        'GET',
        `/api/agents/albums/images?name=Dummy&artist=Portishead&mbid=${mbid}`,
      );
      expect(answer.status, answer.text).toBe(200);
      const front = `${caa!.url}/release/${mbid}/829521837`;
      expect(answer.json).toEqual({
        images: [
          { url: `${front}-250.jpg`, size: 250 },
          { url: `${front}-500.jpg`, size: 500 },
          { url: `${front}-1200.jpg`, size: 1200 },
        ],
      });
      expect(caa!.requests.map((r) => r.path)).toEqual([
        `/release/${mbid}`,
        `/download/mbid-${mbid}/index.json`,
        `/5/items/mbid-${mbid}/index.json`,
      ]);
    });

    it('answers 404 NOT_FOUND for a release without images', async () => {
      const answer = await host!.request('GET', `/api/agents/albums/images?mbid=${FAKE_CAA_RELEASES.empty}`);
      expect(answer.status, answer.text).toBe(404);
      expect((answer.json as { error: { code: string } }).error.code).toBe('NOT_FOUND');
    });
  });
});
