import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installFixture } from '../../../../tools/fixtures/index.mjs';
import { biography, ndpErrorOf, startStack, waitFor, type Stack } from './stack-harness.js';
import { UpstreamServer } from './upstream-server.js';

// One deadline per call on the real host: a call queued behind a busy instance ends at its own call deadline
// (much shorter than the pool's acquire timeout here) as POOL_TIMEOUT, saying how long it waited.
describe('the call deadline on the real host', () => {
  let upstream: UpstreamServer;
  let stack: Stack;

  beforeAll(async () => {
    upstream = await UpstreamServer.start();
    stack = await startStack({
      env: {
        NDP_PLUGINS_POOL_MAXINUSE: '1',
        NDP_PLUGINS_POOL_ACQUIRETIMEOUT: '30s',
        NDP_PLUGINS_CALLTIMEOUT: '400ms',
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

  it('fails a call queued for its whole deadline with POOL_TIMEOUT, not a guest timeout of 1 ms', async () => {
    const held = stack.host.composed.manager.invoke(
      'host-services',
      'MetadataAgent',
      'GetArtistBiography',
      { id: '', name: `http-get:${upstream.origin}/slow`, mbid: '' },
      { timeoutMs: 20_000 },
    );
    await waitFor('the slow upstream request', () => upstream.heldCount === 1);
    const started = Date.now();
    const error = await ndpErrorOf(biography(stack, 'host-services', 'config:anything'));
    const took = Date.now() - started;
    expect(error.code).toBe('POOL_TIMEOUT');
    expect(error.message).toMatch(/^timeout waiting for available instance: plugin "host-services"/);
    expect(error.details).toMatchObject({ phase: 'acquire', deadlineMs: 400 });
    expect(took).toBeGreaterThanOrEqual(380);
    expect(took).toBeLessThan(10_000); // ended by the call deadline, far before the pool's 30 s
    upstream.releaseSlow();
    await held;
    expect(await biography(stack, 'host-services', 'config:anything')).toBe('<absent>');
  });
});
