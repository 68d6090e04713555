// The cluster figures of `npm run bench`: a plugin's cache get/set through the memory and the Redis cache, schedule
// firing lateness of the in-process and the BullMQ scheduler, and a WebSocket send routed to another node over the
// Redis bus. Runs against its own redis-server (tools/redis-harness); skipped with a note when none is installed.
import { WebSocketServer } from 'ws';
import { findRedisServer, startRedis } from '../tools/redis-harness/index.mjs';
import { silentLogger } from './silent-logger.mjs';

function median(values) {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function percentile(values, p) {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * p))];
}

const round = (n, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

/** Per-call cost of one cache get and one set through the host-services plugin: calls with and without them. */
async function cacheCosts(composed, rounds) {
  const call = (name) =>
    composed.manager.invoke('host-services', 'MetadataAgent', 'GetArtistBiography', { name });
  await call('cache-set:k=v');
  for (let i = 0; i < 50; i++) {
    await call('cache-get-n:0:k');
    await call('cache-get-n:21:k');
    await call('cache-set:k=v');
  }
  const gets = [];
  const sets = [];
  const time = async (name, n) => {
    const t = performance.now();
    for (let i = 0; i < n; i++) await call(name);
    return ((performance.now() - t) * 1000) / n;
  };
  for (let r = 0; r < rounds; r++) {
    const none = await time('cache-get-n:0:k', 20);
    gets.push(((await time('cache-get-n:21:k', 20)) - none) / 21);
    sets.push((await time('cache-set:k=v', 20)) - none);
  }
  return { get: median(gets), set: median(sets) };
}

/** Lateness (fire time minus due time) of `count` one-time schedules due over about two seconds. */
async function lateness(scheduler, count) {
  const due = new Map();
  const late = [];
  let done;
  const all = new Promise((r) => (done = r));
  scheduler.onFire(async (fire) => {
    late.push(Date.now() - due.get(fire.scheduleId));
    if (late.length === count) done();
  });
  await scheduler.start();
  const start = Date.now();
  for (let i = 0; i < count; i++) {
    const delayMs = 500 + ((i * 37) % 1500);
    due.set(`late-${i}`, start + delayMs);
    await scheduler.scheduleOnce({
      pluginId: 'bench',
      scheduleId: `late-${i}`,
      delayMs: start + delayMs - Date.now(),
      payload: new Uint8Array(0),
    });
  }
  await Promise.race([all, new Promise((r) => setTimeout(r, 30_000))]);
  return { p50: percentile(late, 0.5), p99: percentile(late, 0.99), fired: late.length };
}

/** A text send on node B to a socket node A owns (routed over the Redis bus), and the same send on A itself. */
async function crossNodeSend(url, rounds) {
  const { RedisClusterBus } = await import('../libs/adapters-redis/dist/index.js');
  const { WsWebSocketClient } = await import('../libs/adapters-local/dist/index.js');
  const { ClusterWebSocketClient } = await import('../libs/application/dist/index.js');
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise((r) => server.once('listening', r));
  const wsUrl = `ws://127.0.0.1:${server.address().port}/`;
  const logger = silentLogger();
  const node = async (nodeId) => {
    const bus = await RedisClusterBus.connect({ url, prefix: 'bench', nodeId });
    const client = new ClusterWebSocketClient({
      local: new WsWebSocketClient(),
      bus,
      commandTimeoutMs: 5_000,
      logger,
    });
    client.setEventSink({ onText() {}, onBinary() {}, onError() {}, onClose() {} });
    return { bus, client };
  };
  const a = await node('bench-a');
  const b = await node('bench-b');
  try {
    const ref = { pluginId: 'bench', connectionId: 'gw' };
    const opened = await a.client.connect({ ...ref, url: wsUrl, headers: {}, allowLocalNetwork: true });
    if (!opened.ok) throw new Error(`bench socket did not open: ${opened.error}`);
    const measure = async (client, n) => {
      const samples = [];
      for (let i = 0; i < n; i++) {
        const t = performance.now();
        const sent = await client.sendText(ref, 'x');
        if (!sent.ok) throw new Error(`bench send failed: ${sent.error}`);
        samples.push((performance.now() - t) * 1000);
      }
      return samples;
    };
    await measure(b.client, 200);
    const remote = await measure(b.client, 100 * rounds);
    const local = await measure(a.client, 100 * rounds);
    return { remote: median(remote), remoteP99: percentile(remote, 0.99), local: median(local) };
  } finally {
    await a.client.shutdown();
    await b.client.shutdown();
    await a.bus.close();
    await b.bus.close();
    await new Promise((r) => server.close(r));
  }
}

/**
 * Measures the cluster figures; `memoryStack` is a composed single-node host and `redisStack(url)` composes one
 * against the given Redis, both with the host-services fixture installed. Answers `undefined` (and says why) when
 * redis-server is not installed.
 */
export async function clusterFigures({ memoryStack, redisStack, rounds, log }) {
  if (!findRedisServer()) {
    log('cluster figures skipped: redis-server is not installed (sudo apt-get install -y redis-server)');
    return undefined;
  }
  const redis = await startRedis();
  try {
    log('cache get/set through a plugin: memory vs Redis...');
    const memory = await cacheCosts(memoryStack, rounds);
    const clustered = await redisStack(redis.url);
    let redisCache;
    try {
      redisCache = await cacheCosts(clustered, rounds);
    } finally {
      await clustered.close();
    }
    log('schedule firing lateness: in-process vs BullMQ...');
    const { InProcessScheduler } = await import('../libs/adapters-local/dist/index.js');
    const { BullMqScheduler } = await import('../libs/adapters-redis/dist/index.js');
    const inProcess = new InProcessScheduler();
    const inProcessLate = await lateness(inProcess, 200).finally(() => inProcess.close());
    const bullmq = await BullMqScheduler.connect({ url: redis.url, prefix: 'bench-late', nodeId: 'bench' });
    const bullmqLate = await lateness(bullmq, 200).finally(() => bullmq.close());
    log('cross-node WebSocket send over the Redis bus...');
    const ws = await crossNodeSend(redis.url, rounds);
    return {
      memory_cache_get_us_median: round(memory.get),
      memory_cache_set_us_median: round(memory.set),
      redis_cache_get_us_median: round(redisCache.get),
      redis_cache_set_us_median: round(redisCache.set),
      inprocess_fire_lateness_p50_ms: inProcessLate.p50,
      inprocess_fire_lateness_p99_ms: inProcessLate.p99,
      bullmq_fire_lateness_p50_ms: bullmqLate.p50,
      bullmq_fire_lateness_p99_ms: bullmqLate.p99,
      bullmq_fired_of_200: bullmqLate.fired,
      local_ws_send_us_median: round(ws.local),
      cluster_ws_send_us_median: round(ws.remote),
      cluster_ws_send_us_p99: round(ws.remoteP99),
    };
  } finally {
    await redis.close();
  }
}

/** The rows of the cluster table of `npm run bench`. */
export function clusterRows(f) {
  return [
    [
      'plugin cache get through a host call (µs, median)',
      f.memory_cache_get_us_median,
      f.redis_cache_get_us_median,
    ],
    [
      'plugin cache set through a host call (µs, median)',
      f.memory_cache_set_us_median,
      f.redis_cache_set_us_median,
    ],
    ['schedule firing lateness p50 (ms)', f.inprocess_fire_lateness_p50_ms, f.bullmq_fire_lateness_p50_ms],
    ['schedule firing lateness p99 (ms)', f.inprocess_fire_lateness_p99_ms, f.bullmq_fire_lateness_p99_ms],
    [
      'WebSocket send, owner node vs another node over the bus (µs, median)',
      f.local_ws_send_us_median,
      f.cluster_ws_send_us_median,
    ],
  ];
}
