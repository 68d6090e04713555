// `npm run bench` (`-- --json` also writes benchmarks/results.json): the performance figures of docs/performance.md, measured
// through the real stack (composition root, plugin manager, pool, Node engine with worker threads, protobuf both
// ways). Figures are medians over interleaved rounds; the machine is shared, so read ratios, not absolutes.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildExamples } from '../tools/build-examples.mjs';
import { ensureGenerated } from '../tools/generate.mjs';
import { buildWat } from '../tools/wasm-build.mjs';
import { fixtureWasm, installFixture } from '../tools/fixtures/index.mjs';
import { clusterFigures, clusterRows } from './cluster.mjs';
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
  // Each stack gets its own cache folder: the engines keep different module variants.
  cacheFolder = join(cacheFolder, Object.values(extra).join('-') || 'default');
  const { loadConfig, composeHost, openCluster } = await import('../apps/host/dist/index.js');
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
  // With NDP_CLUSTER_REDIS in `extra`: the cluster's services (Redis cache, BullMQ scheduler, Redis bus).
  const cluster = config.cluster ? await openCluster(config.cluster, silentLogger()) : undefined;
  const composed = composeHost(config, silentLogger(), cluster);
  await composed.scheduler.start();
  await composed.manager.start();
  await composed.manager.settled();
  return composed;
}

/** Transforms the benchmark plugins for the inline executor before any stack starts. */
async function transformUpFront() {
  const { NodeEngine } = await import('../libs/adapters-wasm-node/dist/index.js');
  for (const yieldSliceMs of [5, 0]) {
    const engine = new NodeEngine({ executor: 'inline', awaitInline: true, yieldSliceMs });
    try {
      for (const name of ['agent', 'host-services']) {
        await engine.compile(await fixtureWasm(name), {
          pluginId: name,
          memoryLimitBytes: 128 * 1024 * 1024,
        });
      }
    } finally {
      await engine.close();
    }
  }
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
  const { GuestRuntime, KERNEL_WASM_BASE64 } = await import('../libs/adapters-wasm-node/dist/internal.js');
  const { create, toBinary, ArtistBiographyRequestSchema } = await import('../libs/protocol/dist/index.js');
  const { DEFAULT_GUEST_OUTPUT_LIMITS } = await import('../libs/ports/dist/index.js');
  const bytes = await fixtureWasm('agent');
  const guest = new WebAssembly.Module(bytes);
  const runtime = new GuestRuntime({
    guest,
    kernel: new WebAssembly.Module(Buffer.from(KERNEL_WASM_BASE64, 'base64')),
    imports: WebAssembly.Module.imports(guest),
    config: {},
    logLevel: 4,
    memoryLimitBytes: 128 * 1024 * 1024,
    limits: DEFAULT_GUEST_OUTPUT_LIMITS,
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

/** Instrumented ÷ original time of the compute guest, without yielding (the inline executor's deadline cost). */
async function computeSlowdown() {
  const { transformForInline } = await import('../libs/adapters-wasm-node/dist/internal.js');
  const original = new Uint8Array(
    readFileSync(
      await buildWat('bench-compute', readFileSync(join(import.meta.dirname, 'compute.wat'), 'utf8')),
    ),
  );
  const variants = { original, instrumented: await transformForInline(original, { yielding: false }) };
  const n = 1 << 20;
  const times = {};
  for (const [name, bytes] of Object.entries(variants)) {
    let instance;
    const refuel = () => {
      const fuel = instance?.exports['ndp:inline/fuel'];
      if (fuel) fuel.value = 10_000;
    };
    instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), { 'ndp:inline': { check: refuel } });
    const memory = new Uint8Array(instance.exports.memory.buffer);
    for (let i = 0; i < n; i++) memory[i] = (i * 7) & 0xff;
    times[name] = {};
    for (const fn of ['fnv', 'sum']) {
      for (let i = 0; i < 10; i++) instance.exports[fn](n);
      const samples = [];
      for (let r = 0; r < ROUNDS * 2; r++) {
        const t = performance.now();
        instance.exports[fn](n);
        samples.push(performance.now() - t);
      }
      times[name][fn] = median(samples);
    }
  }
  return {
    fnv: times.instrumented.fnv / times.original.fnv,
    sum: times.instrumented.sum / times.original.sum,
  };
}

/** One-time cost of the inline transform on the largest example plugin (done once per module hash, then cached). */
async function transformCost() {
  const { transformForInline } = await import('../libs/adapters-wasm-node/dist/internal.js');
  const built = await buildExamples();
  const largest = built
    .map((b) => new Uint8Array(readFileSync(b.wasm)))
    .sort((a, b) => b.length - a.length)[0];
  const t = performance.now();
  await transformForInline(largest, { yielding: true });
  return { ms: performance.now() - t, kib: largest.length / 1024 };
}

/** 50 distinct plugins (the agent module with a unique custom section each), loaded cold then warm. */
async function loadMany(work, count = 50) {
  const base = await fixtureWasm('agent');
  const folder = join(work, `plugins${count}`);
  for (let i = 0; i < count; i++) {
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
  const cache = join(work, `cache${count}`);
  const cold = await timeLoad(cache);
  const warm = await timeLoad(cache);
  return { cold: cold.ms, warm: warm.ms, ready: cold.ready, rssMiB: warm.rssMiB };
}

/**
 * Runs `measure` while a separate process keeps one core busy (a bounded CPU burner: it spins for at most
 * `limitMs` and is killed when `measure` settles), so executors are measured on a machine with no spare core.
 */
async function withBusyCore(measure, limitMs = 120_000) {
  const burner = spawn(
    process.execPath,
    ['-e', `const end = Date.now() + ${limitMs}; let x = 0; while (Date.now() < end) x = (x * 33 + 1) | 0;`],
    { stdio: 'ignore' },
  );
  await new Promise((r) => setTimeout(r, 200));
  try {
    return await measure();
  } finally {
    burner.kill('SIGKILL');
  }
}

/** Warm call of one stack with a request whose name is `bytes` long (the agent echoes it in its answer). */
async function payloadCall(composed, bytes, rounds) {
  const name = 'x'.repeat(bytes);
  const call = () => composed.manager.invoke('agent', 'MetadataAgent', 'GetArtistBiography', { name });
  const batch = bytes >= 1 << 20 ? 5 : bytes >= 10_240 ? 200 : 2000;
  for (let i = 0; i < Math.min(batch, 50); i++) await call();
  const samples = [];
  for (let r = 0; r < rounds; r++) {
    const t = performance.now();
    for (let i = 0; i < batch; i++) await call();
    samples.push(((performance.now() - t) * 1000) / batch);
  }
  return median(samples);
}

/** Refresh of an unchanged plugin with 200 calls in flight, inline (benchmarks/refresh-under-load.mjs, own process). */
function refreshUnderLoad() {
  const child = spawnSync(process.execPath, [join(import.meta.dirname, 'refresh-under-load.mjs')], {
    cwd: root,
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (child.status !== 0) throw new Error(`refresh-under-load failed: ${child.stderr}`);
  return median(JSON.parse(child.stdout.trim().split('\n').pop()).refresh_unchanged_under_load_ms);
}

async function idleInstanceKiB() {
  const { NodeEngine } = await import('../libs/adapters-wasm-node/dist/index.js');
  const engine = new NodeEngine({ workers: 2, executor: 'worker' });
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
    return total / instances.length / 1024;
  } finally {
    await engine.close();
  }
}

/** The three ways to run plugins, measured in one run on the same plugins. */
const SETUPS = [
  { key: 'worker', label: 'Node engine, worker executor', env: { NDP_PLUGINS_EXECUTOR: 'worker' } },
  { key: 'inline', label: 'Node engine, inline executor', env: { NDP_PLUGINS_EXECUTOR: 'inline' } },
  {
    key: 'inlineNoYield',
    label: 'Node engine, inline executor without yielding',
    env: { NDP_PLUGINS_EXECUTOR: 'inline', NDP_PLUGINS_YIELDSLICE: '0s' },
  },
  { key: 'extism', label: 'Extism engine (@extism/extism 1.0.3)', env: { NDP_PLUGINS_ENGINE: 'extism' } },
];

/** Warm-call samples of every setup, interleaved round by round so that machine noise hits them alike. */
async function warmCalls(stacks, roundCount = ROUNDS) {
  const call = (composed) =>
    composed.manager.invoke('agent', 'MetadataAgent', 'GetArtistBiography', { name: NAME });
  for (const s of stacks) for (let i = 0; i < 1000; i++) await call(s.composed);
  const rounds = Object.fromEntries(stacks.map((s) => [s.key, []]));
  const singles = Object.fromEntries(stacks.map((s) => [s.key, []]));
  for (let r = 0; r < roundCount; r++) {
    for (const s of stacks) {
      const batch = s.key.startsWith('inline') ? 2000 : 300;
      const t = performance.now();
      for (let i = 0; i < batch; i++) {
        const c = performance.now();
        await call(s.composed);
        singles[s.key].push((performance.now() - c) * 1000);
      }
      rounds[s.key].push(((performance.now() - t) * 1000) / batch);
    }
  }
  return Object.fromEntries(
    stacks.map((s) => [s.key, { median: median(rounds[s.key]), p99: percentile(singles[s.key], 0.99) }]),
  );
}

async function main() {
  if (!process.argv.includes('--no-build')) {
    log('building...');
    await build();
  }
  const work = mkdtempSync(join(tmpdir(), 'ndp-bench-'));
  const stacks = [];
  try {
    const plugins = join(work, 'plugins');
    await installFixture('agent', plugins);
    await installFixture('host-services', plugins);
    // The inline transform runs once per module, in the background; do it up front (it is shared through the
    // process) so the inline stack's instances run inline from the first call.
    await transformUpFront();
    for (const setup of SETUPS) {
      log(`starting the stack: ${setup.label}...`);
      stacks.push({ ...setup, composed: await stack(plugins, join(work, 'cache'), setup.env) });
    }
    log('warm calls through the whole stack (interleaved)...');
    const warm = await warmCalls(stacks);
    const per = {};
    for (const s of stacks) {
      log(`host call round trip and throughput: ${s.label}...`);
      per[s.key] = { host: await hostCall(s.composed), throughput: await throughput(s.composed) };
    }
    log('floor (guest called directly on one instance, this thread)...');
    const f = await floor();
    log('idle instance memory...');
    const idle = await idleInstanceKiB();
    log('inline executor: compute slowdown and transform cost...');
    const compute = await computeSlowdown();
    const transform = await transformCost();
    log('warm calls with the other core kept busy (interleaved)...');
    const contended = await withBusyCore(() => warmCalls(stacks, Math.max(3, Math.round(ROUNDS / 3))));
    const inlineStack = stacks.find((s) => s.key === 'inline').composed;
    log('payload scaling (inline): 100 B, 10 KiB, 1 MiB...');
    const payload = {
      kib10: await payloadCall(inlineStack, 10 * 1024, ROUNDS),
      mib1: await payloadCall(inlineStack, 1024 * 1024, Math.max(3, Math.round(ROUNDS / 3))),
    };
    log('refresh of an unchanged plugin under load (own process)...');
    const refresh = refreshUnderLoad();
    log('load of 50 plugins (cold, then warm compile cache; each in a fresh process)...');
    const l = await loadMany(work, 50);
    log('load of 100 plugins and the RSS it leaves (each in a fresh process)...');
    const l100 = await loadMany(work, 100);
    const inline = stacks.find((s) => s.key === 'inline');
    const cluster = await clusterFigures({
      memoryStack: inline.composed,
      redisStack: (url) =>
        stack(plugins, join(work, 'cache'), {
          ...inline.env,
          NDP_CLUSTER_REDIS: url,
          NDP_CLUSTER_PREFIX: 'bench',
          NDP_CLUSTER_NODENAME: 'bench',
        }),
      rounds: ROUNDS,
      log,
    });
    const figures = {
      warm_call_us_median: round(warm.worker.median),
      warm_call_us_p99: round(warm.worker.p99),
      floor_call_us_median: round(f.median, 3),
      host_call_us_median: round(per.worker.host),
      throughput_calls_per_s: Math.round(per.worker.throughput),
      load50_cold_ms: round(l.cold, 1),
      load50_warm_ms: round(l.warm, 1),
      idle_instance_kib: round(idle, 1),
      inline_warm_call_us_median: round(warm.inline.median),
      inline_warm_call_us_p99: round(warm.inline.p99),
      inline_host_call_us_median: round(per.inline.host),
      inline_throughput_calls_per_s: Math.round(per.inline.throughput),
      inline_no_yield_warm_call_us_median: round(warm.inlineNoYield.median),
      inline_no_yield_host_call_us_median: round(per.inlineNoYield.host),
      inline_no_yield_throughput_calls_per_s: Math.round(per.inlineNoYield.throughput),
      inline_compute_slowdown: round(compute.fnv, 3),
      inline_compute_slowdown_tight_loop: round(compute.sum, 3),
      inline_transform_ms: round(transform.ms, 0),
      inline_transform_module_kib: round(transform.kib, 1),
      extism_warm_call_us_median: round(warm.extism.median),
      extism_warm_call_us_p99: round(warm.extism.p99),
      extism_host_call_us_median: round(per.extism.host),
      extism_throughput_calls_per_s: Math.round(per.extism.throughput),
      engine_speedup_warm_call: round(warm.extism.median / warm.worker.median),
      inline_speedup_over_worker: round(warm.worker.median / warm.inline.median),
      inline_speedup_over_extism: round(warm.extism.median / warm.inline.median),
      inline_over_floor_ratio: round(warm.inline.median / f.median),
      worker_contended_warm_call_us_median: round(contended.worker.median),
      inline_contended_warm_call_us_median: round(contended.inline.median),
      extism_contended_warm_call_us_median: round(contended.extism.median),
      worker_contended_over_quiet_ratio: round(contended.worker.median / warm.worker.median),
      inline_contended_over_quiet_ratio: round(contended.inline.median / warm.inline.median),
      extism_contended_over_quiet_ratio: round(contended.extism.median / warm.extism.median),
      warm_call_10kib_us_median: round(payload.kib10),
      warm_call_1mib_us_median: round(payload.mib1),
      refresh_unchanged_under_load_ms: round(refresh, 0),
      load100_cold_ms: round(l100.cold, 1),
      load100_warm_ms: round(l100.warm, 1),
      load100_rss_mib: round(l100.rssMiB, 1),
      ...cluster,
    };
    const ratio = (x) => `${round(x, 1)}×`;
    console.log(
      '\n| figure | Node · worker | Node · inline | Node · inline, no yielding | Extism | target |\n|---|---|---|---|---|---|',
    );
    const rows = [
      [
        'warm call, 100-byte MetadataAgent request, whole stack, median (µs)',
        figures.warm_call_us_median,
        figures.inline_warm_call_us_median,
        figures.inline_no_yield_warm_call_us_median,
        figures.extism_warm_call_us_median,
        'worker ≤ 30; inline ≤ 2',
      ],
      [
        'warm call p99 (µs)',
        figures.warm_call_us_p99,
        figures.inline_warm_call_us_p99,
        '',
        figures.extism_warm_call_us_p99,
        '',
      ],
      [
        'host call round trip (guest → memory cache get → guest), added cost (µs)',
        figures.host_call_us_median,
        figures.inline_host_call_us_median,
        figures.inline_no_yield_host_call_us_median,
        figures.extism_host_call_us_median,
        '≤ 10',
      ],
      [
        'throughput, trivial calls (calls/s)',
        figures.throughput_calls_per_s,
        figures.inline_throughput_calls_per_s,
        figures.inline_no_yield_throughput_calls_per_s,
        figures.extism_throughput_calls_per_s,
        '≥ 60,000',
      ],
      [
        'warm call speed-up vs Extism',
        ratio(figures.engine_speedup_warm_call),
        ratio(figures.inline_speedup_over_extism),
        ratio(figures.extism_warm_call_us_median / figures.inline_no_yield_warm_call_us_median),
        '1×',
        'worker ≥ 3×; inline ≥ 5×',
      ],
    ];
    for (const r of rows) console.log(`| ${r.join(' | ')} |`);
    console.log('\n| figure | value | target |\n|---|---|---|');
    const more = [
      [
        'floor: the same export on one instance, this thread, median',
        `${figures.floor_call_us_median} µs`,
        '',
      ],
      [
        'inline speed-up over the worker executor (warm call)',
        ratio(figures.inline_speedup_over_worker),
        '≥ 5×',
      ],
      [
        'inline compute slowdown (instrumented ÷ original, FNV over 1 MiB, no yielding)',
        ratio(figures.inline_compute_slowdown),
        '≤ 1.5×',
      ],
      [
        'inline compute slowdown, worst case (1-cycle byte-sum loop)',
        ratio(figures.inline_compute_slowdown_tight_loop),
        '',
      ],
      [
        `inline transform, once per module (${figures.inline_transform_module_kib} KiB module)`,
        `${figures.inline_transform_ms} ms`,
        '',
      ],
      ['load of 50 plugins, cold compile cache', `${figures.load50_cold_ms} ms`, '≤ 1,500 ms'],
      ['load of 50 plugins, warm compile cache', `${figures.load50_warm_ms} ms`, '≤ 500 ms'],
      [
        'idle memory per pooled instance (worker executor)',
        `${figures.idle_instance_kib} KiB`,
        '≤ 1,024 KiB',
      ],
    ];
    for (const r of more) console.log(`| ${r.join(' | ')} |`);
    console.log('\n| scaling and load figure | value |\n|---|---|');
    for (const r of [
      ['inline whole stack ÷ floor', ratio(figures.inline_over_floor_ratio)],
      [
        'warm call, other core busy: worker / inline / Extism (µs)',
        `${figures.worker_contended_warm_call_us_median} / ${figures.inline_contended_warm_call_us_median} / ${figures.extism_contended_warm_call_us_median}`,
      ],
      [
        'contended ÷ quiet: worker / inline / Extism',
        `${ratio(figures.worker_contended_over_quiet_ratio)} / ${ratio(figures.inline_contended_over_quiet_ratio)} / ${ratio(figures.extism_contended_over_quiet_ratio)}`,
      ],
      [
        'inline warm call, 10 KiB / 1 MiB request (µs)',
        `${figures.warm_call_10kib_us_median} / ${figures.warm_call_1mib_us_median}`,
      ],
      ['refresh of an unchanged plugin, 200 calls in flight (ms)', figures.refresh_unchanged_under_load_ms],
      [
        'load of 100 plugins, cold / warm compile cache (ms)',
        `${figures.load100_cold_ms} / ${figures.load100_warm_ms}`,
      ],
      ['RSS with 100 plugins loaded (MiB)', figures.load100_rss_mib],
    ])
      console.log(`| ${r.join(' | ')} |`);
    if (cluster) {
      console.log('\n| cluster figure (Node · inline) | single node | cluster (Redis) |\n|---|---|---|');
      for (const r of clusterRows(figures)) console.log(`| ${r.join(' | ')} |`);
    }
    console.log(
      `\n(request ${f.requestBytes} bytes; ${ROUNDS} rounds; ${new Date().toISOString()}; \`npm run bench${quick ? ' -- --quick' : ''}\`)`,
    );
    if (json) {
      writeFileSync(join(import.meta.dirname, 'results.json'), `${JSON.stringify({ figures }, null, 2)}\n`);
      log('wrote benchmarks/results.json');
    }
  } finally {
    for (const s of stacks) await s.composed.close();
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
