// Builds WebAssembly modules from source for tests, examples and benchmarks: AssemblyScript through `asc`
// (one process per module: asc keeps state in-process) and WAT through wabt. Results are cached under
// .cache/wasm by a hash of every source that can reach the module, so repeated runs cost nothing and a
// changed source always rebuilds.
import { createHash } from 'node:crypto';
import { execFile } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
export const repoRoot = resolve(import.meta.dirname, '..');
const cacheDir = join(repoRoot, '.cache', 'wasm');
const ascBin = join(repoRoot, 'node_modules', 'assemblyscript', 'bin', 'asc.js');

/** AssemblyScript sources shared by every guest: the PDK and the generated codecs. */
export const SHARED_AS_SOURCES = [
  join(repoRoot, 'libs', 'pdk-assemblyscript', 'assembly'),
  join(repoRoot, 'libs', 'protocol', 'assembly'),
];

function listFiles(dir) {
  if (!existsSync(dir)) return [];
  if (statSync(dir).isFile()) return [dir];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.name === 'node_modules' || e.name.startsWith('.')) return [];
    return e.isDirectory() ? listFiles(p) : [p];
  });
}

function hashOf(parts, files) {
  const h = createHash('sha256');
  for (const p of parts) h.update(String(p)).update('\0');
  for (const f of [...new Set(files)].sort()) {
    h.update(relative(repoRoot, f)).update('\0').update(readFileSync(f)).update('\0');
  }
  return h.digest('hex').slice(0, 32);
}

function ascVersion() {
  return JSON.parse(readFileSync(join(repoRoot, 'node_modules', 'assemblyscript', 'package.json'), 'utf8'))
    .version;
}

/**
 * Compiles an AssemblyScript entry file to a .wasm file and returns its path.
 * @param {object} o
 * @param {string} o.entry path of the entry .ts file
 * @param {string[]} [o.ascOptions] extra asc options (default: -O3 --runtime stub --noAssert)
 * @param {string[]} [o.sourceDirs] folders whose files feed the cache key (default: the entry's folder + shared sources)
 * @param {string} [o.name] a readable name for the cached file
 * @returns {Promise<string>} the path of the built module
 */
export async function buildAssemblyScript({ entry, ascOptions, sourceDirs, name }) {
  const abs = resolve(repoRoot, entry);
  const options = ascOptions ?? ['-O3', '--runtime', 'stub', '--noAssert'];
  const dirs = sourceDirs ?? [dirname(abs), ...SHARED_AS_SOURCES];
  const key = hashOf(
    [ascVersion(), relative(repoRoot, abs), ...options],
    dirs.flatMap(listFiles).concat(abs),
  );
  const out = join(cacheDir, `${name ?? relative(repoRoot, abs).replace(/[^a-zA-Z0-9]+/g, '_')}-${key}.wasm`);
  if (existsSync(out)) return out;
  mkdirSync(cacheDir, { recursive: true });
  const tmp = `${out}.${process.pid}.tmp`;
  try {
    await run(
      process.execPath,
      [ascBin, relative(repoRoot, abs), '-o', relative(repoRoot, tmp), ...options],
      {
        cwd: repoRoot,
        maxBuffer: 16 * 1024 * 1024,
      },
    );
  } catch (e) {
    throw new Error(`asc failed for ${relative(repoRoot, abs)}:\n${e.stderr || e.stdout || e.message}`, {
      cause: e,
    });
  }
  renameSync(tmp, out);
  return out;
}

/** Compiles WAT text to a .wasm file (cached by content) and returns its path. */
export async function buildWat(name, watText) {
  const key = hashOf(['wat', name, watText], []);
  const out = join(cacheDir, `${name}-${key}.wasm`);
  if (existsSync(out)) return out;
  mkdirSync(cacheDir, { recursive: true });
  const wabt = await (await import('wabt')).default();
  const mod = wabt.parseWat(`${name}.wat`, watText, { multi_value: true, bulk_memory: true });
  try {
    mod.validate();
    const tmp = `${out}.${process.pid}.tmp`;
    writeFileSync(tmp, Buffer.from(mod.toBinary({}).buffer));
    renameSync(tmp, out);
  } finally {
    mod.destroy();
  }
  return out;
}
