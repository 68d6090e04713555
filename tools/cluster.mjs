// `npm run cluster`: a local three-node cluster on one machine. Builds what is needed, starts redis-server
// (AOF on, data in ./data/cluster/redis) and three hosts on consecutive ports (4541, 4542, 4543 by default, or
// from NDP_CLUSTER_PORT), each with its own data and plugins folder under ./data/cluster/node-N. The example
// plugins are installed into node 1 only: the other nodes receive them through Redis. Ctrl+C stops everything.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { join } from 'node:path';
import { buildExamples } from './build-examples.mjs';
import { ensureGenerated } from './generate.mjs';

const root = join(import.meta.dirname, '..');
const clusterFolder = join(root, 'data', 'cluster');
const firstPort = Number(process.env.NDP_CLUSTER_PORT ?? 4541);
const redisPort = Number(process.env.NDP_CLUSTER_REDIS_PORT ?? 6390);
const NODES = 3;

function step(message) {
  process.stderr.write(`ndp cluster: ${message}\n`);
}

function fail(message) {
  step(message);
  process.exit(1);
}

/** One token for the three nodes, kept across runs, so `ndp` works against any of them. */
function adminToken() {
  const file = join(clusterFolder, '.admin-token');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const token = randomBytes(18).toString('base64url');
  writeFileSync(file, `${token}\n`, { mode: 0o600 });
  return token;
}

function nodeConfig(n, token) {
  return `# Node ${n} of the local cluster, written by \`npm run cluster\`.
DataFolder = "./data/cluster/node-${n}"
Address = "127.0.0.1"
Port = ${firstPort + n - 1}
LogLevel = "info"

[Server]
AdminToken = "${token}"

[Plugins]
Folder = "./data/cluster/node-${n}/plugins"
CacheFolder = "./data/cluster/node-${n}/cache"
Agents = "notes,wikimedia,coverartarchive"

[Cluster]
Redis = "redis://127.0.0.1:${redisPort}"
Prefix = "ndp-local"
NodeName = "node-${n}"
`;
}

function ping(port) {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port }, () => socket.write('PING\r\n'));
    socket.setTimeout(500, () => socket.destroy());
    socket.once('data', (d) => {
      socket.destroy();
      resolve(d.toString().startsWith('+PONG'));
    });
    socket.once('error', () => resolve(false));
    socket.once('close', () => resolve(false));
  });
}

async function startRedis() {
  if (spawnSync('redis-server', ['--version']).error) {
    fail('redis-server is not installed: run "sudo apt-get install -y redis-server" (Debian/Ubuntu)');
  }
  if (await ping(redisPort)) {
    step(`using the Redis already answering on 127.0.0.1:${redisPort}`);
    return undefined;
  }
  const dir = join(clusterFolder, 'redis');
  mkdirSync(dir, { recursive: true });
  const child = spawn(
    'redis-server',
    ['--port', String(redisPort), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--save', ''],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  for (let i = 0; i < 100 && !(await ping(redisPort)); i++) await new Promise((r) => setTimeout(r, 100));
  if (!(await ping(redisPort))) fail(`redis-server did not answer on 127.0.0.1:${redisPort}`);
  step(`redis-server on 127.0.0.1:${redisPort} (data in ${dir})`);
  return child;
}

async function main() {
  step('generating code and building (tsc -b)');
  await ensureGenerated({ quiet: true });
  const tsc = spawnSync(
    process.execPath,
    [join(root, 'node_modules/typescript/bin/tsc'), '-b', 'tsconfig.json'],
    {
      cwd: root,
      stdio: 'inherit',
    },
  );
  if (tsc.status !== 0) fail('the TypeScript build failed (see above)');
  mkdirSync(clusterFolder, { recursive: true, mode: 0o700 });
  const token = adminToken();
  const configs = [];
  for (let n = 1; n <= NODES; n++) {
    const file = join(clusterFolder, `node-${n}`, 'ndp.toml');
    mkdirSync(join(clusterFolder, `node-${n}`), { recursive: true, mode: 0o700 });
    if (!existsSync(file)) writeFileSync(file, nodeConfig(n, token), { mode: 0o600 });
    configs.push(file);
  }
  const node1Plugins = join(clusterFolder, 'node-1', 'plugins');
  if (!existsSync(node1Plugins)) {
    step(`building and installing the example plugins into node 1 (${node1Plugins})`);
    await buildExamples({ outDir: node1Plugins });
  }
  const redis = await startRedis();
  const children = [];
  const stopAll = () => {
    for (const c of children) c.kill('SIGTERM');
    redis?.kill('SIGTERM');
  };
  process.on('SIGINT', stopAll);
  process.on('SIGTERM', stopAll);
  for (const file of configs) {
    const host = spawn(process.execPath, [join(root, 'apps/host/dist/main.js'), '--config', file], {
      cwd: root,
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    host.once('exit', (code, signal) => {
      step(`${file}: host exited (${signal ?? code})`);
      if (!process.exitCode && code) process.exitCode = code;
    });
    children.push(host);
    // One after another: node 1 offers its plugins to the cluster before the others catch up.
    await new Promise((r) => setTimeout(r, 1_500));
  }
  const urls = configs.map((_, i) => `http://127.0.0.1:${firstPort + i}`);
  process.stderr.write(
    `\nndp cluster: three nodes sharing redis://127.0.0.1:${redisPort}\n\n` +
      urls.map((u, i) => `  node-${i + 1}  ${u}\n`).join('') +
      `\n  try:  curl ${urls[1]}/api/plugins\n` +
      `        npx ndp --config ${configs[0]} install <file.ndp>   (then see it on ${urls[2]})\n` +
      `  admin token: data/cluster/.admin-token    stop: Ctrl+C\n\n`,
  );
  await Promise.all(children.map((c) => new Promise((r) => c.once('exit', r))));
  redis?.kill('SIGTERM');
}

main().catch((e) => fail(e?.message ?? String(e)));
