// Engine-level figures of the inline executor (no dispatch facade, no protobuf): a warm 100-byte echo, and a call
// making one sync / one async host call. Run after `npm run build`: node benchmarks/engine-inline.mjs
// (STACK=65536 sets the asyncify frame region).
import { NodeEngine } from '../libs/adapters-wasm-node/dist/index.js';
import { engineContractFixtures } from '../tools/fixtures/engine/index.mjs';
const median = (xs) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const logger = { trace() {}, debug() {}, info() {}, warn: (m) => console.error(m), error() {} };
const stackBytes = process.env.STACK ? Number(process.env.STACK) : undefined;
async function load(engine, wasm, hostFunctions = {}) {
  const opts = { pluginId: 'bench', memoryLimitBytes: 128 << 20 };
  const plugin = await engine.compile(wasm, opts);
  return engine.instantiate(plugin, { ...opts, config: {}, hostFunctions, logger, logLevel: 2 });
}
async function perCallUs(instance, name, input, batch = 2000, rounds = 25) {
  const t = { timeoutMs: 10_000 };
  for (let i = 0; i < batch; i++) await instance.call(name, input, t);
  const samples = [];
  for (let r = 0; r < rounds; r++) {
    const s = performance.now();
    for (let i = 0; i < batch; i++) await instance.call(name, input, t);
    samples.push(((performance.now() - s) * 1000) / batch);
  }
  return median(samples);
}
const input = new Uint8Array(100).fill(65);
const core = await engineContractFixtures.wasm('echo');
const hostEcho = await engineContractFixtures.wasm('host_echo');
const inline = new NodeEngine({
  executor: 'inline',
  awaitInline: true,
  ...(stackBytes ? { asyncifyStackBytes: stackBytes } : {}),
});
const out = {};
out.warm = await perCallUs(await load(inline, core), 'echo', input);
out.sync_host = await perCallUs(await load(inline, hostEcho, { test_echo: (r) => r }), 'host_echo', input);
out.async_host = await perCallUs(
  await load(inline, hostEcho, { test_echo: async (r) => r }),
  'host_echo',
  input,
);
if (process.env.PROFILE)
  await perCallUs(await load(inline, hostEcho, { test_echo: async (r) => r }), 'host_echo', input, 2000, 200);
await inline.close();
console.log(JSON.stringify(out));
