// The host as a process, seen by an operator: the plugin list with states and failure messages, a refresh that
// swaps a changed plugin in without a restart (and is refused without the admin token), Prometheus metrics,
// /health and the JSON answer of an unknown route.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildExamples } from '../../../../tools/build-examples.mjs';
import { installFixture } from '../../../../tools/fixtures/index.mjs';
import { ensureHostBuilt } from './host-build.js';
import { HostProcess } from './host-process.js';
import { HostWorkspace, E2E_ENGINES } from './host-workspace.js';
import { prometheusSample } from './prometheus-sample.js';

const ADMIN_TOKEN = 'e2e-admin-token-7f3a';
const NOTES_BIO = 'Nina Simone was an American singer, songwriter, pianist and civil rights activist.';

describe.each(E2E_ENGINES)('on the %s engine', (engine) => {
  let workspace: HostWorkspace | undefined;
  let host: HostProcess | undefined;

  interface PluginView {
    id: string;
    state: string;
    version: string | null;
    capabilities: string[];
    error: { code: string; message: string } | null;
    moduleHash: string | null;
  }

  interface ErrorBody {
    error: { code: string; message: string };
  }

  beforeAll(async () => {
    await ensureHostBuilt();
    workspace = await HostWorkspace.create('admin');
    await buildExamples({ outDir: workspace.pluginsDir, only: ['notes'] });
    await installFixture('agent', workspace.pluginsDir);
    await installFixture('lifecycle', workspace.pluginsDir);
    await workspace.writeConfig({
      engine,
      agents: ['notes', 'agent'],
      adminToken: ADMIN_TOKEN,
      pluginConfig: { notes: { 'bio.nina simone': NOTES_BIO }, lifecycle: { fail: 'true' } },
    });
    host = await HostProcess.start({ configFile: workspace.configFile });
    await host.waitForPlugins(3);
  });

  afterAll(async () => {
    await host?.stop();
    await workspace?.remove();
  });

  async function metricsText(): Promise<string> {
    const answer = await host!.request('GET', '/metrics');
    expect(answer.status).toBe(200);
    expect(answer.contentType).toMatch(/^text\/plain; version=0\.0\.4/);
    return answer.text;
  }

  describe('GET /api/plugins', () => {
    it('lists every plugin with its state, and the one whose OnInit failed as failed with its message', async () => {
      const answer = await host!.request('GET', '/api/plugins');
      expect(answer.status).toBe(200);
      const plugins = (answer.json as { plugins: PluginView[] }).plugins;
      expect(
        plugins.map((p) => [p.id, p.state, p.version]),
        host!.output(),
      ).toEqual([
        ['agent', 'ready', '1.0.0'],
        ['lifecycle', 'failed', '1.0.0'],
        ['notes', 'ready', '1.0.0'],
      ]);
      const byId = new Map(plugins.map((p) => [p.id, p]));
      expect(byId.get('agent')!.capabilities).toEqual(['MetadataAgent']);
      expect(byId.get('agent')!.error).toBeNull();
      expect(byId.get('lifecycle')!.error?.message).toContain('init refused: fail flag set');
      expect(byId.get('lifecycle')!.error?.code).toBe('PLUGIN_ERROR');
    });

    it('shows one plugin by id, and answers 404 PLUGIN_NOT_FOUND for an unknown id', async () => {
      const one = await host!.request('GET', '/api/plugins/lifecycle');
      expect(one.status).toBe(200);
      expect(one.json).toMatchObject({ id: 'lifecycle', state: 'failed' });
      const unknown = await host!.request('GET', '/api/plugins/nope');
      expect(unknown.status).toBe(404);
      expect((unknown.json as ErrorBody).error.code).toBe('PLUGIN_NOT_FOUND');
    });
  });

  describe('GET /health and unknown routes', () => {
    it('answers /health with the plugin counts per state', async () => {
      const answer = await host!.request('GET', '/health');
      expect(answer.status).toBe(200);
      expect(answer.json).toMatchObject({
        status: 'ok',
        plugins: { loading: 0, ready: 2, failed: 1, disabled: 0 },
      });
      expect((answer.json as { uptimeSeconds: unknown }).uptimeSeconds).toEqual(expect.any(Number));
    });

    it('answers 404 JSON with code ROUTE_NOT_FOUND for an unknown route, 405 for a wrong method', async () => {
      const unknown = await host!.request('GET', '/api/no/such/route');
      expect(unknown.status).toBe(404);
      expect(unknown.contentType).toMatch(/^application\/json/);
      expect((unknown.json as ErrorBody).error.code).toBe('ROUTE_NOT_FOUND');
      const wrongMethod = await host!.request('GET', '/api/scrobbler/scrobble');
      expect(wrongMethod.status).toBe(405);
      expect((wrongMethod.json as ErrorBody).error.code).toBe('METHOD_NOT_ALLOWED');
    });
  });

  describe('GET /metrics', () => {
    it('counts the calls made per plugin and method, the errors by code, and their latency histogram', async () => {
      const calls = (plugin: string, text: string) =>
        prometheusSample(text, 'ndp_plugin_calls_total', { plugin, method: 'GetArtistBiography' }) ?? 0;
      const notFound = (text: string) =>
        prometheusSample(text, 'ndp_plugin_call_errors_total', {
          plugin: 'notes',
          method: 'GetArtistBiography',
          code: 'NOT_FOUND',
        }) ?? 0;
      const latencyCount = (text: string) =>
        prometheusSample(text, 'ndp_plugin_call_duration_seconds_count', {
          plugin: 'notes',
          method: 'GetArtistBiography',
        }) ?? 0;
      const before = await metricsText();

      // Three answered by notes; two that notes does not know, which fall through to the agent fixture.
      for (let i = 0; i < 3; i++) {
        expect((await host!.request('GET', '/api/agents/artists/biography?name=Nina%20Simone')).json).toEqual(
          {
            biography: NOTES_BIO,
          },
        );
      }
      for (const name of ['Unknown One', 'Unknown Two']) {
        const answer = await host!.request(
          'GET',
          `/api/agents/artists/biography?name=${encodeURIComponent(name)}`,
        );
        expect(answer.json).toEqual({ biography: `Biography of ${name}` });
      }

      const after = await metricsText();
      expect(calls('notes', after) - calls('notes', before)).toBe(5);
      expect(calls('agent', after) - calls('agent', before)).toBe(2);
      expect(notFound(after) - notFound(before)).toBe(2);
      expect(latencyCount(after) - latencyCount(before)).toBe(5);
      expect(after).toContain('# TYPE ndp_plugin_call_duration_seconds histogram');
      const inf = prometheusSample(after, 'ndp_plugin_call_duration_seconds_bucket', {
        plugin: 'notes',
        method: 'GetArtistBiography',
        le: '+Inf',
      });
      expect(inf).toBe(latencyCount(after));
      expect(
        prometheusSample(after, 'ndp_plugin_call_duration_seconds_sum', {
          plugin: 'notes',
          method: 'GetArtistBiography',
        }),
      ).toBeGreaterThan(0);
    });
  });

  describe('POST /api/plugins/:id/refresh', () => {
    it('is refused with 401 and a JSON error code without the admin token, and changes nothing', async () => {
      const none = await host!.request('POST', '/api/plugins/agent/refresh');
      expect(none.status).toBe(401);
      expect((none.json as ErrorBody).error.code).toBe('UNAUTHORIZED');
      const wrong = await host!.request('POST', '/api/plugins/agent/refresh', {
        headers: { authorization: 'Bearer not-the-token' },
      });
      expect(wrong.status).toBe(401);
      expect((wrong.json as ErrorBody).error.code).toBe('UNAUTHORIZED');
      expect((await host!.request('GET', '/api/plugins/agent')).json).toMatchObject({
        state: 'ready',
        version: '1.0.0',
      });
    });

    it('swaps in a plugin changed on disk without a restart: new version, new behaviour', async () => {
      const mbid = () => host!.request('GET', `/api/agents/artists/mbid?name=${encodeURIComponent('Björk')}`);
      const first = await mbid();
      expect(first.status, first.text).toBe(200);
      expect(first.json).toEqual({ mbid: 'mbid-Björk' });
      const old = (await host!.request('GET', '/api/plugins/agent')).json as PluginView;

      // Same plugin id, another module (every method answers plugin:not_found) and a new version.
      await installFixture('agent-declines', workspace!.pluginsDir, {
        folder: 'agent',
        manifest: { name: 'agent', version: '2.0.0' },
      });
      const refreshed = await host!.request('POST', '/api/plugins/agent/refresh', {
        headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      });
      expect(refreshed.status, refreshed.text).toBe(200);
      const view = refreshed.json as PluginView;
      expect(view).toMatchObject({ id: 'agent', state: 'ready', version: '2.0.0' });
      expect(view.moduleHash).not.toBe(old.moduleHash);

      const after = await mbid();
      expect(after.status, after.text).toBe(404);
      expect((after.json as ErrorBody).error.code).toBe('NOT_FOUND');
      expect((after.json as ErrorBody).error.message).toContain('agent: not found');
    });
  });
});
