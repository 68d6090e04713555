import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Rewrites the manifest of an INSTALLED copy of a plugin so that both its `http` permission (every path of
 * `origin`, with `methods`) and its `websocket` permission (`ws://` on the same host and port) allow one local
 * server, with `allowLocalNetwork`. Reasons are kept. End-to-end tests point the Discord example at the fake
 * Discord, whose REST API and gateway share one origin, this way.
 *
 * Guarantees: only `<pluginFolder>/manifest.json` changes; the shipped manifest under `examples/` keeps refusing the
 * local network. Does not guarantee: that the module imports the services it is granted.
 */
export async function grantLocalGateway(
  pluginFolder: string,
  origin: string,
  methods: readonly string[],
): Promise<void> {
  const file = join(pluginFolder, 'manifest.json');
  const manifest = JSON.parse(await readFile(file, 'utf8')) as {
    permissions: Record<string, Record<string, unknown> | undefined>;
  };
  const wsOrigin = origin.replace(/^http/, 'ws');
  manifest.permissions['http'] = {
    ...manifest.permissions['http'],
    allowLocalNetwork: true,
    allowedUrls: { [origin]: [...methods] },
  };
  manifest.permissions['websocket'] = {
    ...manifest.permissions['websocket'],
    allowLocalNetwork: true,
    allowedUrls: [wsOrigin],
  };
  await writeFile(file, `${JSON.stringify(manifest, null, 2)}\n`);
}
