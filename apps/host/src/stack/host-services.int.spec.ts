import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureManifest, installFixture } from '../../../../tools/fixtures/index.mjs';
import { biography, startStack, type Stack } from './stack-harness.js';
import { UpstreamServer } from './upstream-server.js';

const SHARE_URL = 'https://share.music.test';

// docs/contract.md §5 through the real gateway and the local adapters (no doubles): each command of the `host-services`
// fixture runs one host service inside a real guest call and answers what the guest saw.
describe('host services on the real host', () => {
  let upstream: UpstreamServer;
  let stack: Stack;
  const run = (command: string, plugin = 'host-services') => biography(stack, plugin, command);

  beforeAll(async () => {
    upstream = await UpstreamServer.start();
    stack = await startStack({
      toml: [
        `ShareURL = "${SHARE_URL}"`,
        '[PluginConfig.host-services]',
        'greeting = "grüß dich"',
        'Mixed_Case = "kept"',
        '',
      ].join('\n'),
      install: async (dir) => {
        await installFixture('host-services', dir, { httpOrigin: upstream.origin });
        // The same module under another id whose manifest allows the test origin but not the local network.
        const permissions = fixtureManifest('host-services', { httpOrigin: upstream.origin }).permissions;
        const { allowLocalNetwork: _dropped, ...http } = permissions['http']!;
        await installFixture('host-services', dir, {
          folder: 'guarded',
          manifest: { name: 'guarded', permissions: { ...permissions, http } },
        });
      },
    });
    expect(stack.host.composed.manager.status('host-services')?.state).toBe('ready');
    expect(stack.host.composed.manager.status('guarded')?.state).toBe('ready');
  });

  afterAll(async () => {
    await stack?.close();
    await upstream?.close();
  });

  it("ConfigService answers the plugin's own PluginConfig (keys lower-cased), and nothing of other plugins", async () => {
    expect(await run('config:greeting')).toBe('grüß dich');
    expect(await run('config:mixed_case')).toBe('kept');
    expect(await run('config:missing')).toBe('<absent>');
    expect(await run('config:greeting', 'guarded')).toBe('<absent>');
  });

  it('CacheService round-trips every type exactly (int64 included) in a per-plugin namespace', async () => {
    expect(await run('cache-roundtrip:k')).toBe(
      'set=true,true,true,true string=välue int=4611686018427387904 float=3.25 bytes=010203ff ' +
        'wrongType=<absent> has=true removed=true hasAfter=false',
    );
    expect(await run('cache-set:shared=from host-services')).toBe('stored');
    expect(await run('cache-get:shared')).toBe('from host-services');
    expect(await run('cache-get:shared', 'guarded')).toBe('<absent>');
    expect(await run('cache-set:shared=from guarded', 'guarded')).toBe('stored');
    expect(await run('cache-get:shared')).toBe('from host-services');
  });

  it('HttpService GETs and POSTs against an allowed local origin, with lower-case response headers', async () => {
    expect(await run(`http-get:${upstream.origin}/hello`)).toBe(
      'status=200 content-type=text/plain x-fixture=yes body=hello ✓',
    );
    expect(await run(`http-post:${upstream.origin}/echo`)).toBe('status=201 body=posted by host-services ✓');
    const post = upstream.requests.find((r) => r.method === 'POST' && r.path === '/echo');
    expect(post?.body).toBe('posted by host-services ✓');
    expect(post?.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(await run(`http-get:${upstream.origin}/missing`)).toBe(
      'status=404 content-type=<absent> x-fixture=<absent> body=not here',
    );
  });

  it('HttpService refuses URLs outside the permissions in-band, without sending anything', async () => {
    const before = upstream.requests.length;
    // Another port of the same host is another origin (docs/contract.md §2).
    const otherPort = await run('http-get:http://127.0.0.1:1/hello');
    expect(otherPort).toMatch(/^status=0 error=request blocked by plugin permissions: .+/);
    expect(otherPort).toContain('http://127.0.0.1:1/hello does not match any allowed URL pattern');
    // Allowed by pattern, but the network guard refuses loopback without allowLocalNetwork.
    const guarded = await run(`http-get:${upstream.origin}/hello`, 'guarded');
    expect(guarded).toMatch(/^status=0 error=request blocked by plugin permissions: .+/);
    expect(guarded).toContain('loopback');
    expect(upstream.requests.length).toBe(before);
  });

  it('ArtworkService answers ShareURL-based URLs carrying an HS256 token signed with the host secret', async () => {
    const report = await run('artwork:42');
    const urls = Object.fromEntries(report.split(' ').map((part) => part.split(/=(.*)/s).slice(0, 2)));
    const expected = { track: 'mf-42_0', album: 'al-42_0', artist: 'ar-42_0' } as const;
    for (const [kind, artworkId] of Object.entries(expected)) {
      const url = new URL(urls[kind] as string);
      expect(`${url.origin}`).toBe(SHARE_URL);
      expect(url.searchParams.get('size')).toBe('300');
      const match = /^\/share\/img\/([\w-]+)\.([\w-]+)\.([\w-]+)$/.exec(url.pathname);
      expect(match, url.pathname).not.toBeNull();
      const [, header, payload, signature] = match!;
      expect(JSON.parse(Buffer.from(header!, 'base64url').toString())).toEqual({ alg: 'HS256', typ: 'JWT' });
      expect(JSON.parse(Buffer.from(payload!, 'base64url').toString())).toEqual({ iss: 'ND', id: artworkId });
      const expectedSignature = createHmac('sha256', stack.secret)
        .update(`${header}.${payload}`)
        .digest('base64url');
      expect(signature).toBe(expectedSignature);
    }
  });

  it('SchedulerService.TimeNow answers the host clock as RFC 3339 (the Go nano layout), unix ms and the zone', async () => {
    const before = Date.now();
    const report = await run('time');
    const after = Date.now();
    const match = /^rfc3339=(\S+) unixMilli=(\d+) zone=(\S+)$/.exec(report);
    expect(match, report).not.toBeNull();
    const [, rfc3339, unixMilli, zone] = match!;
    const ms = Number(unixMilli);
    expect(ms).toBeGreaterThanOrEqual(before);
    expect(ms).toBeLessThanOrEqual(after);
    // Go's RFC3339Nano: the fraction loses its trailing zeros (none at all on a whole second).
    expect(rfc3339).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{0,8}[1-9])?(Z|[+-]\d\d:\d\d)$/);
    expect(Date.parse(rfc3339!)).toBe(ms);
    expect(zone).toBe(Intl.DateTimeFormat().resolvedOptions().timeZone);
  });

  it('SchedulerService schedules and cancels a one-time job, in-band errors for unknown ids', async () => {
    expect(await run('schedule-once:nightly')).toBe('scheduled=nightly');
    expect(await run('schedule-cancel:nightly')).toBe('cancelled');
    expect(await run('schedule-cancel:nightly')).toMatch(/^error=.+/);
  });
});
