import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { hostUrlFile, loadConfig, type HostConfig } from '@ndp/host';
import type { PackageLimits } from '@ndp/packages';
import { HostAdminClient } from './host-admin-client.js';

/** The global options every command accepts. */
export interface GlobalOptions {
  readonly config?: string;
  readonly folder?: string;
  readonly url?: string;
}

/** What a command works on: the plugins folder and the host to tell about changes. */
export interface CliContext {
  /** The config file read, or undefined when none was found (defaults and NDP_* only). */
  readonly configFile: string | undefined;
  readonly pluginsFolder: string;
  /** The configuration's `Agents` order (plugin ids). */
  readonly agents: readonly string[];
  /** The host's manifest limits (`Plugins.MaxManifestSize`, `MaxManifestDepth`): a package it would refuse is refused. */
  readonly packageLimits: Partial<PackageLimits>;
  readonly host: HostAdminClient;
}

/**
 * Reads the host's own configuration (the same file and `NDP_*` overrides as `apps/host`): `--config`, else
 * `NDP_CONFIG`, else `./ndp.toml` when it exists (what `npm start` writes and uses). `--folder` overrides
 * `Plugins.Folder`; `--url` overrides the host URL derived from `Address`/`Port`. The host is the one this
 * configuration's data folder names (`<DataFolder>/host.url`, written by a running host), never a machine-wide
 * default; whichever host answers must serve this plugins folder (the admin client checks).
 */
export function cliContext(options: GlobalOptions, env: NodeJS.ProcessEnv, cwd: string): CliContext {
  const fallback = resolve(cwd, 'ndp.toml');
  const file = options.config ?? env['NDP_CONFIG'] ?? (existsSync(fallback) ? fallback : undefined);
  const config = loadConfig({ ...(file ? { file } : {}), env, cwd });
  const pluginsFolder = options.folder ? resolve(cwd, options.folder) : config.plugins.folder;
  return {
    configFile: config.file,
    pluginsFolder,
    agents: config.agents,
    packageLimits: {
      maxManifestBytes: config.plugins.maxManifestBytes,
      maxManifestDepth: config.plugins.maxManifestDepth,
    },
    host: new HostAdminClient({
      url: options.url ?? hostUrl(config),
      adminToken: config.adminToken,
      configFile: config.file,
      pluginsFolder,
    }),
  };
}

function hostUrl(config: HostConfig): string | undefined {
  // A running host writes where it answers (its port may have been chosen at start).
  const written = readFileSafe(hostUrlFile(config.dataFolder))?.trim();
  if (written) return written;
  // Port 0 means "any free port": without the host's own note, its port cannot be known from the config.
  if (config.port === 0) return undefined;
  const address = config.address === '0.0.0.0' || config.address === '::' ? '127.0.0.1' : config.address;
  return `http://${address.includes(':') ? `[${address}]` : address}:${config.port}`;
}

function readFileSafe(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}
