// `npm run bench` (`-- --json` also writes benchmarks/results.json): the performance figures of DESIGN.md, measured
// through the real stack (composition root, plugin manager, pool, Node engine with worker threads, protobuf both
// ways). Figures are medians over interleaved rounds; the machine is shared, so read ratios, not absolutes.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureGenerated } from '../tools/generate.mjs';
import { fixtureWasm, installFixture } from '../tools/fixtures/index.mjs';
import { silentLogger } from './silent-logger.mjs';

const root = join(import.meta.dirname, '..');
const json = process.argv.includes('--json');
const quick = process.argv.includes('--quick');
const ROUNDS = quick ? 5 : 15;

function log(message) {
  process.stderr.write(`${message}\n`);
}

function median(values) {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function percentile(values, p) {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * p))];
}

function round(n, digits = 2) {
  return Math.round(n * 10 ** digits) / 10 ** digits;
}

/** A protobuf-sized name so that the request is 100 bytes. */
const NAME = 'x'.repeat(98);

async function build() {
  await ensureGenerated({ quiet: true });
  const tsc = spawnSync(
    process.execPath,
    [join(root, 'node_modules/typescript/bin/tsc'), '-b', 'tsconfig.json'],
    {
      cwd: root,
      stdio: 'inherit',
    },
  );
  if (tsc.status !== 0) throw new Error('the TypeScript build failed');
}

async function stack(pluginsFolder, cacheFolder, extra = {}) {
  const { loadConfig, composeHost } = await import('../apps/host/dist/index.js');
  const config = loadConfig({
    env: {
      NDP_PLUGINS_FOLDER: pluginsFolder,
      NDP_PLUGINS_CACHEFOLDER: cacheFolder,
      NDP_PLUGINS_WORKERS: '2',
      NDP_PLUGINS_LOGLEVEL: 'error',
      NDP_SERVER_SECRET: 'bench',
      ...extra,
    },
    cwd: root,
  });
  const composed = composeHost(config, silentLogger());
  await composed.scheduler.start();
  await composed.manager.start();
  await composed.manager.settled();
  return composed;
}

/** Median µs per call of `fn` over interleaved rounds of `batch` sequential calls. */
async function timeCalls(fn, batch) {
  const samples = [];
  for (let r = 0; r < ROUNDS; r++) {
    const t = performance.now();
    for (let i = 0; i < batch; i++) await fn();
    samples.push(((performance.now() - t) * 1000) / batch);
  }
  return median(samples);
}

async function warmCall(composed) {
  const call = () => composed.manager.invoke('agent', 'MetadataAgent', 'GetArtistBiography', { name: NAME });
  for (let i = 0; i < 2000; i++) await call();
  const single = [];
  for (let i = 0; i < (quick ? 2000 : 10000); i++) {
    const t = performance.now();
    await call();
    single.push((performance.now() - t) * 1000);
  }
  return { median: await timeCalls(call, 1000), p99: percentile(single, 0.99) };
}

/** Added cost of one host call: a call making 101 cache gets minus a call making 1, divided by 100. */
async function hostCall(composed) {
  const invoke = (n) =>
    composed.manager.invoke('host-services', 'MetadataAgent', 'GetArtistBiography', {
      name: `cache-get-n:${n}:k`,
    });
  await composed.manager.invoke('host-services', 'MetadataAgent', 'GetArtistBiography', {
    name: 'cache-set:k=v',
  });
  for (let i = 0; i < 300; i++) {
    await invoke(1);
    await invoke(101);
  }
  const samples = [];
  for (let r = 0; r < ROUNDS; r++) {
    let one = performance.now();
    for (let i = 0; i < 50; i++) await invoke(1);
    one = performance.now() - one;
    let many = performance.now();
    for (let i = 0; i < 50; i++) await invoke(101);
    many = performance.now() - many;
    samples.push(((many - one) * 1000) / 50 / 100);
  }
  return median(samples);
}

async function throughput(composed) {
  const inFlight = 32;
  const total = quick ? 20_000 : 60_000;
  let issued = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (issued < total) {
        issued++;
        await composed.manager.invoke('agent', 'MetadataAgent', 'GetArtistBiography', { name: 'n' });
      }
    }),
  );
  return total / ((performance.now() - started) / 1000);
}

async function floor() {
  const { GuestRuntime, KERNEL_WASM_BASE64 } = await import('../libs/adapters-wasm-node/dist/index.js');
  const { create, toBinary, ArtistBiographyRequestSchema } = await import('../libs/protocol/dist/index.js');
  const bytes = await fixtureWasm('agent');
  const guest = new WebAssembly.Module(bytes);
  const runtime = new GuestRuntime({
    guest,
    kernel: new WebAssembly.Module(Buffer.from(KERNEL_WASM_BASE64, 'base64')),
    imports: WebAssembly.Module.imports(guest),
    config: {},
    logLevel: 4,
    memoryLimitBytes: 128 * 1024 * 1024,
    log: () => {},
    hostCall: () => new Uint8Array(0),
  });
  const input = toBinary(ArtistBiographyRequestSchema, create(ArtistBiographyRequestSchema, { name: NAME }));
  const call = () => runtime.call('metadata_agent_get_artist_biography', input);
  for (let i = 0; i < 5000; i++) call();
  const samples = [];
  for (let r = 0; r < ROUNDS; r++) {
    const t = performance.now();
    for (let i = 0; i < 20000; i++) call();
    samples.push(((performance.now() - t) * 1000) / 20000);
  }
  return { median: median(samples), requestBytes: input.length };
}

/** 50 distinct plugins (the agent module with a unique custom section each), loaded cold then warm. */
async function load50(work) {
  const base = await fixtureWasm('agent');
  const folder = join(work, 'plugins50');
  for (let i = 0; i < 50; i++) {
    const dir = await installFixture('agent', folder, { folder: `p${i}`, manifest: { name: `p${i}` } });
    const name = Buffer.from('ndp-bench');
    const payload = Buffer.from(`plugin ${i}`);
    const section = Buffer.concat([
      Buffer.from([0, name.length + 1 + payload.length, name.length]),
      name,
      payload,
    ]);
    writeFileSync(join(dir, 'plugin.wasm'), Buffer.concat([base, section]));
  }
  const timeLoad = async (cacheFolder) => {
    const child = spawnSync(
      process.execPath,
      [join(import.meta.dirname, 'load-plugins.mjs'), folder, cacheFolder],
      { cwd: root, encoding: 'utf8' },
    );
    if (child.status !== 0) throw new Error(`load-plugins failed: ${child.stderr}`);
    return JSON.parse(child.stdout.trim().split('\n').pop());
  };
  const cache = join(work, 'cache50');
  const cold = await timeLoad(cache);
  const warm = await timeLoad(cache);
  return { cold: cold.ms, warm: warm.ms, ready: cold.ready };
}

async function idleInstanceKiB(composed) {
  const { NodeEngine } = await import('../libs/adapters-wasm-node/dist/index.js');
  const engine = new NodeEngine({ workers: 2 });
  try {
    const plugin = await engine.compile(await fixtureWasm('agent'), {
      pluginId: 'agent',
      memoryLimitBytes: 128 << 20,
    });
    const noop = () => {};
    const options = {
      pluginId: 'agent',
      config: {},
      hostFunctions: {},
      logger: { trace: noop, debug: noop, info: noop, warn: noop, error: noop },
      logLevel: 4,
      memoryLimitBytes: 128 << 20,
    };
    const instances = [];
    for (let i = 0; i < 16; i++) instances.push(await engine.instantiate(plugin, options));
    for (const i of instances)
      await i.call('metadata_agent_get_artist_biography', new Uint8Array(0), { timeoutMs: 5000 });
    const total = instances.reduce((sum, i) => sum + i.memoryBytes(), 0);
    void composed;
    return total / instances.length / 1024;
  } finally {
    await engine.close();
  }
}

async function main() {
  if (!process.argv.includes('--no-build')) {
    log('building...');
    await build();
  }
  const work = mkdtempSync(join(tmpdir(), 'ndp-bench-'));
  try {
    const plugins = join(work, 'plugins');
    await installFixture('agent', plugins);
    await installFixture('host-services', plugins);
    const composed = await stack(plugins, join(work, 'cache'));
    try {
      log('floor (guest called directly on one instance, this thread)...');
      const f = await floor();
      log('warm call through the whole stack...');
      const w = await warmCall(composed);
      log('host call round trip...');
      const h = await hostCall(composed);
      log('throughput (2 workers)...');
      const t = await throughput(composed);
      log('idle instance memory...');
      const idle = await idleInstanceKiB(composed);
      log('load of 50 plugins (cold, then warm compile cache; each in a fresh process)...');
      const l = await load50(work);
      const figures = {
        warm_call_us_median: round(w.median),
        warm_call_us_p99: round(w.p99),
        floor_call_us_median: round(f.median, 3),
        host_call_us_median: round(h),
        throughput_calls_per_s: Math.round(t),
        load50_cold_ms: round(l.cold, 1),
        load50_warm_ms: round(l.warm, 1),
        idle_instance_kib: round(idle, 1),
      };
      const rows = [
        [
          'warm call, 100-byte MetadataAgent request, whole stack (median)',
          `${figures.warm_call_us_median} µs`,
          '≤ 30 µs',
        ],
        ['warm call p99', `${figures.warm_call_us_p99} µs`, ''],
        [
          'floor: same export on one instance, this thread (median)',
          `${figures.floor_call_us_median} µs`,
          '',
        ],
        [
          'host call round trip (guest → memory cache get → guest), added cost',
          `${figures.host_call_us_median} µs`,
          '≤ 10 µs',
        ],
        ['throughput, trivial calls, 2 workers', `${figures.throughput_calls_per_s} calls/s`, '≥ 60,000'],
        ['load of 50 plugins, cold compile cache', `${figures.load50_cold_ms} ms`, '≤ 1,500 ms'],
        ['load of 50 plugins, warm compile cache', `${figures.load50_warm_ms} ms`, '≤ 500 ms'],
        ['idle memory per pooled instance', `${figures.idle_instance_kib} KiB`, '≤ 1,024 KiB'],
      ];
      console.log(`\n| figure | Node engine | target |\n|---|---|---|`);
      for (const r of rows) console.log(`| ${r.join(' | ')} |`);
      console.log(`\n(request ${f.requestBytes} bytes; ${ROUNDS} rounds; ${new Date().toISOString()})`);
      if (json) {
        writeFileSync(join(import.meta.dirname, 'results.json'), `${JSON.stringify({ figures }, null, 2)}\n`);
        log('wrote benchmarks/results.json');
      }
    } finally {
      await composed.close();
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
