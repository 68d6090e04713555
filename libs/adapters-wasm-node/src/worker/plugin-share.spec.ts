import { describe, expect, it } from 'vitest';
import { PluginShare, ShareDeadline } from './plugin-share.js';

const far = () => performance.now() + 60_000;

describe('PluginShare', () => {
  it('grants up to the limit per plugin, other plugins unaffected, and passes a freed grant to the oldest waiter', async () => {
    const share = new PluginShare(1);
    const releaseA = await share.acquire('a', far());
    const order: string[] = [];
    const second = share.acquire('a', far()).then((release) => (order.push('second'), release));
    const third = share.acquire('a', far()).then((release) => (order.push('third'), release));
    // Another plugin is not held up by a's waiters.
    const releaseB = await share.acquire('b', far());
    releaseB();
    await new Promise((resolve) => setImmediate(resolve));
    expect(order).toEqual([]);
    releaseA();
    releaseA(); // idempotent: one release frees one grant
    (await second)();
    (await third)();
    expect(order).toEqual(['second', 'third']);
    // All given back: a new request is granted at once.
    (await share.acquire('a', far()))();
  });

  it('rejects a waiter at its deadline with ShareDeadline saying it never started', async () => {
    const share = new PluginShare(1);
    const release = await share.acquire('a', far());
    const error = await share.acquire('a', performance.now() + 30).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ShareDeadline);
    expect((error as Error).message).toMatch(/never started.*share of the worker pool \(1 worker\)/);
    release();
    (await share.acquire('a', far()))();
  });

  it('refuses a share below one worker', () => {
    expect(() => new PluginShare(0)).toThrow(/at least 1 worker/);
  });
});
