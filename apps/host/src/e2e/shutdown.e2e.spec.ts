// SIGTERM while a plugin call is in flight: the call completes, then the host stops cleanly. The wikimedia
// example's Wikidata lookup goes through a proxy that holds each request for a while before forwarding it to the
// fake upstream, so the call is certainly still running when the signal arrives.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildExamples } from '../../../../tools/build-examples.mjs';
import {
  FAKE_WIKIMEDIA_ARTISTS,
  startFakeWikimedia,
  type FakeUpstream,
} from '../../../../tools/fake-upstreams/index.mjs';
import { startDelayingProxy, type DelayingProxy } from './delaying-proxy.js';
import { ensureHostBuilt } from './host-build.js';
import { HostProcess } from './host-process.js';
import { HostWorkspace, E2E_ENGINES } from './host-workspace.js';
import { grantLocalOrigins } from './local-origin-grant.js';

const UPSTREAM_DELAY_MS = 1_500;

describe.each(E2E_ENGINES)('on the %s engine', (engine) => {
  let workspace: HostWorkspace | undefined;
  let wikimedia: FakeUpstream | undefined;
  let proxy: DelayingProxy | undefined;
  let host: HostProcess | undefined;

  beforeAll(async () => {
    await ensureHostBuilt();
    workspace = await HostWorkspace.create('shutdown');
    wikimedia = await startFakeWikimedia();
    proxy = await startDelayingProxy(wikimedia.url, UPSTREAM_DELAY_MS);
    await buildExamples({ outDir: workspace.pluginsDir, only: ['wikimedia'] });
    await grantLocalOrigins(join(workspace.pluginsDir, 'wikimedia'), [proxy.url, wikimedia.url], ['GET']);
    await workspace.writeConfig({
      engine,
      agents: ['wikimedia'],
      pluginConfig: { wikimedia: { wikidata_url: proxy.url, wikipedia_url: wikimedia.url } },
    });
    host = await HostProcess.start({ configFile: workspace.configFile });
    await host.waitForPlugins(1);
  });

  afterAll(async () => {
    await host?.stop();
    await proxy?.close();
    await wikimedia?.close();
    await workspace?.remove();
  });

  describe('SIGTERM', () => {
    it('lets the in-flight call finish with 200, then exits with code 0 and logs "host stopped"', async () => {
      const inFlight = host!.request(
        'GET',
        `/api/agents/artists/biography?name=${encodeURIComponent('Björk')}`,
      );
      // Bounded by the test timeout; the proxy now holds the plugin's upstream request for UPSTREAM_DELAY_MS.
      await proxy!.firstRequest;
      host!.signal('SIGTERM');

      const answer = await inFlight;
      expect(answer.status, `${answer.text}\n${host!.output()}`).toBe(200);
      expect(answer.json).toEqual({ biography: FAKE_WIKIMEDIA_ARTISTS[0]!.extract });
      // Both upstream hops ran, the delayed one included.
      expect(wikimedia!.requests.map((r) => r.path)).toEqual([
        '/sparql',
        '/api/rest_v1/page/summary/Bj%C3%B6rk',
      ]);

      const exit = await host!.exitWithin(5_000);
      expect(exit, host!.output()).toEqual({ code: 0, signal: null });
      const messages = host!.logs.map((l) => l.msg);
      expect(host!.logs.find((l) => l.msg === 'shutting down')).toMatchObject({ signal: 'SIGTERM' });
      expect(messages).toContain('host stopped');
      // The call was still in flight at the signal (its access-log line follows "shutting down") and finished
      // before the services closed (the line precedes "host stopped").
      const served = host!.logs.findIndex(
        (l) => l.msg === 'request' && l['path'] === '/api/agents/artists/biography' && l['status'] === 200,
      );
      expect(served).toBeGreaterThanOrEqual(0);
      expect(served).toBeLessThan(messages.indexOf('host stopped'));
      expect(messages.indexOf('shutting down')).toBeLessThan(served);
    });
  });
});
