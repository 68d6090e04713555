// Loads every plugin of a folder in a fresh process (discover, validate, compile, instantiate for OnInit checks)
// and prints {"ms": <wall time>, "ready": <count>, "rssMiB": <resident memory once loaded>} — one sample of the load figures of benchmarks/run.mjs.
import { join } from 'node:path';
import { silentLogger } from './silent-logger.mjs';

const [pluginsFolder, cacheFolder] = process.argv.slice(2);
const { loadConfig, composeHost } = await import(join(import.meta.dirname, '../apps/host/dist/index.js'));
const config = loadConfig({
  env: {
    NDP_PLUGINS_FOLDER: pluginsFolder,
    NDP_PLUGINS_CACHEFOLDER: cacheFolder,
    NDP_SERVER_SECRET: 'bench',
  },
});
const composed = composeHost(config, silentLogger());
const started = performance.now();
await composed.manager.start();
await composed.manager.settled();
const ms = performance.now() - started;
const ready = composed.manager.list().filter((p) => p.state === 'ready').length;
const rssMiB = process.memoryUsage().rss / (1024 * 1024);
await composed.close();
console.log(JSON.stringify({ ms, ready, rssMiB }));
