// Packs the packages a user installs (@ndp/host and the libraries it runs on, the AssemblyScript PDK, the test
// kit) as npm tarballs, after building their `dist`. The set is the workspace: every workspace package that is not
// `private` is published, so a new library is published by making its package.json publishable (no `private`,
// a `files` list, a README). Run as a script: `node tools/pack-packages.mjs [out folder]` (default
// `dist/packages`); `npm run pack:packages` does that.
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { ensureGenerated } from './generate.mjs';
import { repoRoot } from './wasm-build.mjs';

const run = promisify(execFile);

/** The workspace folders whose packages may be published. */
const WORKSPACE_TOPS = ['libs', 'apps'];

/**
 * The published packages (`{ folder, name, manifest }`), runtime dependencies before their dependents. Throws
 * naming the package when a published package depends on a workspace package that is private (its install
 * would fail).
 */
export function publishedPackages(root = repoRoot) {
  const all = new Map();
  for (const top of WORKSPACE_TOPS) {
    for (const d of readdirSync(join(root, top), { withFileTypes: true })) {
      const file = join(root, top, d.name, 'package.json');
      if (!d.isDirectory() || !existsSync(file)) continue;
      const manifest = JSON.parse(readFileSync(file, 'utf8'));
      all.set(manifest.name, { folder: `${top}/${d.name}`, name: manifest.name, manifest });
    }
  }
  const published = [...all.values()].filter((p) => !p.manifest.private);
  for (const p of published) {
    for (const dep of Object.keys(p.manifest.dependencies ?? {})) {
      const target = all.get(dep);
      if (target?.manifest.private) {
        throw new Error(
          `${p.name} depends on ${dep} (${target.folder}), which is private: make ${target.folder}/package.json ` +
            'publishable (remove "private", add "files" and a README)',
        );
      }
    }
  }
  const ordered = [];
  const visit = (p, path = []) => {
    if (ordered.includes(p)) return;
    if (path.includes(p.name)) throw new Error(`dependency cycle: ${[...path, p.name].join(' -> ')}`);
    for (const dep of Object.keys(p.manifest.dependencies ?? {})) {
      const target = all.get(dep);
      if (target) visit(target, [...path, p.name]);
    }
    ordered.push(p);
  };
  for (const p of published.sort((a, b) => a.name.localeCompare(b.name))) visit(p);
  return ordered;
}

/** Builds and packs {@link publishedPackages} into `outDir`; resolves with the tarballs' paths. */
export async function packPackages(outDir = join(repoRoot, 'dist', 'packages')) {
  const out = resolve(outDir);
  const packages = publishedPackages();
  await ensureGenerated({ quiet: true });
  // Building the packages with a tsconfig builds every package they reference first.
  const built = packages.filter((p) => existsSync(join(repoRoot, p.folder, 'tsconfig.json')));
  await run(
    process.execPath,
    [join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc'), '-b', ...built.map((p) => p.folder)],
    { cwd: repoRoot, maxBuffer: 64 * 1024 * 1024 },
  );
  await mkdir(out, { recursive: true });
  const npm = process.env['npm_execpath'];
  const [cmd, prefix] = npm?.endsWith('.js') ? [process.execPath, [npm]] : ['npm', []];
  const { stdout } = await run(
    cmd,
    [...prefix, 'pack', '--json', '--pack-destination', out, ...packages.map((p) => `./${p.folder}`)],
    { cwd: repoRoot, maxBuffer: 64 * 1024 * 1024 },
  );
  return JSON.parse(stdout).map((p) => join(out, p.filename));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    for (const file of await packPackages(process.argv[2])) console.log(file);
  } catch (error) {
    console.error(error instanceof Error ? (error.stderr ?? error.message) : String(error));
    process.exit(1);
  }
}
