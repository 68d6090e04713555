// Refresh of an unchanged plugin while 200 calls are in flight, inline executor: node benchmarks/refresh-under-load.mjs
// [fixture] after `npm run build`. The callers yield to the event loop after each call, as traffic arriving over
// the network does; callers that only chain awaits on calls settling in microtasks starve all I/O, and a refresh
// (whose folder scan is file I/O) then waits until that load stops. Bounded: 3 refreshes, load at most 10 s.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { setImmediate } from 'node:timers';
import { join } from 'node:path';
import { fixtureWasm, installFixture } from '../tools/fixtures/index.mjs';
import { silentLogger } from './silent-logger.mjs';

const root = join(import.meta.dirname, '..');
const name = process.argv[2] ?? 'agent';
const work = mkdtempSync(join(tmpdir(), 'ndp-refresh-'));
try {
  const plugins = join(work, 'plugins');
  await installFixture(name, plugins);
  // Transform up front (memoised per process) so the stack's instances run inline from the first call.
  const { NodeEngine } = await import('../libs/adapters-wasm-node/dist/index.js');
  const engine = new NodeEngine({ executor: 'inline', awaitInline: true });
  await engine.compile(await fixtureWasm(name), { pluginId: name, memoryLimitBytes: 128 << 20 });
  await engine.close();
  const { loadConfig, composeHost } = await import('../apps/host/dist/index.js');
  const config = loadConfig({
    env: {
      NDP_PLUGINS_FOLDER: plugins,
      NDP_PLUGINS_CACHEFOLDER: join(work, 'cache'),
      NDP_PLUGINS_LOGLEVEL: 'error',
      NDP_SERVER_SECRET: 'bench',
      NDP_PLUGINS_EXECUTOR: 'inline',
    },
    cwd: root,
  });
  const composed = composeHost(config, silentLogger());
  await composed.manager.start();
  await composed.manager.settled();
  const call = () => composed.manager.invoke(name, 'MetadataAgent', 'GetArtistBiography', { name: 'n' });
  for (let i = 0; i < 500; i++) await call();
  let stop = false;
  const until = performance.now() + 10_000;
  const load = Promise.all(
    Array.from({ length: 200 }, async () => {
      while (!stop && performance.now() < until) {
        await call();
        await new Promise((r) => setImmediate(r));
      }
    }),
  );
  await new Promise((r) => setTimeout(r, 300));
  const samples = [];
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    await composed.manager.refresh(name);
    samples.push(Math.round(performance.now() - t));
  }
  stop = true;
  await load;
  await composed.close();
  console.log(JSON.stringify({ fixture: name, refresh_unchanged_under_load_ms: samples }));
} finally {
  rmSync(work, { recursive: true, force: true });
}
