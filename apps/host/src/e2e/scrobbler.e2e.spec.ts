// The host as a process sending now-playing notifications and scrobbles through the listenbrainz example to a
// fake ListenBrainz on 127.0.0.1 (its installed manifest is granted the fake's origin).
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildExamples } from '../../../../tools/build-examples.mjs';
import { startFakeListenBrainz, type FakeUpstream } from '../../../../tools/fake-upstreams/index.mjs';
import { ensureHostBuilt } from './host-build.js';
import { HostProcess } from './host-process.js';
import { HostWorkspace, E2E_ENGINES } from './host-workspace.js';
import { grantLocalOrigins } from './local-origin-grant.js';

const track = {
  name: 'Jóga',
  album: 'Homogenic',
  artists: [{ name: 'Björk', mbid: '87c5dedd-371d-4a53-9f7f-80522fb7f3cb' }],
  length: 305,
};

describe.each(E2E_ENGINES)('on the %s engine', (engine) => {
  let workspace: HostWorkspace | undefined;
  let listenbrainz: FakeUpstream | undefined;
  let host: HostProcess | undefined;

  beforeAll(async () => {
    await ensureHostBuilt();
    workspace = await HostWorkspace.create('scrobbler');
    listenbrainz = await startFakeListenBrainz({ tokens: ['token-alice'] });
    await buildExamples({ outDir: workspace.pluginsDir, only: ['listenbrainz'] });
    await grantLocalOrigins(join(workspace.pluginsDir, 'listenbrainz'), [listenbrainz.url], ['POST']);
    await workspace.writeConfig({
      engine,
      pluginConfig: { listenbrainz: { users: 'alice:token-alice', api_url: listenbrainz.url } },
    });
    host = await HostProcess.start({ configFile: workspace.configFile });
    const plugins = await host.waitForPlugins(1);
    expect(
      plugins.map((p) => [p['id'], p['state']]),
      host.output(),
    ).toEqual([['listenbrainz', 'ready']]);
  });

  afterAll(async () => {
    await host?.stop();
    await listenbrainz?.close();
    await workspace?.remove();
  });

  describe('POST /api/scrobbler/*', () => {
    it('sends a now-playing for an authorized user as playing_now with "Authorization: Token <token>"', async () => {
      listenbrainz!.requests.length = 0;
      const answer = await host!.request('POST', '/api/scrobbler/now-playing', {
        body: { userId: 'u-alice', username: 'alice', track, timestamp: 1_700_000_000 },
      });
      expect(answer.status, answer.text).toBe(200);
      expect(answer.json).toEqual({ outcomes: [{ plugin: 'listenbrainz', status: 'sent' }] });
      expect(listenbrainz!.requests).toHaveLength(1);
      const [sent] = listenbrainz!.requests;
      expect(sent!.method).toBe('POST');
      expect(sent!.path).toBe('/1/submit-listens');
      expect(sent!.headers.authorization).toBe('Token token-alice');
      expect(sent!.json).toEqual({
        listen_type: 'playing_now',
        payload: [
          {
            track_metadata: {
              artist_name: 'Björk',
              track_name: 'Jóga',
              release_name: 'Homogenic',
              additional_info: {
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

    it('skips a user without a token: the outcome says skipped and ListenBrainz sees nothing', async () => {
      listenbrainz!.requests.length = 0;
      const answer = await host!.request('POST', '/api/scrobbler/now-playing', {
        body: { userId: 'u-carol', username: 'carol', track },
      });
      expect(answer.status, answer.text).toBe(200);
      expect(answer.json).toEqual({
        outcomes: [{ plugin: 'listenbrainz', status: 'skipped', reason: 'user not authorized' }],
      });
      expect(listenbrainz!.requests).toEqual([]);
    });

    it('sends a scrobble as a single listen with listened_at = the request timestamp', async () => {
      listenbrainz!.requests.length = 0;
      const answer = await host!.request('POST', '/api/scrobbler/scrobble', {
        body: { username: 'alice', track, timestamp: '1712345678' },
      });
      expect(answer.status, answer.text).toBe(200);
      expect(answer.json).toEqual({ outcomes: [{ plugin: 'listenbrainz', status: 'sent' }] });
      expect(listenbrainz!.requests).toHaveLength(1);
      const sent = listenbrainz!.requests[0]!;
      expect(sent.headers.authorization).toBe('Token token-alice');
      const body = sent.json as { listen_type: string; payload: Array<Record<string, unknown>> };
      expect(body.listen_type).toBe('single');
      expect(body.payload).toHaveLength(1);
      expect(body.payload[0]!['listened_at']).toBe(1_712_345_678);
      expect(body.payload[0]!['track_metadata']).toMatchObject({ artist_name: 'Björk', track_name: 'Jóga' });
    });

    it('answers 400 BAD_REQUEST for a body without a track name, and sends nothing', async () => {
      listenbrainz!.requests.length = 0;
      const answer = await host!.request('POST', '/api/scrobbler/scrobble', {
        body: { username: 'alice', track: {} },
      });
      expect(answer.status, answer.text).toBe(400);
      expect((answer.json as { error: { code: string } }).error.code).toBe('BAD_REQUEST');
      expect(listenbrainz!.requests).toEqual([]);
    });
  });
});
