import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { HostConfig } from './host-config.js';

/**
 * The secret that signs artwork URLs: `Server.Secret` when set, else the one kept in `<DataFolder>/.secret`
 * (created with mode 0600 on first use), so URLs stay valid across restarts.
 */
export function artworkSecret(config: Pick<HostConfig, 'secret' | 'dataFolder'>): string {
  if (config.secret) return config.secret;
  const file = join(config.dataFolder, '.secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(config.dataFolder, { recursive: true, mode: 0o700 });
  const secret = randomBytes(32).toString('hex');
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}
