import { resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { crc32 } from 'node:zlib';
import { NdpError, parsePluginConfigSchema, type PluginConfigSchema } from '@ndp/domain';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { entryFileType } from './entry-file-type.js';
import { checkEntryName, type CheckedEntryName } from './entry-name.js';
import { packageError } from './package-error.js';
import { DEFAULT_PACKAGE_LIMITS, type PackageLimits } from './package-limits.js';
import type { PackageDoc, PluginPackage } from './plugin-package.js';
import { validatePlugin } from './validate-plugin.js';

/**
 * Reads a `.ndp` package (a ZIP, docs/contract.md §7) into memory and validates it, entry by entry as yauzl streams them.
 *
 * Refused with `PACKAGE_INVALID`, the message naming the package and the entry: unsafe names (see
 * {@link checkEntryName}: absolute, `..`, backslash, drive letter, NUL, other folders than `docs/`), symlinks and
 * other special files, encrypted entries, unknown compression methods, duplicate names (compared
 * case-insensitively), more than `maxEntries` entries, an entry that declares or inflates to more than
 * `maxEntryBytes` (a `manifest.json` over `maxManifestBytes`), entries whose sizes declared or inflated pass `maxTotalBytes` (the inflate stream is destroyed
 * as soon as a cap is passed), CRC mismatches, and a missing `manifest.json` or `plugin.wasm`. Then the manifest
 * and module go through {@link validatePlugin} (`MANIFEST_INVALID`, `PERMISSION_NOT_GRANTED`, ...).
 *
 * Never writes anything. Does not guarantee that the module compiles.
 */
export async function readPackage(file: string, limits: Partial<PackageLimits> = {}): Promise<PluginPackage> {
  const path = resolve(file);
  const bounds = { ...DEFAULT_PACKAGE_LIMITS, ...limits };
  let zip: ZipFile;
  try {
    zip = await yauzl.openPromise(path, {
      lazyEntries: true,
      autoClose: false,
      decodeStrings: false,
      validateEntrySizes: true,
    });
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw packageError(path, 'the file does not exist', {}, cause);
    throw packageError(
      path,
      `is not a ZIP archive (${(cause as Error).message}); build it with "ndp pack"`,
      {},
      cause,
    );
  }
  try {
    return await readEntries(path, zip, bounds);
  } catch (cause) {
    if (NdpError.is(cause)) throw cause;
    throw packageError(path, `is not a valid ZIP archive: ${(cause as Error).message}`, {}, cause);
  } finally {
    zip.close();
  }
}

async function readEntries(file: string, zip: ZipFile, limits: PackageLimits): Promise<PluginPackage> {
  if (zip.entryCount > limits.maxEntries) {
    throw packageError(file, `holds ${zip.entryCount} entries, more than the limit of ${limits.maxEntries}`);
  }
  const seen = new Map<string, string>();
  let declaredTotal = 0;
  let actualTotal = 0;
  let manifestBytes: Uint8Array | undefined;
  let wasm: Uint8Array | undefined;
  const docs: PackageDoc[] = [];
  for await (const entry of zip.eachEntry()) {
    const raw = entry.fileName as unknown as Uint8Array;
    const checked = checkEntryName(raw, entry.generalPurposeBitFlag);
    if (typeof checked === 'string') throw packageError(file, checked);
    const shown = JSON.stringify(new TextDecoder().decode(raw));
    const key = checked.path.toLowerCase();
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      throw packageError(
        file,
        `entry ${shown} appears twice (it clashes with ${earlier}; names are compared case-insensitively)`,
        { entry: checked.path },
      );
    }
    seen.set(key, shown);
    checkKind(file, entry, checked, shown);
    if (checked.role === 'directory') continue;

    if (checked.role === 'manifest' && entry.uncompressedSize > limits.maxManifestBytes) {
      throw packageError(
        file,
        `manifest.json declares ${entry.uncompressedSize} bytes, over the limit of ${limits.maxManifestBytes} for a manifest (Plugins.MaxManifestSize)`,
        { entry: checked.path },
      );
    }
    if (entry.uncompressedSize > limits.maxEntryBytes) {
      throw packageError(
        file,
        `entry ${shown} declares ${entry.uncompressedSize} bytes, over the limit of ${limits.maxEntryBytes} per entry`,
        { entry: checked.path },
      );
    }
    declaredTotal += entry.uncompressedSize;
    if (declaredTotal > limits.maxTotalBytes) {
      throw packageError(
        file,
        `the entries up to ${shown} declare ${declaredTotal} bytes, over the limit of ${limits.maxTotalBytes} in all`,
        { entry: checked.path },
      );
    }
    const cap = Math.min(
      checked.role === 'manifest' ? limits.maxManifestBytes : limits.maxEntryBytes,
      limits.maxTotalBytes - actualTotal,
    );
    const bytes = await readEntry(file, zip, entry, shown, cap, limits);
    actualTotal += bytes.length;
    if (checked.role === 'manifest') manifestBytes = bytes;
    else if (checked.role === 'wasm') wasm = bytes;
    else docs.push({ path: checked.path, bytes });
  }
  const missing = [manifestBytes ? undefined : 'manifest.json', wasm ? undefined : 'plugin.wasm'].filter(
    Boolean,
  );
  if (!manifestBytes || !wasm) {
    throw packageError(
      file,
      `is missing ${missing.join(' and ')} at its root; a package needs manifest.json and plugin.wasm (build it with "ndp pack")`,
    );
  }
  let manifestText: string;
  try {
    manifestText = new TextDecoder('utf-8', { fatal: true }).decode(manifestBytes);
  } catch (cause) {
    throw packageError(file, 'manifest.json is not UTF-8 text', { entry: 'manifest.json' }, cause);
  }
  const parsed = validatePlugin(
    manifestText,
    wasm,
    { manifestFile: `${file} (manifest.json)`, wasmFile: `${file} (plugin.wasm)` },
    { maxBytes: limits.maxManifestBytes, maxDepth: limits.maxManifestDepth },
  );
  const settings = settingsOf(file, docs);
  return Object.freeze({
    file,
    manifest: parsed.manifest,
    parsed,
    manifestBytes,
    wasm,
    docs: Object.freeze(docs),
    ...(settings ? { settings } : {}),
  });
}

function checkKind(file: string, entry: Entry, checked: CheckedEntryName, shown: string): void {
  const details = { entry: checked.path };
  if (entry.isEncrypted()) {
    throw packageError(file, `entry ${shown} is encrypted; packages must not be encrypted`, details);
  }
  const type = entryFileType({
    versionMadeBy: entry.versionMadeBy,
    externalFileAttributes: entry.externalFileAttributes,
    nameEndsWithSlash: checked.role === 'directory',
  });
  if (type === 'symlink') {
    throw packageError(
      file,
      `entry ${shown} is a symbolic link; packages may hold plain files only`,
      details,
    );
  }
  if (type === 'other' || (type === 'directory') !== (checked.role === 'directory')) {
    throw packageError(
      file,
      `entry ${shown} is not a plain file or folder (its attributes say otherwise)`,
      details,
    );
  }
  if (!entry.canDecodeFileData() && checked.role !== 'directory') {
    throw packageError(
      file,
      `entry ${shown} uses compression method ${entry.compressionMethod}; only stored and deflated entries are read`,
      details,
    );
  }
}

async function readEntry(
  file: string,
  zip: ZipFile,
  entry: Entry,
  shown: string,
  cap: number,
  limits: PackageLimits,
): Promise<Uint8Array> {
  const details = { entry: shown };
  let stream: Readable;
  try {
    stream = await zip.openReadStreamPromise(entry);
  } catch (cause) {
    throw packageError(file, `entry ${shown} cannot be read: ${(cause as Error).message}`, details, cause);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > cap) {
        // Stop inflating now: reading on would let a bomb eat memory before the count is compared.
        stream.destroy();
        const which =
          cap === limits.maxManifestBytes && shown === '"manifest.json"'
            ? `over the limit of ${limits.maxManifestBytes} for a manifest (Plugins.MaxManifestSize)`
            : cap === limits.maxEntryBytes
              ? `over the limit of ${limits.maxEntryBytes} per entry`
              : `passing the limit of ${limits.maxTotalBytes} for the whole package`;
        throw packageError(file, `entry ${shown} inflates to more than ${cap} bytes, ${which}`, details);
      }
      chunks.push(chunk);
    }
  } catch (cause) {
    if (NdpError.is(cause)) throw cause;
    const message = (cause as Error).message;
    const why = /too many bytes/.test(message)
      ? `inflates to more than the ${entry.uncompressedSize} bytes it declares (a zip bomb or a corrupt package)`
      : /too few bytes/.test(message)
        ? `inflates to fewer than the ${entry.uncompressedSize} bytes it declares (a corrupt package)`
        : `cannot be inflated: ${message}`;
    throw packageError(file, `entry ${shown} ${why}`, details, cause);
  }
  const bytes = Buffer.concat(chunks, size);
  if (crc32(bytes) >>> 0 !== entry.crc32 >>> 0) {
    throw packageError(file, `entry ${shown} fails its CRC-32 check (a corrupt package)`, details);
  }
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

// A settings schema travels as a root file of the package; one the host would refuse at load is refused here.
function settingsOf(file: string, docs: readonly PackageDoc[]): PluginConfigSchema | undefined {
  const doc = docs.find((d) => d.path === 'config.schema.json');
  if (!doc) return undefined;
  const parsed = parsePluginConfigSchema(new TextDecoder().decode(doc.bytes), `${file} (config.schema.json)`);
  if (!parsed.ok) throw parsed.error;
  return parsed.value;
}
