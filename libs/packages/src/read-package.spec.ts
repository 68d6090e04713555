import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NdpError } from '@ndp/domain';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fixtureManifest, fixtureWasm, installFixture } from '../../../tools/fixtures/index.mjs';
import { installPackage } from './install-package.js';
import { readPackage } from './read-package.js';
import { rawZip, type RawZipEntry } from './testing/raw-zip.js';

let agentWasm: Uint8Array;
let forbiddenWasm: Uint8Array;
let root: string;
let plugins: string;

beforeAll(async () => {
  agentWasm = await fixtureWasm('agent');
  forbiddenWasm = await fixtureWasm('forbidden-import');
});

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'ndp-pkg-'));
  plugins = join(root, 'plugins');
  await mkdir(plugins, { mode: 0o700 });
  await installFixture('lifecycle', plugins); // an installed plugin that must survive every refusal
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const agentManifest = (overrides: Record<string, unknown> = {}) =>
  JSON.stringify({ ...fixtureManifest('agent'), ...overrides });

function plugin(extra: RawZipEntry[] = [], manifest = agentManifest()): RawZipEntry[] {
  return [
    { name: 'manifest.json', data: manifest },
    { name: 'plugin.wasm', data: agentWasm, deflate: true },
    ...extra,
  ];
}

async function listing(): Promise<string[]> {
  const walk = async (dir: string, prefix: string): Promise<string[]> => {
    const out: string[] = [];
    for (const d of await readdir(dir, { withFileTypes: true })) {
      out.push(prefix + d.name);
      if (d.isDirectory()) out.push(...(await walk(join(dir, d.name), `${prefix}${d.name}/`)));
    }
    return out.sort();
  };
  return walk(root, '');
}

async function writeZip(entries: RawZipEntry[]): Promise<string> {
  const file = join(root, 'test.ndp');
  await writeFile(file, rawZip(entries));
  return file;
}

/** Installs the zip and expects a refusal matching `message`, with the plugins folder (and its parent) untouched. */
async function expectRefused(
  entries: RawZipEntry[],
  message: RegExp,
  code = 'PACKAGE_INVALID',
): Promise<NdpError> {
  const file = await writeZip(entries);
  const before = await listing();
  const error = await readPackage(file, { maxEntryBytes: 1_000_000, maxTotalBytes: 2_000_000, maxEntries: 8 })
    .then((pkg) => installPackage(pkg, plugins))
    .then(
      () => undefined,
      (e: unknown) => e,
    );
  expect(NdpError.is(error), String(error)).toBe(true);
  const e = error as NdpError;
  expect(e.code).toBe(code);
  expect(e.message).toMatch(message);
  expect(await listing()).toEqual(before);
  return e;
}

describe('readPackage: a valid package', () => {
  it('reads manifest, module and docs (manifest names matched case-insensitively) and installs them 0700/0600', async () => {
    const file = await writeZip([
      { name: 'MANIFEST.JSON', data: agentManifest() },
      { name: 'plugin.wasm', data: agentWasm, deflate: true },
      { name: 'README.md', data: '# agent' },
      { name: 'docs/', data: '' },
      { name: 'docs/usage.txt', data: 'use it', deflate: true },
    ]);
    const pkg = await readPackage(file);
    expect(pkg.manifest.name).toBe('agent');
    expect(Buffer.from(pkg.wasm).equals(Buffer.from(agentWasm))).toBe(true);
    expect(pkg.docs.map((d) => d.path)).toEqual(['README.md', 'docs/usage.txt']);
    const outcome = await installPackage(pkg, plugins);
    expect(outcome).toMatchObject({ id: 'agent', version: '1.0.0', path: join(plugins, 'agent') });
    const { stat } = await import('node:fs/promises');
    expect((await stat(join(plugins, 'agent'))).mode & 0o777).toBe(0o700);
    expect((await stat(join(plugins, 'agent', 'docs'))).mode & 0o777).toBe(0o700);
    for (const f of ['manifest.json', 'plugin.wasm', 'README.md', 'docs/usage.txt']) {
      expect((await stat(join(plugins, 'agent', f))).mode & 0o777, f).toBe(0o600);
    }
    // Nothing left behind next to the plugins folder.
    expect((await readdir(root)).sort()).toEqual(['plugins', 'test.ndp']);
  });
});

describe('readPackage: hostile and broken packages are refused, the plugins folder untouched', () => {
  it('zip slip: ../evil', async () => {
    await expectRefused(plugin([{ name: '../evil', data: 'x' }]), /entry "..\/evil" has a ".." segment/);
  });

  it('zip slip hidden in the middle: docs/../../evil', async () => {
    await expectRefused(
      plugin([{ name: 'docs/../../evil', data: 'x' }]),
      /"docs\/..\/..\/evil" has a ".." segment/,
    );
  });

  it('absolute path: /abs', async () => {
    await expectRefused(plugin([{ name: '/abs', data: 'x' }]), /entry "\/abs" is an absolute path/);
  });

  it('backslashes: a\\..\\..\\x', async () => {
    await expectRefused(plugin([{ name: 'a\\..\\..\\x', data: 'x' }]), /uses a backslash/);
  });

  it('drive letter and NUL', async () => {
    await expectRefused(plugin([{ name: 'C:x', data: 'x' }]), /drive letter/);
    await expectRefused(plugin([{ name: 'a\u0000b', data: 'x' }]), /NUL or control character/);
  });

  it('hidden files and folders other than docs/', async () => {
    await expectRefused(plugin([{ name: '.DS_Store', data: 'x' }]), /"\.DS_Store" is not an allowed name/);
    await expectRefused(plugin([{ name: 'lib/', data: '' }]), /entry "lib\/" is a folder/);
    await expectRefused(
      plugin([{ name: 'docs/a/b.txt', data: 'x' }]),
      /only files at the root and directly inside "docs\/"/,
    );
  });

  it('a symlink entry (Unix mode 120777 in the external attributes)', async () => {
    await expectRefused(
      plugin([{ name: 'README.md', data: '/etc/passwd', externalAttributes: (0o120777 << 16) >>> 0 }]),
      /entry "README.md" is a symbolic link/,
    );
  });

  it('an encrypted entry', async () => {
    await expectRefused(
      plugin([{ name: 'LICENSE', data: 'x', deflate: true, flags: 0x801 }]),
      /entry "LICENSE" is encrypted/,
    );
  });

  it('duplicate names, also when they differ only in case', async () => {
    await expectRefused(
      plugin([
        { name: 'README.md', data: 'a' },
        { name: 'README.md', data: 'b' },
      ]),
      /"README.md" appears twice/,
    );
    await expectRefused(plugin([{ name: 'Plugin.WASM', data: agentWasm }]), /"Plugin.WASM" appears twice/);
  });

  it('too many entries', async () => {
    const docs = Array.from({ length: 7 }, (_, i) => ({ name: `doc${i}.txt`, data: 'x' }));
    await expectRefused(plugin(docs), /holds 9 entries, more than the limit of 8/);
  });

  it('an entry that declares more than the per-entry limit', async () => {
    await expectRefused(
      plugin([{ name: 'big.txt', data: 'x'.repeat(10), declaredSize: 1_500_000 }]),
      /entry "big.txt" declares 1500000 bytes, over the limit of 1000000 per entry/,
    );
  });

  it('bomb: a small deflated entry whose declared size lies inflates past it → refused, not truncated', async () => {
    await expectRefused(
      plugin([{ name: 'bomb.txt', data: Buffer.alloc(900_000), deflate: true, declaredSize: 1000 }]),
      /entry "bomb.txt" inflates to more than the 1000 bytes it declares/,
    );
  });

  it('bomb: entries whose real sizes pass the total cap', async () => {
    const big = Buffer.alloc(900_000);
    await expectRefused(
      plugin([
        { name: 'a.txt', data: big, deflate: true },
        { name: 'b.txt', data: big, deflate: true },
        { name: 'c.txt', data: big, deflate: true },
      ]),
      /declare \d+ bytes, over the limit of 2000000 in all/,
    );
  });

  it('missing manifest.json or plugin.wasm', async () => {
    await expectRefused([{ name: 'plugin.wasm', data: agentWasm }], /is missing manifest.json at its root/);
    await expectRefused(
      [{ name: 'manifest.json', data: agentManifest() }],
      /is missing plugin.wasm at its root/,
    );
  });

  it('an invalid manifest: the message names the JSON path', async () => {
    await expectRefused(
      plugin([], agentManifest({ capabilities: ['Telepathy'] })),
      /manifest\.json\): \/capabilities\/0: /,
      'MANIFEST_INVALID',
    );
  });

  it("a manifest over the host's size or depth limit, declared or inflated, naming the limit", async () => {
    const refusal = async (entries: RawZipEntry[], limits: Record<string, number>) => {
      const file = await writeZip(entries);
      return readPackage(file, limits).then(
        () => undefined,
        (e: unknown) => e as NdpError,
      );
    };
    const padded = agentManifest({ description: 'x'.repeat(2_000) });
    expect(await refusal(plugin([], padded), { maxManifestBytes: 10_000 })).toBeUndefined();
    const declared = await refusal(plugin([], padded), { maxManifestBytes: 1_000 });
    expect(declared?.code).toBe('PACKAGE_INVALID');
    expect(declared?.message).toMatch(
      /manifest\.json declares \d+ bytes, over the limit of 1000 for a manifest \(Plugins\.MaxManifestSize\)/,
    );
    const lying = [
      { name: 'manifest.json', data: padded, deflate: true, declaredSize: 100 },
      { name: 'plugin.wasm', data: agentWasm, deflate: true },
    ];
    // A header declaring less than the manifest holds is caught while it streams, before any limit is reached.
    expect((await refusal(lying, { maxManifestBytes: 1_000 }))?.message).toMatch(
      /entry "manifest\.json" inflates to more than the 100 bytes it declares/,
    );
    const deep = agentManifest({
      permissions: { config: { reason: 'r', extra: { a: { b: { c: { d: 1 } } } } } },
    });
    const tooDeep = await refusal(plugin([], deep), { maxManifestDepth: 4 });
    expect(tooDeep?.code).toBe('MANIFEST_INVALID');
    expect(tooDeep?.message).toMatch(/nest|deep/i);
  });

  it('a module importing a host function its manifest does not grant (docs/contract.md §5 message)', async () => {
    const entries: RawZipEntry[] = [
      { name: 'manifest.json', data: JSON.stringify(fixtureManifest('forbidden-import')) },
      { name: 'plugin.wasm', data: forbiddenWasm },
    ];
    await expectRefused(
      entries,
      /plugin "forbidden-import" imports HttpService\.\w+ but its manifest does not grant "http"/i,
      'PERMISSION_NOT_GRANTED',
    );
  });

  it('a corrupt entry (CRC mismatch) and a file that is not a ZIP', async () => {
    const zip = rawZip(plugin([{ name: 'README.md', data: 'hello' }]));
    const at = zip.indexOf('hello');
    zip[at] = 'j'.charCodeAt(0);
    const file = join(root, 'crc.ndp');
    await writeFile(file, zip);
    await expect(readPackage(file)).rejects.toThrow(/entry "README.md" fails its CRC-32 check/);
    await writeFile(file, 'not a zip');
    await expect(readPackage(file)).rejects.toThrow(/is not a ZIP archive/);
  });
});

describe('installPackage: identity collisions', () => {
  it('refuses a plugin that is already installed, suggesting update', async () => {
    const entries: RawZipEntry[] = [
      { name: 'manifest.json', data: JSON.stringify({ ...fixtureManifest('lifecycle'), version: '2.0.0' }) },
      { name: 'plugin.wasm', data: await fixtureWasm('lifecycle') },
    ];
    await expectRefused(
      entries,
      /plugin "lifecycle" is already installed in .*: use "ndp update/,
      'PLUGIN_DUPLICATE_NAME',
    );
  });

  it('refuses a duplicate plugin name living under another folder, naming both', async () => {
    await installFixture('agent', plugins, { folder: 'renamed-agent' });
    const e = await expectRefused(
      plugin(),
      /a plugin named "agent" is already installed in .*renamed-agent; installing .* would add a second one in .*plugins\/agent/,
      'PLUGIN_DUPLICATE_NAME',
    );
    expect(e.details['path']).toBe(join(plugins, 'renamed-agent'));
  });

  it('carries a settings schema beside the manifest and refuses one the host would refuse at load', async () => {
    const schema = JSON.stringify({ type: 'object', properties: { limit: { type: 'integer' } } });
    const pkg = await readPackage(await writeZip(plugin([{ name: 'config.schema.json', data: schema }])));
    expect(pkg.settings?.fields.map((f) => [f.key, f.type])).toEqual([['limit', 'integer']]);
    await expectRefused(
      plugin([{ name: 'config.schema.json', data: '{"type":"array"}' }]),
      /test\.ndp \(config\.schema\.json\): must describe an object/,
      'CONFIG_SCHEMA_INVALID',
    );
  });
});
