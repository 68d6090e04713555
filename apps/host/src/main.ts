#!/usr/bin/env node
// The host process: `node apps/host/dist/main.js [--config ndp.toml]` (or NDP_CONFIG). SIGTERM/SIGINT shut it down
// gracefully: in-flight calls finish, then every service closes. SIGHUP re-reads the configuration. Every
// configuration error (a bad file, a busy port) exits with 2 and one line naming the file, line and key.
import { NdpError } from '@ndp/domain';
import { loadConfig } from './config/load-config.js';
import { startHost } from './host.js';
import { PinoLogger } from './observability/pino-logger.js';

function configPath(argv: readonly string[], env: NodeJS.ProcessEnv): string | undefined {
  const i = argv.indexOf('--config');
  if (i >= 0) return argv[i + 1];
  const inline = argv.find((a) => a.startsWith('--config='));
  return inline ? inline.slice('--config='.length) : env['NDP_CONFIG'];
}

async function main(): Promise<void> {
  const load = () => loadConfig({ file: configPath(process.argv.slice(2), process.env), env: process.env });
  let config;
  try {
    config = load();
  } catch (e) {
    console.error(NdpError.is(e) ? `ndp: ${e.message}` : e);
    process.exit(2);
  }
  const logger = PinoLogger.create(config.logLevel);
  let host;
  try {
    host = await startHost(config, logger, { loadConfig: load });
  } catch (e) {
    // A Redis that cannot be reached at start is a configuration problem like any other: same message, same code.
    if (!NdpError.is(e, 'CONFIG_INVALID') && !NdpError.is(e, 'REDIS_UNAVAILABLE')) throw e;
    console.error(`ndp: ${e.message}`);
    process.exit(2);
  }
  const running = host;
  process.on('SIGHUP', () => {
    // A bad file is logged by the reload and the running configuration stays.
    running.reload('SIGHUP').catch(() => undefined);
  });
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info('shutting down', { signal });
    const force = setTimeout(() => process.exit(1), 30_000);
    force.unref();
    running.close().then(
      () => process.exit(0),
      (e: unknown) => {
        logger.error('shutdown failed', { error: String(e) });
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((e: unknown) => {
  console.error(NdpError.is(e) ? `ndp: ${e.message}` : e);
  process.exit(1);
});
