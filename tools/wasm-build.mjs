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

/** The Debian packages of the C toolchain, as `.ci/run` installs them. */
export const C_TOOLCHAIN_PACKAGES = Object.freeze(['clang', 'lld', 'wasi-libc', 'libclang-rt-dev-wasm32']);
const C_INSTALL_HINT = `install it with: apt-get install -y ${C_TOOLCHAIN_PACKAGES.join(' ')}`;

let cToolchain;

/**
 * Whether clang can build wasm32-wasi modules here: resolves with `{ ok: true, version }` or `{ ok: false, why }`
 * (the missing piece and the apt command that installs it). Checked once per process.
 */
export function cToolchainStatus() {
  cToolchain ??= (async () => {
    let version;
    try {
      version = (await run('clang', ['--version'])).stdout.split('\n')[0];
    } catch {
      return { ok: false, why: `clang is not installed; ${C_INSTALL_HINT}` };
    }
    // A one-line program through the whole chain (compile, wasi-libc, compiler-rt builtins, wasm-ld).
    const dir = join(cacheDir, 'c-probe');
    mkdirSync(dir, { recursive: true });
    const src = join(dir, `probe-${process.pid}.c`);
    writeFileSync(src, '#include <string.h>\nint probe(const char *s) { return (int)strlen(s); }\n');
    try {
      await run('clang', [...C_FLAGS, '-Wl,--export=probe', '-o', `${src}.wasm`, src]);
    } catch (e) {
      return { ok: false, why: `clang cannot build for wasm32-wasi (${firstLine(e)}); ${C_INSTALL_HINT}` };
    }
    return { ok: true, version };
  })();
  return cToolchain;
}

function firstLine(e) {
  return String(e.stderr || e.message)
    .trim()
    .split('\n')[0];
}

/** clang options of every C guest: a WASI reactor without start files (no `_start`, no WASI imports). */
const C_FLAGS = ['--target=wasm32-wasi', '-O2', '-nostartfiles', '-mexec-model=reactor', '-Wl,--no-entry'];

/**
 * Compiles the C sources of a guest with clang (Debian `clang` + `lld` + `wasi-libc` + compiler-rt builtins) to
 * a .wasm file, cached by the sources' hash, and returns its path. Rejects naming the apt packages when the
 * toolchain is missing.
 * @param {object} o
 * @param {string[]} o.sources the .c files
 * @param {string} o.name a readable name for the cached file
 * @param {string[]} [o.sourceDirs] folders whose files feed the cache key (headers); default the sources' folders
 */
export async function buildC({ sources, name, sourceDirs }) {
  const files = sources.map((s) => resolve(repoRoot, s));
  const dirs = sourceDirs ?? [...new Set(files.map((f) => dirname(f)))];
  const status = await cToolchainStatus();
  if (!status.ok) throw new Error(`cannot build ${name}: ${status.why}`);
  const key = hashOf(['c', status.version, ...C_FLAGS], dirs.flatMap(listFiles).concat(files));
  const out = join(cacheDir, `${name}-${key}.wasm`);
  if (existsSync(out)) return out;
  mkdirSync(cacheDir, { recursive: true });
  const tmp = `${out}.${process.pid}.tmp`;
  try {
    await run('clang', [...C_FLAGS, '-Wall', '-Werror', '-o', tmp, ...files], {
      maxBuffer: 16 * 1024 * 1024,
    });
  } catch (e) {
    throw new Error(`clang failed for ${name}:\n${e.stderr || e.stdout || e.message}`, { cause: e });
  }
  renameSync(tmp, out);
  return out;
}
