import { FakeInstance } from '@ndp/ports/testing';
import { NdpError } from '@ndp/domain';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { InstancePool } from './instance-pool.js';

function makePool(options: ConstructorParameters<typeof InstancePool>[1] = {}) {
  const created: FakeInstance[] = [];
  const pool = new InstancePool(async () => {
    const instance = new FakeInstance();
    created.push(instance);
    return instance;
  }, options);
  return { pool, created };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('InstancePool', () => {
  it('reuses a returned instance instead of creating a new one', async () => {
    const { pool, created } = makePool();
    const a = await pool.acquire();
    pool.release(a);
    const b = await pool.acquire();
    expect(b).toBe(a);
    expect(created).toHaveLength(1);
    pool.release(b);
    await pool.close();
  });

  it('keeps at most maxIdle instances and closes the surplus', async () => {
    const { pool, created } = makePool({ maxIdle: 2 });
    const taken = await Promise.all([pool.acquire(), pool.acquire(), pool.acquire()]);
    for (const i of taken) pool.release(i);
    expect(pool.sizes()).toEqual({ idle: 2, inUse: 0, waiting: 0 });
    expect(created.filter((i) => i.closed)).toHaveLength(1);
    await pool.close();
    expect(created.every((i) => i.closed)).toBe(true);
  });

  it('closes an instance that grew above maxRetainedMemoryBytes instead of pooling it', async () => {
    const { pool, created } = makePool({ maxRetainedMemoryBytes: 1024 * 1024 });
    const [grown, small] = await Promise.all([pool.acquire(), pool.acquire()]);
    (grown as FakeInstance).memory = 1024 * 1024 + 65_536;
    pool.release(grown!);
    pool.release(small!);
    expect(created.map((i) => i.closed)).toEqual([true, false]);
    expect(pool.sizes()).toEqual({ idle: 1, inUse: 0, waiting: 0 });
    expect(await pool.acquire()).toBe(small);
    expect(() => makePool({ maxRetainedMemoryBytes: 0 })).toThrow(/maxRetainedMemoryBytes/);
    await pool.close();
  });

  it('never checks out more than maxInUse and serves waiters first come, first served', async () => {
    const { pool } = makePool({ maxInUse: 2 });
    const a = await pool.acquire();
    const b = await pool.acquire();
    const order: string[] = [];
    const w1 = pool.acquire().then((i) => (order.push('w1'), i));
    const w2 = pool.acquire().then((i) => (order.push('w2'), i));
    expect(pool.sizes()).toMatchObject({ inUse: 2, waiting: 2 });
    pool.release(a);
    const first = await w1;
    expect(first).toBe(a);
    pool.release(b);
    await w2;
    expect(order).toEqual(['w1', 'w2']);
    expect(pool.sizes().inUse).toBe(2);
    await pool.close();
  });

  it('fails a waiter after acquireTimeoutMs with POOL_TIMEOUT and the contract message', async () => {
    vi.useFakeTimers();
    const { pool } = makePool({ maxInUse: 1, acquireTimeoutMs: 5_000 });
    await pool.acquire();
    const waiting = pool.acquire();
    const settled = expect(waiting).rejects.toSatisfy(
      (e) => NdpError.is(e, 'POOL_TIMEOUT') && e.message === 'timeout waiting for available instance',
    );
    await vi.advanceTimersByTimeAsync(4_999);
    expect(pool.sizes().waiting).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    await settled;
    expect(pool.sizes().waiting).toBe(0);
  });

  it("ends a wait at the caller's deadline when it comes before acquireTimeoutMs, with the real wait", async () => {
    vi.useFakeTimers();
    const { pool } = makePool({ maxInUse: 1, acquireTimeoutMs: 5_000 });
    await pool.acquire();
    const waiting = pool.acquire({ deadline: Date.now() + 300 });
    const settled = waiting.catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(299);
    expect(pool.sizes().waiting).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    const error = await settled;
    expect(NdpError.is(error, 'POOL_TIMEOUT') && error.message).toBe(
      'timeout waiting for available instance',
    );
    expect(NdpError.is(error) && error.details).toMatchObject({ waitedMs: 300, acquireTimeoutMs: 5_000 });
  });

  it("makes a new instance within what is left of the caller's deadline", async () => {
    vi.useFakeTimers();
    const asked: (number | undefined)[] = [];
    const pool = new InstancePool(async ({ timeoutMs }) => (asked.push(timeoutMs), new FakeInstance()), {
      maxInUse: 1,
    });
    const first = await pool.acquire({ deadline: Date.now() + 1_000 });
    const second = pool.acquire({ deadline: Date.now() + 1_000 });
    await vi.advanceTimersByTimeAsync(400);
    pool.release(first);
    expect(await second).toBe(first); // reused: no instance made, nothing to time
    expect(asked).toEqual([1_000]);
    const fresh = new InstancePool(async ({ timeoutMs }) => (asked.push(timeoutMs), new FakeInstance()));
    await fresh.acquire();
    await fresh.acquire({ deadline: Date.now() + 250 });
    expect(asked).toEqual([1_000, undefined, 250]);
    await pool.close();
    await fresh.close();
  });

  it('closes a broken instance and never hands it out again', async () => {
    const { pool, created } = makePool();
    const a = (await pool.acquire()) as FakeInstance;
    a.broken = true;
    pool.release(a);
    expect(a.closed).toBe(true);
    const b = await pool.acquire();
    expect(b).not.toBe(a);
    expect(created).toHaveLength(2);
    await pool.close();
  });

  it('gives a freed slot to a waiter even when the returned instance was broken', async () => {
    const { pool } = makePool({ maxInUse: 1 });
    const a = (await pool.acquire()) as FakeInstance;
    const waiting = pool.acquire();
    a.broken = true;
    pool.release(a);
    const b = await waiting;
    expect(b).not.toBe(a);
    pool.release(b);
    await pool.close();
  });

  it('closes idle instances idleTtlMs after their last return, not after creation', async () => {
    vi.useFakeTimers();
    const { pool } = makePool({ idleTtlMs: 60_000 });
    const a = (await pool.acquire()) as FakeInstance;
    await vi.advanceTimersByTimeAsync(50_000); // long checked out: age does not count
    pool.release(a);
    await vi.advanceTimersByTimeAsync(40_000);
    expect(a.closed).toBe(false);
    expect(pool.sizes().idle).toBe(1);
    await vi.advanceTimersByTimeAsync(40_000);
    expect(a.closed).toBe(true);
    expect(pool.sizes().idle).toBe(0);
  });

  it('releases the slot when the factory fails', async () => {
    let fail = true;
    const pool = new InstancePool(
      async () => {
        if (fail) throw new Error('instantiate failed');
        return new FakeInstance();
      },
      { maxInUse: 1 },
    );
    await expect(pool.acquire()).rejects.toThrow('instantiate failed');
    fail = false;
    const ok = await pool.acquire();
    expect(ok).toBeInstanceOf(FakeInstance);
    pool.release(ok);
    await pool.close();
  });

  it('drain waits for checked-out instances, refuses new callers, then closes everything', async () => {
    const { pool, created } = makePool({ maxInUse: 1 });
    const a = await pool.acquire();
    const queued = pool.acquire();
    let drained = false;
    const draining = pool.drain().then(() => (drained = true));
    await expect(pool.acquire()).rejects.toSatisfy((e) => NdpError.is(e, 'POOL_CLOSED'));
    pool.release(a);
    const b = await queued; // a call queued before the drain still runs on this version
    await Promise.resolve();
    expect(drained).toBe(false);
    pool.release(b);
    await draining;
    expect(drained).toBe(true);
    expect(created.every((i) => i.closed)).toBe(true);
  });

  it('close fails waiters with POOL_CLOSED and closes instances returned afterwards', async () => {
    const { pool } = makePool({ maxInUse: 1 });
    const a = (await pool.acquire()) as FakeInstance;
    const waiting = pool.acquire();
    await pool.close();
    await expect(waiting).rejects.toSatisfy((e) => NdpError.is(e, 'POOL_CLOSED'));
    pool.release(a);
    expect(a.closed).toBe(true);
    await expect(pool.acquire()).rejects.toSatisfy((e) => NdpError.is(e, 'POOL_CLOSED'));
  });

  it('reports size changes through the onSizes hook', async () => {
    const seen: number[] = [];
    const pool = new InstancePool(async () => new FakeInstance(), {}, { onSizes: (s) => seen.push(s.inUse) });
    const a = await pool.acquire();
    pool.release(a);
    expect(seen).toContain(1);
    expect(seen.at(-1)).toBe(0);
    await pool.close();
  });

  it('rejects limits that could never hand out an instance', () => {
    expect(() => new InstancePool(async () => new FakeInstance(), { maxInUse: 0 })).toThrow(RangeError);
  });
});
