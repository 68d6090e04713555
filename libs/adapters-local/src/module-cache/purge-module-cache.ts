import { readdir, rm, rmdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { ModuleCachePurge } from '@ndp/ports';

/** A temporary file older than this belongs to a writer that died; younger ones may still be renamed. */
const STALE_TEMP_MS = 60 * 60 * 1000;

interface Candidate {
  readonly files: string[];
  bytes: number;
  lastUse: number;
}

/**
 * Brings the module cache under `root` to at most `maxBytes`: removes the entries (both files of a pair together)
 * whose last use (the newer modification time of the pair) is oldest, until the total size of what remains is at
 * most `maxBytes`; then removes shard folders left empty. A lone file of a pair counts as an entry of its own, so
 * leftovers go too. Temporary files of writers that died (older than {@link STALE_TEMP_MS} at `now`) are removed
 * and their bytes counted as freed; younger ones are left to their writer and not counted. A missing root is an
 * empty cache.
 */
export async function purgeModuleCache(
  root: string,
  maxBytes: number,
  now: number,
): Promise<ModuleCachePurge> {
  const shards = await readdir(root, { withFileTypes: true }).catch((error: unknown) => {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  });
  const entries = new Map<string, Candidate>();
  let freedBytes = 0;
  for (const shard of shards) {
    if (!shard.isDirectory()) continue;
    const dir = join(root, shard.name);
    for (const name of await readdir(dir)) {
      const file = join(dir, name);
      const info = await stat(file).catch(() => undefined);
      if (!info?.isFile()) continue;
      if (name.startsWith('.')) {
        if (now - info.mtimeMs > STALE_TEMP_MS) {
          await rm(file, { force: true });
          freedBytes += info.size;
        }
        continue;
      }
      const key = join(dir, name.replace(/\.(wasm|json)$/, ''));
      const entry = entries.get(key) ?? { files: [], bytes: 0, lastUse: 0 };
      entry.files.push(file);
      entry.bytes += info.size;
      entry.lastUse = Math.max(entry.lastUse, info.mtimeMs);
      entries.set(key, entry);
    }
  }
  let total = [...entries.values()].reduce((sum, e) => sum + e.bytes, 0);
  let removedEntries = 0;
  const oldestFirst = [...entries.values()].sort((a, b) => a.lastUse - b.lastUse);
  for (const entry of oldestFirst) {
    if (total <= maxBytes) break;
    // The record goes first, so a concurrent reader sees a miss rather than a module without its record.
    const recordFirst = [
      ...entry.files.filter((f) => f.endsWith('.json')),
      ...entry.files.filter((f) => !f.endsWith('.json')),
    ];
    for (const file of recordFirst) await rm(file, { force: true });
    total -= entry.bytes;
    freedBytes += entry.bytes;
    removedEntries++;
  }
  for (const shard of shards) {
    if (!shard.isDirectory()) continue;
    // Fails harmlessly when the folder still holds entries.
    await rmdir(join(root, shard.name)).catch(() => undefined);
  }
  return { removedEntries, freedBytes };
}
