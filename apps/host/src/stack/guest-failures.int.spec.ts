import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installFixture } from '../../../../tools/fixtures/index.mjs';
import { biography, ndpErrorOf, startStack, waitFor, type Stack } from './stack-harness.js';

const CALL_TIMEOUT_MS = 500;

// docs/contract.md §4 and §6: a guest that loops, eats memory or traps fails that one call with a typed error, its instance is
// discarded, and the host keeps serving every other plugin (and the same plugin) on real worker threads.
describe('hostile guests on the real host', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({
      env: { NDP_PLUGINS_CALLTIMEOUT: `${CALL_TIMEOUT_MS}ms`, NDP_PLUGINS_MEMORYLIMIT: '16MiB' },
      install: async (dir) => {
        for (const name of ['agent', 'loop-forever', 'grow-memory', 'trap'] as const)
          await installFixture(name, dir);
      },
    });
    for (const id of ['agent', 'loop-forever', 'grow-memory', 'trap']) {
      expect(stack.host.composed.manager.status(id)?.state, id).toBe('ready');
    }
  });

  afterAll(async () => {
    await stack?.close();
  });

  const pool = (id: string) => stack.host.composed.manager.status(id)?.pool;

  it('fails a call that loops forever with GUEST_TIMEOUT at its deadline while 100 other calls succeed', async () => {
    const started = Date.now();
    const looping = ndpErrorOf(biography(stack, 'loop-forever', 'spin')).then((error) => ({
      error,
      elapsed: Date.now() - started,
    }));
    // The agent calls start while the guest spins, some of them on the worker it is blocking.
    await waitFor('the looping call to hold its instance', () => pool('loop-forever')?.inUse === 1);
    const names = Array.from({ length: 100 }, (_, i) => `Artist ${i}`);
    const answers = await Promise.all(names.map((name) => biography(stack, 'agent', name)));
    expect(answers).toEqual(names.map((name) => `Biography of ${name}`));
    const { error, elapsed } = await looping;
    expect(error.code).toBe('GUEST_TIMEOUT');
    expect(error.message).toContain('loop-forever');
    // Not before its deadline, and not long after it (a generous bound for a loaded 2-core machine).
    expect(elapsed).toBeGreaterThanOrEqual(CALL_TIMEOUT_MS - 20);
    expect(elapsed).toBeLessThan(CALL_TIMEOUT_MS + 4_000);
    expect(pool('loop-forever')).toMatchObject({ inUse: 0, idle: 0 });
  });

  it('keeps serving the looping plugin afterwards: the next call gets a fresh instance and times out the same way', async () => {
    const error = await ndpErrorOf(biography(stack, 'loop-forever', 'spin again'));
    expect(error.code).toBe('GUEST_TIMEOUT');
    expect(stack.host.composed.manager.status('loop-forever')?.state).toBe('ready');
    expect(pool('loop-forever')).toMatchObject({ inUse: 0, idle: 0 });
    expect(await biography(stack, 'agent', 'after the loop')).toBe('Biography of after the loop');
  });

  it('fails a memory bomb with GUEST_MEMORY_LIMIT and keeps the host RSS bounded', async () => {
    const before = process.memoryUsage().rss;
    for (let i = 0; i < 5; i++) {
      const error = await ndpErrorOf(biography(stack, 'grow-memory', `bomb ${i}`));
      expect(error.code).toBe('GUEST_MEMORY_LIMIT');
      expect(error.message).toContain('grow-memory');
      expect(pool('grow-memory')).toMatchObject({ inUse: 0, idle: 0 });
    }
    const grown = process.memoryUsage().rss - before;
    expect(grown).toBeLessThan(200 * 1024 * 1024);
    expect(await biography(stack, 'agent', 'after the bombs')).toBe('Biography of after the bombs');
  });

  it('fails a trap with GUEST_TRAP, discards the instance and serves the next call on a fresh one', async () => {
    const first = await ndpErrorOf(biography(stack, 'trap', 'boom'));
    expect(first.code).toBe('GUEST_TRAP');
    expect(first.message).toContain('trap');
    expect(pool('trap')).toEqual({ idle: 0, inUse: 0, waiting: 0 });
    // A healthy plugin's instance goes back to the pool; a trapped one never does.
    await biography(stack, 'agent', 'warm');
    expect(pool('agent')?.idle).toBeGreaterThan(0);
    const second = await ndpErrorOf(biography(stack, 'trap', 'boom again'));
    expect(second.code).toBe('GUEST_TRAP');
    expect(pool('trap')).toEqual({ idle: 0, inUse: 0, waiting: 0 });
  });

  it('counts the failures per plugin, method and code in /metrics', () => {
    const text = stack.host.composed.metrics.render();
    expect(text).toContain(
      'ndp_plugin_call_errors_total{plugin="loop-forever",method="GetArtistBiography",code="GUEST_TIMEOUT"} 2',
    );
    expect(text).toContain(
      'ndp_plugin_call_errors_total{plugin="grow-memory",method="GetArtistBiography",code="GUEST_MEMORY_LIMIT"} 5',
    );
    expect(text).toContain(
      'ndp_plugin_call_errors_total{plugin="trap",method="GetArtistBiography",code="GUEST_TRAP"} 2',
    );
  });
});
