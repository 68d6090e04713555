// Engine-level load of 50 distinct small plugins (compile + instantiate), inline transform in the background or
// awaited. Run after `npm run build`: node benchmarks/engine-load50.mjs [await]
import { NodeEngine } from '../libs/adapters-wasm-node/dist/index.js';
import { engineContractFixtures } from '../tools/fixtures/engine/index.mjs';
const base = await engineContractFixtures.wasm('host_echo');
const mods = Array.from({ length: 50 }, (_, i) => {
  const name = Buffer.from('nonce');
  const payload = Buffer.from(`plugin ${i} ${process.pid}`);
  return new Uint8Array(
    Buffer.concat([
      Buffer.from(base),
      Buffer.from([0, name.length + 1 + payload.length, name.length]),
      name,
      payload,
    ]),
  );
});
const awaitInline = process.argv[2] === 'await';
const engine = new NodeEngine({ awaitInline, workers: 2 });
const noop = () => {};
const opts = { pluginId: 'p', memoryLimitBytes: 128 << 20 };
const s = performance.now();
const plugins = await Promise.all(mods.map((m) => engine.compile(m, opts)));
const inst = await Promise.all(
  plugins.map((p) =>
    engine.instantiate(p, {
      ...opts,
      config: {},
      hostFunctions: { test_echo: (r) => r },
      logger: { trace: noop, debug: noop, info: noop, warn: noop, error: noop },
      logLevel: 4,
    }),
  ),
);
const loaded = performance.now() - s;
await Promise.all(plugins.map((p) => engine.whenInline(p)));
const inlineReady = performance.now() - s;
console.log(
  JSON.stringify({
    awaitInline,
    loaded_ms: Math.round(loaded),
    all_inline_ms: Math.round(inlineReady),
    executors: [...new Set(inst.map((i) => i.executor))],
  }),
);
await engine.close();
