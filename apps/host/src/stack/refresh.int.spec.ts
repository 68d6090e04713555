import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureManifest, installFixture } from '../../../../tools/fixtures/index.mjs';
import { biography, httpCall, startStack, type Stack } from './stack-harness.js';

// docs/contract.md §6 and §7 (`refresh` takes effect in a running host): a refresh through the admin API swaps versions
// atomically while calls run, loses none of them, and runs OnInit again.
describe('refresh on the real host', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({
      install: async (dir) => {
        await installFixture('agent', dir);
        await installFixture('lifecycle', dir);
      },
    });
    expect(stack.host.composed.manager.status('agent')?.state).toBe('ready');
    expect(stack.host.composed.manager.status('lifecycle')?.state).toBe('ready');
  });

  afterAll(async () => {
    await stack?.close();
  });

  const refresh = (id: string, token: string | undefined = stack.adminToken) =>
    httpCall(`${stack.host.url}/api/plugins/${id}/refresh`, {
      method: 'POST',
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });
  const onInitCalls = (): number => {
    const line = stack.host.composed.metrics
      .render()
      .split('\n')
      .find((l) => l.startsWith('ndp_plugin_calls_total{plugin="lifecycle",method="OnInit"}'));
    return line ? Number(line.split(' ').pop()) : 0;
  };

  it('refuses a refresh without the admin token', async () => {
    const answer = await refresh('agent', 'wrong-token');
    expect(answer.status).toBe(401);
    expect(stack.host.composed.manager.status('agent')?.version).toBe('1.0.0');
  });

  it('loses no call when the plugin is refreshed to a new version while calls run', async () => {
    const calls: { name: string; answer: Promise<string> }[] = [];
    const launch = () => {
      const name = `Artist ${calls.length}`;
      calls.push({ name, answer: biography(stack, 'agent', name) });
    };
    for (let i = 0; i < 25; i++) launch();
    await installFixture('agent', stack.pluginsDir, { manifest: { version: '2.0.0' } });
    let refreshed = false;
    const answer = refresh('agent').finally(() => (refreshed = true));
    // Keep calls arriving while the new version loads and is swapped in (bounded either way).
    for (let i = 0; i < 200 && !refreshed && calls.length < 45; i++) {
      launch();
      await new Promise((r) => setTimeout(r, 2));
    }
    const status = await answer;
    while (calls.length < 50) launch();

    expect(status.status).toBe(200);
    expect(status.json).toMatchObject({ id: 'agent', state: 'ready', version: '2.0.0', error: null });
    const results = await Promise.allSettled(calls.map((c) => c.answer));
    const failures = results.filter((r) => r.status === 'rejected');
    expect(failures).toEqual([]);
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : undefined))).toEqual(
      calls.map((c) => `Biography of ${c.name}`),
    );
    expect(stack.host.composed.manager.status('agent')).toMatchObject({ state: 'ready', version: '2.0.0' });
    const listed = await httpCall(`${stack.host.url}/api/plugins/agent`);
    expect(listed.json).toMatchObject({ version: '2.0.0', state: 'ready' });
    expect(
      stack.logger
        .exactly('plugin ready')
        .some((l) => l.fields['plugin'] === 'agent' && l.fields['version'] === '2.0.0'),
    ).toBe(true);
  });

  it('runs OnInit again when a LifecycleManagement plugin is refreshed', async () => {
    expect(onInitCalls()).toBe(1);
    const same = await refresh('lifecycle');
    expect(same.json).toMatchObject({ id: 'lifecycle', state: 'ready', version: '1.0.0' });
    expect(onInitCalls()).toBe(2);

    await installFixture('lifecycle', stack.pluginsDir, {
      manifest: { ...fixtureManifest('lifecycle'), version: '1.1.0' },
    });
    const bumped = await refresh('lifecycle');
    expect(bumped.json).toMatchObject({ state: 'ready', version: '1.1.0' });
    expect(onInitCalls()).toBe(3);
    expect(await biography(stack, 'lifecycle', 'anyone')).toBe('initialized');
    // OnInit does not run per call: only loads and refreshes run it.
    expect(onInitCalls()).toBe(3);
  });

  it('drops a plugin whose folder is gone on refresh', async () => {
    await rm(join(stack.pluginsDir, 'lifecycle'), { recursive: true });
    const answer = await refresh('lifecycle');
    expect(answer.json).toEqual({ outcome: 'removed', id: 'lifecycle', state: 'removed' });
    expect(stack.host.composed.manager.status('lifecycle')).toBeUndefined();
    // Nothing is left to refresh: the id is unknown now, and that is said, not dressed up as "removed".
    const again = await refresh('lifecycle');
    expect(again.status).toBe(404);
    expect((again.json as { error: { code: string } }).error.code).toBe('PLUGIN_NOT_FOUND');
    expect(await biography(stack, 'agent', 'still here')).toBe('Biography of still here');
  });
});
