import { createWriteStream } from 'node:fs';
import { readdir, readFile, rename, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { NdpError } from '@ndp/domain';
import yazl from 'yazl';
import { checkEntryName } from './entry-name.js';
import { packageInfo, type PackageInfo } from './package-info.js';
import { validatePlugin } from './validate-plugin.js';

/** A fixed entry time, so packing the same files twice gives the same bytes (and the same SHA-256). */
const ENTRY_TIME = new Date(2000, 0, 1, 0, 0, 0);
const DOC_FILE = /^(readme|license)/i;

/**
 * Builds a `.ndp` package from a plugin folder: `manifest.json`, `plugin.wasm`, then the plain files at the folder
 * root whose names start with README or LICENSE (any case), sorted. The manifest and module are validated first
 * (the same load checks as install), the archive is written to a temporary file and renamed to `out`, then read
 * back with every install check. Entry order and times are fixed, so the output is deterministic.
 *
 * Rejects with the validation error (`MANIFEST_INVALID`, `PERMISSION_NOT_GRANTED`, ...) or `PLUGIN_FOLDER_INVALID`
 * when manifest.json or plugin.wasm is missing; nothing is written then.
 */
export async function packFolder(folder: string, out: string): Promise<PackageInfo> {
  const root = resolve(folder);
  const manifestFile = join(root, 'manifest.json');
  const wasmFile = join(root, 'plugin.wasm');
  const manifestBytes = await required(manifestFile);
  const wasm = await required(wasmFile);
  validatePlugin(manifestBytes.toString('utf8'), wasm, { manifestFile, wasmFile });
  const docs = (await readdir(root, { withFileTypes: true }))
    .filter((d) => d.isFile() && DOC_FILE.test(d.name))
    .map((d) => d.name)
    .filter((name) => {
      const checked = checkEntryName(Buffer.from(name, 'utf8'), 0x800);
      return typeof checked !== 'string' && checked.role === 'doc';
    })
    .sort();
  const zip = new yazl.ZipFile();
  const options = { mtime: ENTRY_TIME, mode: 0o100644 };
  zip.addBuffer(manifestBytes, 'manifest.json', options);
  zip.addBuffer(wasm, 'plugin.wasm', options);
  for (const name of docs) zip.addBuffer(await readFile(join(root, name)), name, options);
  zip.end();
  const target = resolve(out);
  const temporary = `${target}.${process.pid}.tmp`;
  try {
    await pipeline(zip.outputStream, createWriteStream(temporary, { mode: 0o644 }));
    await rename(temporary, target);
  } catch (e) {
    await rm(temporary, { force: true });
    throw e;
  }
  return packageInfo(target);
}

async function required(file: string): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (cause) {
    throw new NdpError(
      'PLUGIN_FOLDER_INVALID',
      `${file} cannot be read (${(cause as NodeJS.ErrnoException).code}): a plugin folder needs manifest.json and plugin.wasm`,
      {
        cause,
        details: { file },
      },
    );
  }
}
