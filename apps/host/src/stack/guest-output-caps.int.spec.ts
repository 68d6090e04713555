import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureManifest, installFixture } from '../../../../tools/fixtures/index.mjs';
import { errorResponse } from '../http/http-error.js';
import { biography, ndpErrorOf, startStack, type Stack } from './stack-harness.js';
import { UpstreamServer } from './upstream-server.js';

// The same checks on every engine setup: Node inline, Node on workers, Extism.
const SETUPS = [
  { name: 'node, inline executor', env: { NDP_PLUGINS_ENGINE: 'node', NDP_PLUGINS_EXECUTOR: 'inline' } },
  { name: 'node, worker executor', env: { NDP_PLUGINS_ENGINE: 'node', NDP_PLUGINS_EXECUTOR: 'worker' } },
  { name: 'extism', env: { NDP_PLUGINS_ENGINE: 'extism' } },
] as const;

describe.each(SETUPS)('output caps and Extism http_request on the real host ($name)', ({ env }) => {
  let upstream: UpstreamServer;
  let stack: Stack;
  const run = (command: string, plugin = 'host-services') => biography(stack, plugin, command);

  beforeAll(async () => {
    upstream = await UpstreamServer.start();
    stack = await startStack({
      env: { ...env, NDP_PLUGINS_MAXERRORSIZE: '1000', NDP_PLUGINS_MAXOUTPUTSIZE: '4096' },
      install: async (dir) => {
        await installFixture('host-services', dir, { httpOrigin: upstream.origin });
        // The same module under another id: the origin is allowed, the local network is not.
        const permissions = fixtureManifest('host-services', { httpOrigin: upstream.origin }).permissions;
        const { allowLocalNetwork: _dropped, ...http } = permissions['http']!;
        await installFixture('host-services', dir, {
          folder: 'guarded',
          manifest: { name: 'guarded', permissions: { ...permissions, http } },
        });
      },
    });
    expect(stack.host.composed.manager.status('host-services')?.state).toBe('ready');
  });

  afterAll(async () => {
    await stack?.close();
    await upstream?.close();
  });

  it('Extism http_request is a real HTTP call through the guarded client when http is granted', async () => {
    const report = await run(`extism-http:${upstream.origin}/hello`);
    expect(report).toMatch(/^status=200 headers=\{.*\} body=hello ✓$/);
    expect(report).toContain('"x-fixture":"yes"');
    const seen = upstream.requests.filter((r) => r.path === '/hello');
    expect(seen.at(-1)?.method).toBe('GET');
    expect(seen.at(-1)?.headers['accept']).toBe('text/plain');
  });

  it('Extism http_request is refused in-band by the allow list and the network guard, nothing is sent', async () => {
    const before = upstream.requests.length;
    const otherOrigin = await run('extism-http:http://127.0.0.1:1/hello');
    expect(otherOrigin).toMatch(/^status=0 headers=\{\} body=request blocked by plugin permissions: /);
    expect(otherOrigin).toContain('does not match any allowed URL pattern');
    const guarded = await run(`extism-http:${upstream.origin}/hello`, 'guarded');
    expect(guarded).toMatch(/^status=0 headers=\{\} body=request blocked by plugin permissions: .*loopback/);
    expect(upstream.requests.length).toBe(before);
    // Still served by the same plugin afterwards: a refusal is an answer, not a trap.
    expect(await run('config:none')).toBe('<absent>');
  });

  it('error text over Plugins.MaxErrorSize is truncated and appears once in the HTTP error body', async () => {
    const error = await ndpErrorOf(run('big-error:50000'));
    expect(error.code).toBe('PLUGIN_ERROR');
    expect(error.message).toContain('… [truncated, 50000 bytes]');
    const body = JSON.stringify(errorResponse(error).body);
    expect(body.split('x'.repeat(900)).length - 1).toBe(1);
    expect(body.length).toBeLessThan(2_000);
  });

  it('an answer over Plugins.MaxOutputSize fails with GUEST_OUTPUT_TOO_LARGE; the plugin keeps serving', async () => {
    const error = await ndpErrorOf(run('big-answer:5000'));
    expect(error.code).toBe('GUEST_OUTPUT_TOO_LARGE');
    expect(errorResponse(error).status).toBe(502);
    expect(await run('big-answer:100')).toBe('y'.repeat(100));
  });
});
