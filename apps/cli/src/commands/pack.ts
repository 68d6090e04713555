import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { packFolder } from '@ndp/packages';
import { NdpError, parseManifest } from '@ndp/domain';
import type { CliIo } from '../cli-io.js';

/** `ndp pack <folder> [-o file.ndp]`: a validated, deterministic package; default `./<name>-<version>.ndp`. */
export async function packCommand(
  io: CliIo,
  folder: string,
  options: { output?: string },
  cwd: string,
): Promise<void> {
  let out = options.output;
  if (out === undefined) {
    const manifestFile = join(resolve(cwd, folder), 'manifest.json');
    const text = await readFile(manifestFile, 'utf8').catch((cause: unknown) => {
      throw new NdpError(
        'PLUGIN_FOLDER_INVALID',
        `${manifestFile} cannot be read: a plugin folder needs manifest.json`,
        {
          cause,
          details: { file: manifestFile },
        },
      );
    });
    const parsed = parseManifest(text, manifestFile);
    if (!parsed.ok) throw parsed.error;
    out = `${parsed.value.manifest.name}-${parsed.value.manifest.version}.ndp`;
  }
  const info = await packFolder(resolve(cwd, folder), resolve(cwd, out));
  io.out(`Packed '${info.manifest.name}' v${info.manifest.version} into ${info.file}`);
  io.out(`  Size: ${info.sizeBytes} bytes, SHA-256: ${info.sha256}`);
}
