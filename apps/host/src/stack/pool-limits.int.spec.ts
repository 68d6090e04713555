import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installFixture } from '../../../../tools/fixtures/index.mjs';
import { biography, ndpErrorOf, startStack, waitFor, type Stack } from './stack-harness.js';
import { UpstreamServer } from './upstream-server.js';

// docs/contract.md §6 pool limits on the real host: calls held inside a host function (an HTTP GET the test server answers
// only when told to) occupy their instances, so the pool's in-use limit and acquire timeout are observable.
describe('instance pool limits on the real host', () => {
  let upstream: UpstreamServer;
  let stack: Stack;

  beforeAll(async () => {
    upstream = await UpstreamServer.start();
    stack = await startStack({
      env: {
        NDP_PLUGINS_POOL_MAXINUSE: '2',
        NDP_PLUGINS_POOL_ACQUIRETIMEOUT: '300ms',
        NDP_PLUGINS_CALLTIMEOUT: '10s',
        // Until its inline transform is ready a plugin's instances run on the worker executor, where a plugin holds
        // at most its share of the workers (half by default): let both slow calls hold one.
        NDP_PLUGINS_WORKERS: '2',
        NDP_PLUGINS_WORKERSPERPLUGIN: '2',
      },
      install: (dir) =>
        installFixture('host-services', dir, { httpOrigin: upstream.origin }).then(() => undefined),
    });
    expect(stack.host.composed.manager.status('host-services')?.state).toBe('ready');
  });

  afterAll(async () => {
    await stack?.close();
    await upstream?.close();
  });

  const pool = () => stack.host.composed.manager.status('host-services')?.pool;
  const slow = () => biography(stack, 'host-services', `http-get:${upstream.origin}/slow`);

  it('fails a third call with POOL_TIMEOUT while two slow calls hold both instances, then serves again', async () => {
    const held = [slow(), slow()];
    await waitFor('two slow upstream requests', () => upstream.heldCount === 2);
    expect(pool()).toEqual({ idle: 0, inUse: 2, waiting: 0 });

    const started = Date.now();
    const error = await ndpErrorOf(biography(stack, 'host-services', 'config:anything'));
    expect(error.code).toBe('POOL_TIMEOUT');
    expect(error.message).toMatch(/^timeout waiting for available instance: plugin "host-services" /);
    expect(Date.now() - started).toBeGreaterThanOrEqual(280);
    // The held calls were not disturbed by the refused one.
    expect(upstream.heldCount).toBe(2);

    upstream.releaseSlow();
    const answers = await Promise.all(held);
    for (const answer of answers) {
      expect(answer).toBe('status=200 content-type=text/plain x-fixture=<absent> body=slow done');
    }
    expect(pool()).toEqual({ idle: 2, inUse: 0, waiting: 0 });
    expect(await biography(stack, 'host-services', 'config:anything')).toBe('<absent>');
  });

  it('lets a waiting call through as soon as an instance is returned', async () => {
    const held = [slow(), slow()];
    await waitFor('two slow upstream requests', () => upstream.heldCount === 2);
    const waiting = biography(stack, 'host-services', 'config:anything');
    await waitFor('a caller waiting for an instance', () => pool()?.waiting === 1);
    upstream.releaseSlow();
    expect(await waiting).toBe('<absent>');
    await Promise.all(held);
  });

  it('reuses idle instances instead of creating new ones', async () => {
    expect(pool()).toEqual({ idle: 2, inUse: 0, waiting: 0 });
    // maxIdle is 8: were instances created per call, the idle count would climb past 2.
    for (let i = 0; i < 6; i++) {
      expect(await biography(stack, 'host-services', `cache-set:k${i}=v${i}`)).toBe('stored');
      expect(pool()).toEqual({ idle: 2, inUse: 0, waiting: 0 });
    }
    const pairs = await Promise.all([0, 1].map((i) => biography(stack, 'host-services', `cache-get:k${i}`)));
    expect(pairs).toEqual(['v0', 'v1']);
    expect(pool()).toEqual({ idle: 2, inUse: 0, waiting: 0 });
  });

  it('publishes the pool sizes as gauges', () => {
    const text = stack.host.composed.metrics.render();
    expect(text).toContain('ndp_plugin_pool_idle_instances{plugin="host-services"} 2');
    expect(text).toContain('ndp_plugin_pool_in_use_instances{plugin="host-services"} 0');
    expect(text).toContain(
      'ndp_plugin_call_errors_total{plugin="host-services",method="GetArtistBiography",code="POOL_TIMEOUT"} 1',
    );
  });
});
