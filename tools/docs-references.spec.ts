// Every reference a reader can follow must lead somewhere in the repo: Markdown links, repo paths named in docs
// and code comments, and no pointers to notes that live outside it. Fails listing each broken reference by file
// and line, so a renamed doc or a deleted file cannot leave dangling pointers behind.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..');
const self = relative(root, import.meta.filename);

/** Tracked files plus new ones not yet committed (ignored files, such as generated code, excluded). */
function repoFiles(): string[] {
  const out = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return out
    .split('\0')
    .filter((f) => f !== '' && existsSync(join(root, f)))
    .sort();
}

const files = repoFiles();
const fileSet = new Set(files);
const dirSet = new Set(
  files.flatMap((f) =>
    f
      .split('/')
      .slice(0, -1)
      .map((_, i, parts) => parts.slice(0, i + 1).join('/')),
  ),
);

const TEXT = /\.(md|ts|mts|mjs|js|wat|proto|toml|ya?ml|json|sh)$|(^|\/)\.ci\/run$/;
const CODE = /\.(ts|mts|mjs|js|wat|proto|sh)$|(^|\/)\.ci\/run$/;
// Large or generated text that is not written by hand.
const SKIP = /(^|\/)(package-lock\.json|CHANGELOG\.md)$/;
// Lint fixtures name the virtual file they are linted as (`libs/domain/src/fixture.ts`), by design.
const VIRTUAL_PATHS = /^tools\/lint-fixtures\//;

interface Finding {
  readonly where: string;
  readonly what: string;
}

/** The lines of `file` a reader sees as prose: all of a Markdown file outside code fences, comments of code. */
function proseLines(file: string, text: string): { line: number; text: string }[] {
  const lines = text.split('\n');
  const out: { line: number; text: string }[] = [];
  if (file.endsWith('.md')) {
    let fenced = false;
    lines.forEach((l, i) => {
      if (/^\s*(```|~~~)/.test(l)) fenced = !fenced;
      else if (!fenced) out.push({ line: i + 1, text: l });
    });
    return out;
  }
  if (!CODE.test(file)) return out;
  let block = false;
  lines.forEach((l, i) => {
    const t = l.trim();
    if (block) {
      out.push({ line: i + 1, text: l });
      if (t.includes('*/')) block = false;
      return;
    }
    if (t.startsWith('/*')) {
      out.push({ line: i + 1, text: l });
      block = !t.includes('*/');
      return;
    }
    // Test titles are what a reader of a failing run sees: prose too.
    const title = /\.spec\.ts$/.test(file) && /^(it|test|describe)(\.\w+)*\(/.test(t);
    if (title || t.startsWith('//') || t.startsWith(';;') || (t.startsWith('#') && !t.startsWith('#!'))) {
      out.push({ line: i + 1, text: l });
      return;
    }
    // A trailing comment after code: only when the marker is clearly not inside a URL.
    const trailing = /\s(\/\/|;;)\s(.*)$/.exec(l);
    if (trailing) out.push({ line: i + 1, text: trailing[2]! });
  });
  return out;
}

const TOP = '(?:docs|libs|apps|tools|examples|benchmarks|schemas)';
/** A repo-rooted path to a file (it has an extension), possibly with `*` globs: `docs/contract.md`, `libs/x/src/*.ts`. */
const REPO_PATH = new RegExp(
  `(?<![\\w./-])(${TOP}/[A-Za-z0-9_*.+-]+(?:/[A-Za-z0-9_*.+-]+)*\\.[A-Za-z]{1,5})(?![\\w/-])`,
  'g',
);
/** Markdown inline links `[text](target)`. */
const MD_LINK = /\[[^\]]*\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g;

/** Paths git ignores are generated or built (`src/gen/`, `dist/`): naming them is fine, they exist after a build. */
function ignored(paths: readonly string[]): Set<string> {
  if (paths.length === 0) return new Set();
  try {
    const out = execFileSync('git', ['check-ignore', '--no-index', '--stdin', '-z'], {
      cwd: root,
      encoding: 'utf8',
      input: paths.join('\0'),
    });
    return new Set(out.split('\0').filter(Boolean));
  } catch {
    return new Set(); // exit code 1: none of them is ignored
  }
}

function exists(path: string): boolean {
  if (!path.includes('*')) return fileSet.has(path) || dirSet.has(path);
  const pattern = new RegExp(`^${path.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')}$`);
  return files.some((f) => pattern.test(f));
}

/**
 * References to notes that are not part of the repo. Each pattern is built from pieces so that this file does not
 * match itself when read as text by other tools.
 */
const OUTSIDE: readonly { readonly pattern: RegExp; readonly why: string }[] = [
  { pattern: new RegExp(['\\bSP', 'EC\\b'].join('')), why: 'cite docs/contract.md §n instead' },
  { pattern: new RegExp(['DES', 'IGN\\.md'].join('')), why: 'a design note outside the repo' },
  { pattern: new RegExp(['(TOOL', 'CHAIN|STY', 'LE)\\.md'].join('')), why: 'a note outside the repo' },
  { pattern: new RegExp(['(^|[^\\w/.-])se', 'eds/'].join('')), why: 'seed documents outside the repo' },
  { pattern: new RegExp(['\\.\\./sh', 'ared\\b'].join('')), why: 'a folder outside the repo' },
  {
    pattern: new RegExp(['(^|[^\\w/.-])rese', 'arch/[\\w.-]+\\.md'].join('')),
    why: 'research notes outside the repo',
  },
  {
    pattern: new RegExp(['(^|[^\\w/.-])navi', 'drome\\.md'].join('')),
    why: 'a seed document outside the repo',
  },
];

/** The references of one file's text: paths and links that do not exist, and pointers outside the repo. */
function scanText(file: string, text: string): { missing: Finding[]; outside: Finding[] } {
  const missing: Finding[] = [];
  const outside: Finding[] = [];
  const full = join(root, file);
  const isMd = file.endsWith('.md');
  const checkOutside = (where: string, l: string) => {
    for (const { pattern, why } of OUTSIDE) {
      if (pattern.test(l)) outside.push({ where, what: `${l.trim().slice(0, 120)} (${why})` });
    }
  };
  for (const { line, text: l } of proseLines(file, text)) {
    const where = `${file}:${line}`;
    for (const m of VIRTUAL_PATHS.test(file) ? [] : l.matchAll(REPO_PATH)) {
      if (!exists(m[1]!)) missing.push({ where, what: m[1]! });
    }
    if (isMd) {
      for (const m of l.matchAll(MD_LINK)) {
        const target = m[1]!.replace(/^<|>$/g, '');
        if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('#')) continue;
        const path = decodeURIComponent(target.split('#')[0]!.split('?')[0]!);
        const resolved = path.startsWith('/') ? path.slice(1) : relative(root, resolve(dirname(full), path));
        if (resolved !== '' && (resolved.startsWith('..') || !exists(resolved))) {
          missing.push({ where, what: `link ${target}` });
        }
      }
    }
    if (!isMd) checkOutside(where, l);
  }
  // In Markdown, code blocks count too: a config sample is read as documentation.
  if (isMd) text.split('\n').forEach((l, i) => checkOutside(`${file}:${i + 1}`, l));
  return { missing, outside };
}

function scan(): { missing: Finding[]; outside: Finding[] } {
  const missing: Finding[] = [];
  const outside: Finding[] = [];
  for (const file of files) {
    if (file === self || SKIP.test(file) || !TEXT.test(file)) continue;
    const full = join(root, file);
    if (statSync(full).size > 2 * 1024 * 1024) continue;
    const found = scanText(file, readFileSync(full, 'utf8'));
    missing.push(...found.missing);
    outside.push(...found.outside);
  }
  const generated = ignored([...new Set(missing.map((f) => f.what).filter((w) => !w.startsWith('link ')))]);
  return { missing: missing.filter((f) => !generated.has(f.what)), outside };
}

const format = (fs: readonly Finding[]) => fs.map((f) => `  ${f.where}: ${f.what}`).join('\n');

describe('references in docs and comments', () => {
  const { missing, outside } = scan();

  it('scans the repo (a scan that reads nothing proves nothing)', () => {
    expect(files.filter((f) => f.endsWith('.md')).length).toBeGreaterThan(5);
    expect(fileSet.has('docs/contract.md')).toBe(true);
  });

  it('finds each kind of broken reference in a sample (so the checks below can fail)', () => {
    const outsideRef = ['SP', 'EC §2'].join('');
    const md = scanText(
      'docs/sample.md',
      ['See [the contract](contract.md) and [gone](gone.md).', `Also docs/nope.md and ${outsideRef}.`].join(
        '\n',
      ),
    );
    expect(md.missing.map((f) => f.what)).toEqual(['link gone.md', 'docs/nope.md']);
    expect(md.outside.map((f) => f.where)).toEqual(['docs/sample.md:2']);
    const code = scanText(
      'libs/domain/src/sample.ts',
      [`// per ${outsideRef}, see docs/missing.md`, "const p = 'docs/not-a-comment.md';"].join('\n'),
    );
    expect(code.missing.map((f) => f.what)).toEqual(['docs/missing.md']);
    expect(code.outside).toHaveLength(1);
  });

  it('every Markdown link and every repo path named in docs and comments exists', () => {
    expect(missing.length, `references to files that do not exist:\n${format(missing)}`).toBe(0);
  });

  it('no doc or comment points to notes outside the repo', () => {
    expect(outside.length, `references outside the repo:\n${format(outside)}`).toBe(0);
  });
});
