import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, utimes, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Clock, ModuleCache, ModuleCacheEntry, ModuleCachePurge } from '@ndp/ports';
import { entryFiles, parseEntryRecord, type EntryRecord } from './module-cache-layout.js';
import { purgeModuleCache } from './purge-module-cache.js';

/** Options of {@link FsModuleCache}. */
export interface FsModuleCacheOptions {
  /** `Plugins.CacheFolder`; entries live in its `plugins` subfolder. */
  readonly cacheFolder: string;
  /** The time written as an entry's last use. Default: `Date.now`. Tests inject a fake one. */
  readonly clock?: Pick<Clock, 'now'>;
}

/**
 * The {@link ModuleCache} on disk, under `<cacheFolder>/plugins` (see `entryFiles` for the layout).
 *
 * Guarantees (beyond the port's): an entry is two files, the module bytes and a JSON record holding their size and
 * SHA-256 plus the metadata; each is written to a temporary file and renamed into place, so a reader sees either
 * a whole old file or a whole new one, and the record's checksum turns any mismatched or damaged pair into a miss.
 * The files' modification time is the entry's last use: set by `put`, refreshed by every `get` hit, and `purge`
 * removes the entries with the oldest one first, then the shard folders left empty.
 * Does not guarantee: coordination between processes beyond what atomic renames give (two hosts writing the same
 * entry leave one whole version), or that a `get` racing a `purge` finds its entry.
 *
 * @example
 * ```ts
 * const modules = new FsModuleCache({ cacheFolder: './data/cache' });
 * await modules.purge(100 * 1024 * 1024);
 * ```
 */
export class FsModuleCache implements ModuleCache {
  /** The absolute folder holding the entries: `<cacheFolder>/plugins`. */
  readonly root: string;
  private readonly clock: Pick<Clock, 'now'>;

  constructor(options: FsModuleCacheOptions) {
    this.root = join(resolve(options.cacheFolder), 'plugins');
    this.clock = options.clock ?? Date;
  }

  async get(hash: string, variant: string): Promise<ModuleCacheEntry | undefined> {
    const files = entryFiles(this.root, hash, variant);
    const recordText = await readIfExists(files.meta, 'utf8');
    const record = recordText === undefined ? undefined : parseEntryRecord(recordText);
    if (!record) return undefined;
    const bytes = await readIfExists(files.wasm);
    if (!bytes || bytes.byteLength !== record.size || sha256(bytes) !== record.sha256) return undefined;
    const now = new Date(this.clock.now());
    // A purge may remove the files between the read and the touch; the bytes read are still whole.
    await Promise.all([utimes(files.wasm, now, now), utimes(files.meta, now, now)]).catch(ignoreMissing);
    return {
      bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength),
      metadata: record.metadata,
    };
  }

  async put(hash: string, variant: string, entry: ModuleCacheEntry): Promise<void> {
    const files = entryFiles(this.root, hash, variant);
    await mkdir(files.dir, { recursive: true, mode: 0o700 });
    const record: EntryRecord = {
      format: 1,
      size: entry.bytes.byteLength,
      sha256: sha256(entry.bytes),
      metadata: entry.metadata,
    };
    const now = new Date(this.clock.now());
    // Module first, record second: until the new record lands, the old record's checksum rejects the new module.
    await this.writeAtomically(files.dir, files.base, files.wasm, entry.bytes, now);
    await this.writeAtomically(files.dir, files.base, files.meta, JSON.stringify(record), now);
  }

  async purge(maxBytes: number): Promise<ModuleCachePurge> {
    return purgeModuleCache(this.root, maxBytes, this.clock.now());
  }

  private async writeAtomically(
    dir: string,
    base: string,
    file: string,
    data: Uint8Array | string,
    time: Date,
  ) {
    // Hidden and unique, so neither readers nor the purge of entries mistake it for an entry.
    const temp = join(dir, `.${base}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
    try {
      await writeFile(temp, data, { mode: 0o600 });
      await utimes(temp, time, time);
      await rename(temp, file);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
  }
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

async function readIfExists(file: string): Promise<Buffer | undefined>;
async function readIfExists(file: string, encoding: 'utf8'): Promise<string | undefined>;
async function readIfExists(file: string, encoding?: 'utf8'): Promise<Buffer | string | undefined> {
  try {
    return encoding ? await readFile(file, encoding) : await readFile(file);
  } catch (error) {
    ignoreMissing(error);
    return undefined;
  }
}

function ignoreMissing(error: unknown): void {
  if ((error as NodeJS.ErrnoException | undefined)?.code !== 'ENOENT') throw error;
}
