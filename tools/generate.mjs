// `npm run generate`: brings every generated folder up to date with the .proto files and generators.
//
// Generation is skipped when a stamp (a hash of every input) matches and every output exists, so the
// test setup can call ensureGenerated() on each run for free. Generated folders are never committed:
// a fresh clone generates them (buf from npm works offline).
import { ensureKernel } from './generate-kernel.mjs';
import { createHash } from 'node:crypto';
import { execFile } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { delimiter, dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { parse as parseYaml } from 'yaml';

const run = promisify(execFile);
const repoRoot = resolve(import.meta.dirname, '..');

/** buf templates, in the order they run. */
const TEMPLATES = ['buf.gen.yaml', 'libs/protocol/conformance/buf.gen.yaml'];

/** Files and folders whose content decides the generated output. */
const INPUTS = [
  'buf.yaml',
  ...TEMPLATES,
  'libs/protocol/proto',
  'libs/protocol/conformance/proto',
  'tools/protoc-gen-ndp',
  'tools/protoc-gen-ndp-pdk',
  'tools/generate.mjs',
];

/** Where the stamp lives: inside a generated folder, so cleaning it also invalidates the stamp. */
export const STAMP_FILE = join(repoRoot, 'libs', 'protocol', 'src', 'gen', '.stamp');

/** Files every complete generation leaves behind (beyond each plugin's non-empty out folder). */
const SENTINELS = [
  'libs/protocol/src/gen/index.ts',
  'libs/protocol/src/gen/abi.ts',
  'libs/domain/src/gen/contract.ts',
  'libs/protocol/assembly/gen/abi.ts',
  'libs/protocol/assembly/gen/registry.ts',
  'libs/protocol/conformance/assembly/gen/registry.ts',
];

function listFiles(abs) {
  if (!existsSync(abs)) return [];
  if (statSync(abs).isFile()) return [abs];
  return readdirSync(abs, { withFileTypes: true }).flatMap((e) =>
    e.name === 'node_modules' || e.name.startsWith('.') ? [] : listFiles(join(abs, e.name)),
  );
}

function bufbuildVersions() {
  const dir = join(repoRoot, 'node_modules', '@bufbuild');
  return readdirSync(dir)
    .filter((name) => existsSync(join(dir, name, 'package.json')))
    .sort()
    .map(
      (name) =>
        `@bufbuild/${name}@${JSON.parse(readFileSync(join(dir, name, 'package.json'), 'utf8')).version}`,
    );
}

/**
 * The hash of every generation input: file names and contents, and the @bufbuild/* package versions.
 * @returns {string}
 */
export function inputHash() {
  const h = createHash('sha256');
  for (const v of bufbuildVersions()) h.update(v).update('\0');
  const files = [...new Set(INPUTS.flatMap((p) => listFiles(join(repoRoot, p))))].sort();
  for (const f of files) {
    h.update(relative(repoRoot, f).split(sep).join('/')).update('\0').update(readFileSync(f)).update('\0');
  }
  return h.digest('hex');
}

/**
 * Reads a template and keeps the plugins whose local generator exists (a generator that is being
 * written in parallel may not exist yet).
 */
function loadTemplate(path) {
  const template = parseYaml(readFileSync(join(repoRoot, path), 'utf8'));
  const skipped = [];
  template.plugins = template.plugins.filter((p) => {
    const local = Array.isArray(p.local) ? p.local : [p.local];
    const script = local.find((part) => /\.(mjs|js)$/.test(part));
    if (script && !existsSync(join(repoRoot, script))) {
      skipped.push(script);
      return false;
    }
    return true;
  });
  return { template: { ...template, clean: false }, skipped };
}

/** The folders a template's plugins write: each `out` but `.`, and each `*_out=` option. */
function outputFolders(template) {
  return template.plugins.flatMap((p) => [
    ...(p.out && p.out !== '.' ? [p.out] : []),
    ...(p.opt ?? []).filter((o) => /^[a-z_]*_out=/.test(o)).map((o) => o.slice(o.indexOf('=') + 1)),
  ]);
}

/** Replaces a generated folder by its freshly generated version (an empty folder if nothing was written). */
function replaceFolder(rel, fresh) {
  const abs = resolve(repoRoot, rel);
  // Only ever delete a folder named gen inside the repository: a typo in a template must not delete sources.
  if (!abs.startsWith(repoRoot + sep) || !/[/\\]gen$/.test(abs)) {
    throw new Error(`refusing to replace ${rel}: generated folders are named gen and live in the repository`);
  }
  if (!existsSync(fresh)) mkdirSync(fresh, { recursive: true });
  const old = `${abs}.old-${process.pid}`;
  mkdirSync(dirname(abs), { recursive: true });
  if (existsSync(abs)) renameSync(abs, old);
  renameSync(fresh, abs);
  rmSync(old, { recursive: true, force: true });
}

function isComplete(templates) {
  const folders = templates.flatMap((t) => outputFolders(t.template));
  return (
    SENTINELS.every((f) => existsSync(join(repoRoot, f))) &&
    folders.every((f) => existsSync(join(repoRoot, f)) && readdirSync(join(repoRoot, f)).length > 0)
  );
}

/**
 * Regenerates every output when an input changed or an output is missing; otherwise does nothing.
 * @param {{ quiet?: boolean }} [options]
 * @returns {Promise<{ generated: boolean, hash: string, skipped: string[] }>}
 */
export async function ensureGenerated({ quiet = false } = {}) {
  if ((await ensureKernel()) && !quiet) console.log('generate: assembled the Node engine kernel');
  const hash = inputHash();
  const templates = TEMPLATES.map(loadTemplate);
  const skipped = templates.flatMap((t) => t.skipped);
  const stamp = existsSync(STAMP_FILE) ? readFileSync(STAMP_FILE, 'utf8').trim() : '';
  if (stamp === hash && isComplete(templates)) {
    if (!quiet) console.log('generate: up to date');
    return { generated: false, hash, skipped };
  }
  // Generate into a scratch folder, then swap each output folder in: other processes reading the tree
  // (tests, builds) see the old or the new output, never a half-written one.
  const scratch = join(repoRoot, '.cache', `generate-${process.pid}-${Date.now()}`);
  const env = {
    ...process.env,
    PATH: `${join(repoRoot, 'node_modules', '.bin')}${delimiter}${process.env.PATH ?? ''}`,
  };
  try {
    for (const t of templates) {
      try {
        await run(
          join(repoRoot, 'node_modules', '.bin', 'buf'),
          ['generate', '--template', JSON.stringify(t.template), '-o', relative(repoRoot, scratch)],
          { cwd: repoRoot, env, maxBuffer: 16 * 1024 * 1024 },
        );
      } catch (e) {
        throw new Error(`buf generate failed:\n${e.stderr || e.stdout || e.message}`, { cause: e });
      }
    }
    const folders = new Set(templates.flatMap((t) => outputFolders(t.template)));
    for (const f of folders) replaceFolder(f, join(scratch, f));
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  writeFileSync(STAMP_FILE, `${hash}\n`);
  if (!quiet) {
    console.log(`generate: done (${hash.slice(0, 12)})`);
    for (const s of skipped) console.log(`generate: skipped ${s} (not written yet)`);
  }
  return { generated: true, hash, skipped };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  ensureGenerated().catch((e) => {
    console.error(e.message);
    process.exit(1);
  });
}
