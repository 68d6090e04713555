import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Rewrites the manifest of an INSTALLED copy of a plugin (`<pluginFolder>/manifest.json`) so that its `http`
 * permission allows exactly `origins` (every path, `methods` only) with `allowLocalNetwork`, keeping the reason.
 * End-to-end tests point the examples at fake upstreams on 127.0.0.1 this way.
 *
 * Guarantees: only the given folder's copy changes; the shipped manifest under `examples/` is never touched, so
 * the examples still refuse the local network as shipped. Does not guarantee: that the plugin declares `http` at
 * all (a manifest without it is given one, which a module that imports no HTTP function simply never uses).
 */
export async function grantLocalOrigins(
  pluginFolder: string,
  origins: readonly string[],
  methods: readonly string[],
): Promise<void> {
  const file = join(pluginFolder, 'manifest.json');
  const manifest = JSON.parse(await readFile(file, 'utf8')) as { permissions: Record<string, unknown> };
  const http = (manifest.permissions['http'] ?? {}) as Record<string, unknown>;
  manifest.permissions['http'] = {
    ...http,
    allowLocalNetwork: true,
    allowedUrls: Object.fromEntries(origins.map((origin) => [origin, [...methods]])),
  };
  await writeFile(file, `${JSON.stringify(manifest, null, 2)}\n`);
}
