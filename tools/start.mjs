// `npm start`: builds what is needed, installs the example plugins into ./data/plugins, writes ./ndp.toml when there
// is none, and runs the host on 127.0.0.1 (port 4533, or the next free one). No service needs to be installed.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { buildExamples } from './build-examples.mjs';
import { ensureGenerated } from './generate.mjs';

const root = join(import.meta.dirname, '..');
const configFile = process.env.NDP_CONFIG ?? join(root, 'ndp.toml');

function step(message) {
  process.stderr.write(`ndp: ${message}\n`);
}

function defaultConfig() {
  return `# ndp host configuration, written by \`npm start\` because there was none. Edit freely; NDP_* environment
# variables override any key (NDP_PORT, NDP_PLUGINS_FOLDER, NDP_PLUGINCONFIG_<ID>_<KEY>, ...).
DataFolder = "./data"
Address = "127.0.0.1"
Port = 4533
LogLevel = "info"

[Server]
# Mutating admin routes (refresh, disable, enable) need "Authorization: Bearer <AdminToken>".
AdminToken = "${randomBytes(18).toString('base64url')}"

[Plugins]
Enabled = true
Folder = "./data/plugins"
CacheFolder = "./data/cache"
CacheSize = "100MB"
Engine = "node"
CallTimeout = "10s"
# MetadataAgent plugins, in order: the first usable answer wins. notes works offline.
Agents = "notes,wikimedia,coverartarchive"

[PluginConfig.notes]
"bio.björk" = "Björk Guðmundsdóttir is an Icelandic singer, songwriter and composer, known for albums such as Debut, Homogenic and Vespertine."
"similar.björk" = "Sigur Rós, Múm, Portishead"
"top.björk" = "Army of Me, Hyperballad, Jóga, Human Behaviour"
"bio.nina simone" = "Nina Simone was an American singer, songwriter, pianist and civil rights activist, the High Priestess of Soul."
"similar.nina simone" = "Billie Holiday, Aretha Franklin"

[PluginConfig.listenbrainz]
# users = "alice:<ListenBrainz user token>,bob:<token>"
users = ""
`;
}

function freePort(port, address) {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, address, () => probe.close(() => resolve(true)));
  });
}

async function main() {
  step('generating code from the .proto files');
  await ensureGenerated({ quiet: true });
  step('building (tsc -b)');
  const tsc = spawnSync(
    process.execPath,
    [join(root, 'node_modules/typescript/bin/tsc'), '-b', 'tsconfig.json'],
    {
      cwd: root,
      stdio: 'inherit',
    },
  );
  if (tsc.status !== 0) {
    step('the TypeScript build failed (see above)');
    process.exit(1);
  }
  if (!existsSync(configFile)) {
    writeFileSync(configFile, defaultConfig(), { mode: 0o600 });
    step(`wrote a default config: ${configFile}`);
  }
  const { loadConfig, startHost, PinoLogger } = await import('../apps/host/dist/index.js');
  let config = loadConfig({ file: configFile, env: process.env, cwd: root });
  step(`building and installing the example plugins into ${config.plugins.folder}`);
  await buildExamples({ outDir: config.plugins.folder });

  let port = config.port;
  if (port !== 0) {
    while (!(await freePort(port, config.address)) && port < config.port + 50) port++;
    if (port !== config.port) step(`port ${config.port} is busy; using ${port}`);
    config = loadConfig({ file: configFile, env: { ...process.env, NDP_PORT: String(port) }, cwd: root });
  }
  const host = await startHost(config, PinoLogger.create(config.logLevel));
  const url = host.url;
  process.stderr.write(
    `\nndp is running at ${url}\n\n` +
      `  try:  curl '${url}/api/agents/artists/biography?name=Bj%C3%B6rk'\n` +
      `        curl ${url}/api/plugins\n` +
      `        curl ${url}/health\n\n` +
      `  config: ${configFile}    stop: Ctrl+C\n\n`,
  );
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    host.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e) => {
  console.error(`ndp: ${e?.message ?? e}`);
  process.exit(1);
});
