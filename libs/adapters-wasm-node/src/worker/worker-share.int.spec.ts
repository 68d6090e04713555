import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NdpError } from '@ndp/domain';
import type { InstanceOptions, PluginInstance } from '@ndp/ports';
import { RecordingPluginLogger, type EngineFixtureName } from '@ndp/ports/testing';
import { engineContractFixtures } from '../../../../tools/fixtures/engine/index.mjs';
import { NodeEngine } from '../node-engine.js';

const encode = (s: string) => new TextEncoder().encode(s);
const decode = (b: Uint8Array) => new TextDecoder().decode(b);
const HOG_DEADLINE_MS = 3_000;

function options(pluginId: string): InstanceOptions {
  return {
    pluginId,
    config: {},
    hostFunctions: {},
    logger: new RecordingPluginLogger(),
    logLevel: 0,
    memoryLimitBytes: 16 * 1024 * 1024,
  };
}

describe('NodeEngine worker executor: a plugin holds at most its share of the workers', () => {
  let engine: NodeEngine;
  beforeAll(() => {
    // Two workers, default share: one plugin may hold one of them.
    engine = new NodeEngine({ workers: 2, executor: 'worker' });
  });
  afterAll(async () => {
    await engine.close();
  });

  async function instances(
    fixture: EngineFixtureName,
    pluginId: string,
    n: number,
  ): Promise<PluginInstance[]> {
    const compiled = await engine.compile(await engineContractFixtures.wasm(fixture), {
      pluginId,
      memoryLimitBytes: 16 * 1024 * 1024,
    });
    return Promise.all(Array.from({ length: n }, () => engine.instantiate(compiled, options(pluginId))));
  }

  it('keeps serving another plugin while 10 calls of one plugin loop, and ends those at their deadline', async () => {
    const hogs = await instances('loop_forever', 'hog', 10);
    const [victim] = await instances('echo', 'victim', 1);
    const started = performance.now();
    const hogCalls = hogs.map((hog) =>
      hog.call('loop_forever', new Uint8Array(0), { timeoutMs: HOG_DEADLINE_MS }).then(
        () => ({ error: undefined, elapsed: performance.now() - started }),
        (error: unknown) => ({ error, elapsed: performance.now() - started }),
      ),
    );
    let firstHogEnded = Infinity;
    void Promise.race(hogCalls).then(() => (firstHogEnded = performance.now() - started));
    // The victim's calls are served while the hogs loop (relative, not timed: before the first hog ends).
    await new Promise((resolve) => setTimeout(resolve, 100));
    for (let n = 0; n < 20; n++) {
      const result = await victim!.call('echo', encode(`n${n}`), { timeoutMs: 30_000 });
      expect(result.ok && decode(result.output)).toBe(`n${n}`);
    }
    const victimDone = performance.now() - started;
    const ended = await Promise.all(hogCalls);
    expect(victimDone, 'the other plugin was served before any looping call ended').toBeLessThan(
      firstHogEnded,
    );
    for (const { error, elapsed } of ended) {
      expect(NdpError.is(error, 'GUEST_TIMEOUT'), String(error)).toBe(true);
      // The deadline runs from the call's start, waiting for the plugin's share included (not 2-10x).
      expect(elapsed).toBeGreaterThanOrEqual(HOG_DEADLINE_MS - 10);
      expect(elapsed).toBeLessThan(HOG_DEADLINE_MS + 5_000);
    }
    const waited = ended.filter(({ error }) => String((error as Error).message).includes('never started'));
    expect(waited.length, 'calls past the share waited, and say so').toBeGreaterThan(0);
    // The victim still answers afterwards.
    const after = await victim!.call('echo', encode('after'), { timeoutMs: 10_000 });
    expect(after.ok && decode(after.output)).toBe('after');
  });
});
