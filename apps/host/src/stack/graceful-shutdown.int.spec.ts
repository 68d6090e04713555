import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installFixture } from '../../../../tools/fixtures/index.mjs';
import { httpCall, ndpErrorOf, startStack, waitFor, biography, type Stack } from './stack-harness.js';
import { UpstreamServer } from './upstream-server.js';

/** Resolves with the socket error code of a fresh TCP connection attempt, or 'connected'. */
function tryConnect(port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message));
  });
}

// What SIGTERM does in main.ts, minus the process: RunningHost.close() lets in-flight requests finish and answer,
// refuses new connections from the moment it is called, and only then closes the plugins and the engine.
describe('graceful shutdown of the real host', () => {
  let upstream: UpstreamServer;
  let stack: Stack;

  beforeAll(async () => {
    upstream = await UpstreamServer.start();
    stack = await startStack({
      env: { NDP_AGENTS: 'host-services' },
      install: (dir) =>
        installFixture('host-services', dir, { httpOrigin: upstream.origin }).then(() => undefined),
    });
    expect(stack.host.composed.manager.status('host-services')?.state).toBe('ready');
  });

  afterAll(async () => {
    await stack?.close();
    await upstream?.close();
  });

  it('finishes an in-flight slow call with its answer and refuses new connections', async () => {
    const { port, url } = stack.host;
    expect(await tryConnect(port)).toBe('connected');
    const command = encodeURIComponent(`http-get:${upstream.origin}/slow`);
    const inFlight = httpCall(`${url}/api/agents/artists/biography?name=${command}`);
    await waitFor('the slow upstream request', () => upstream.heldCount === 1);

    let closed = false;
    const closing = stack.host.close().then(() => (closed = true));
    expect(await tryConnect(port)).toBe('ECONNREFUSED');
    // Shutdown waits for the held call: give it a moment to (wrongly) finish early.
    await new Promise((r) => setTimeout(r, 100));
    expect(closed).toBe(false);
    expect(upstream.heldCount).toBe(1);

    upstream.releaseSlow();
    const answer = await inFlight;
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({
      biography: 'status=200 content-type=text/plain x-fixture=<absent> body=slow done',
    });
    await closing;
    expect(closed).toBe(true);
    expect(await tryConnect(port)).toBe('ECONNREFUSED');
    expect(stack.logger.exactly('host stopped')).toHaveLength(1);
    // The plugins are closed with the host: nothing serves calls any more.
    const after = await ndpErrorOf(biography(stack, 'host-services', 'config:x'));
    expect(['PLUGIN_NOT_FOUND', 'ENGINE_CLOSED', 'POOL_CLOSED']).toContain(after.code);
  });
});
