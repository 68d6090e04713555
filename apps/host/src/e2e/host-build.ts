import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (this file is `apps/host/src/e2e/host-build.ts`, or its build in `dist/e2e`). */
export const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

/** The host process entry point the end-to-end tests run: the build, not the sources. */
export const HOST_MAIN = join(REPO_ROOT, 'apps/host/dist/main.js');

// A lock older than this belongs to a test run that died; a real build of apps/host takes seconds.
const STALE_LOCK_MS = 180_000;
const LOCK_WAIT_MS = 240_000;

/**
 * Brings `apps/host/dist` up to date with `tsc -b apps/host` (incremental: a no-op when nothing changed) and
 * rejects with tsc's output when the build fails.
 *
 * Guarantees: end-to-end spec files that run in parallel build one at a time (a lock directory in the OS temp
 * folder, keyed by the repository path), so no host process starts from half-written files of a concurrent
 * build. Does not guarantee: protection from a build started outside these tests at the same time.
 */
export async function ensureHostBuilt(): Promise<void> {
  const lock = join(
    tmpdir(),
    `ndp-e2e-build-${createHash('sha256').update(REPO_ROOT).digest('hex').slice(0, 16)}.lock`,
  );
  await acquire(lock);
  try {
    const tsc = join(REPO_ROOT, 'node_modules/typescript/bin/tsc');
    const { code, output } = await run(process.execPath, [tsc, '-b', 'apps/host'], REPO_ROOT);
    if (code !== 0)
      throw new Error(`tsc -b apps/host failed (exit ${code}); the host cannot be started:\n${output}`);
  } finally {
    await rm(lock, { recursive: true, force: true });
  }
}

async function acquire(lock: string): Promise<void> {
  const giveUp = Date.now() + LOCK_WAIT_MS;
  while (Date.now() < giveUp) {
    try {
      await mkdir(lock);
      return;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const age = await stat(lock).then(
        (s) => Date.now() - s.mtimeMs,
        () => 0,
      );
      if (age > STALE_LOCK_MS) await rm(lock, { recursive: true, force: true });
      else await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error(`timed out waiting for the build lock ${lock}; remove it if no test run is building`);
}

function run(
  command: string,
  args: readonly string[],
  cwd: string,
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, output }));
  });
}
