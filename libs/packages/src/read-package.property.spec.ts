// Property tests of the .ndp reader and installer: random and mutated archives are refused with a typed error
// (never a crash, a hang or a write outside the plugins folder), and what is accepted installs inside it.
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NdpError } from '@ndp/domain';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureManifest, fixtureWasm } from '../../../tools/fixtures/index.mjs';
import { installPackage } from './install-package.js';
import { readPackage } from './read-package.js';
import { rawZip, type RawZipEntry } from './testing/raw-zip.js';

// Each run writes and reads a file: keep the count modest and the whole property under a time budget.
const RUNS = { numRuns: 150, interruptAfterTimeLimit: 25_000 };
const LIMITS = { maxEntryBytes: 1_000_000, maxTotalBytes: 2_000_000, maxEntries: 8 };

let agentWasm: Uint8Array;
let root: string;
let valid: Buffer;
let run = 0;

beforeAll(async () => {
  agentWasm = await fixtureWasm('agent');
  root = await mkdtemp(join(tmpdir(), 'ndp-pkg-fuzz-'));
  valid = rawZip(plugin());
}, 120_000);

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

function plugin(extra: RawZipEntry[] = []): RawZipEntry[] {
  return [
    { name: 'manifest.json', data: JSON.stringify(fixtureManifest('agent')) },
    { name: 'plugin.wasm', data: agentWasm, deflate: true },
    ...extra,
  ];
}

/** Every file and folder under `dir`, relative, sorted. */
async function listing(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const d of await readdir(dir, { withFileTypes: true })) {
    out.push(d.name);
    if (d.isDirectory()) out.push(...(await listing(join(dir, d.name))).map((n) => `${d.name}/${n}`));
  }
  return out.sort();
}

/**
 * Reads and installs `bytes` in a fresh sandbox. Returns the error when refused; fails the property when anything
 * but an NdpError escapes, or when a file appears anywhere but in the installed plugin's folder.
 */
async function readAndInstall(bytes: Uint8Array): Promise<NdpError | undefined> {
  const sandbox = join(root, `run-${run++}`);
  const plugins = join(sandbox, 'plugins');
  await mkdir(plugins, { recursive: true, mode: 0o700 });
  const file = join(sandbox, 'test.ndp');
  await writeFile(file, bytes);
  let outcome: NdpError | undefined;
  let installed: string | undefined;
  try {
    const pkg = await readPackage(file, LIMITS);
    installed = (await installPackage(pkg, plugins)).id;
  } catch (e) {
    if (!NdpError.is(e)) throw new Error(`not a typed error: ${String(e)}`, { cause: e });
    expect(e.message.length).toBeGreaterThan(0);
    outcome = e;
  }
  const files = await listing(sandbox);
  const allowed = (f: string) =>
    f === 'test.ndp' ||
    f === 'plugins' ||
    (installed !== undefined && (f === `plugins/${installed}` || f.startsWith(`plugins/${installed}/`)));
  expect(files.filter((f) => !allowed(f))).toEqual([]);
  await rm(sandbox, { recursive: true, force: true });
  return outcome;
}

describe('readPackage + installPackage, properties', () => {
  it('random bytes are refused as PACKAGE_INVALID', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 2_000 }), async (bytes) => {
        const error = await readAndInstall(bytes);
        expect(error?.code).toBe('PACKAGE_INVALID');
      }),
      RUNS,
    );
  });

  it('a valid package with bytes flipped, cut or spliced is refused with a typed error or still installs', async () => {
    const mutation = fc.oneof(
      fc
        .array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 })
        .map((flips) => (b: Buffer) => {
          const out = Buffer.from(b);
          for (const [at, v] of flips) out[at % out.length] = v;
          return out;
        }),
      fc.nat().map((cut) => (b: Buffer) => b.subarray(0, cut % b.length)),
      fc.tuple(fc.nat(), fc.uint8Array({ minLength: 1, maxLength: 64 })).map(
        ([at, junk]) =>
          (b: Buffer) =>
            Buffer.concat([b.subarray(0, at % b.length), junk, b.subarray(at % b.length)]),
      ),
    );
    await fc.assert(
      fc.asyncProperty(mutation, async (mutate) => {
        await readAndInstall(mutate(valid));
      }),
      RUNS,
    );
  });

  it('hostile entry lists (names, kinds, lying sizes, duplicates) never write outside the plugin folder', async () => {
    const name = fc.oneof(
      fc.constantFrom(
        '../evil',
        'docs/../../evil',
        '/abs',
        'a\\..\\x',
        'C:x',
        'docs/',
        'docs/a.txt',
        'docs/a/b.txt',
        'lib/',
        '.hidden',
        'README.md',
        'readme.MD',
        'LICENSE',
        'Plugin.WASM',
        'MANIFEST.json',
        './x',
        'a:b',
        'docs/..',
      ),
      fc.string({ minLength: 1, maxLength: 12 }),
    );
    const entry: fc.Arbitrary<RawZipEntry> = fc.record(
      {
        name,
        data: fc.oneof(fc.string({ maxLength: 40 }), fc.constant('/etc/passwd')),
        deflate: fc.boolean(),
        declaredSize: fc.oneof(fc.nat({ max: 100 }), fc.constant(1_500_000)),
        externalAttributes: fc.constantFrom(
          (0o100644 << 16) >>> 0, // regular file
          (0o120777 << 16) >>> 0, // symlink
          ((0o040755 << 16) | 0x10) >>> 0, // folder
          (0o060644 << 16) >>> 0, // block device
        ),
        flags: fc.constantFrom(0x800, 0x801, 0),
      },
      { requiredKeys: ['name'] },
    );
    await fc.assert(
      fc.asyncProperty(fc.array(entry, { maxLength: 4 }), fc.boolean(), async (extra, first) => {
        await readAndInstall(rawZip(first ? [...extra, ...plugin()] : plugin(extra)));
      }),
      RUNS,
    );
  });
});
