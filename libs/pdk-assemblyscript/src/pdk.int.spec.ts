// Proof that the AssemblyScript PDK produces plugins that run under the official Extism JS SDK (1.0.3):
// real sample plugins built from source with asc, called through @extism/extism, answers decoded with the
// protocol's protobuf-es codecs.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { create, fromBinary, toBinary } from '@bufbuild/protobuf';
import type { DescMessage, MessageInitShape, MessageShape } from '@bufbuild/protobuf';
import createPlugin from '@extism/extism';
import type { CallContext, Plugin } from '@extism/extism';
import {
  CAPABILITIES,
  HOST_SERVICES,
  AlbumInfoRequestSchema,
  AlbumInfoResponseSchema,
  ArtistBiographyRequestSchema,
  ArtistBiographyResponseSchema,
  ArtistMBIDRequestSchema,
  ArtistTopSongsRequestSchema,
  ArtistTopSongsResponseSchema,
  ArtistURLRequestSchema,
  ArtistURLResponseSchema,
  GetStringResponseSchema,
  ScheduleResponseSchema,
  SchedulerCallbackRequestSchema,
  SchedulerCallbackResponseSchema,
  ScrobblerIsAuthorizedRequestSchema,
} from '@ndp/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAssemblyScript } from '../../../tools/wasm-build.mjs';

/** The asc options authors use (README): the PDK's abort handler instead of `env.abort`. */
const ASC_OPTIONS = [
  '-O3',
  '--runtime',
  'stub',
  '--noAssert',
  '--use',
  'abort=~lib/@ndp/pdk-assemblyscript/assembly/abort/pdkAbort',
];

const here = (rel: string) => fileURLToPath(new URL(rel, import.meta.url));

async function build(folder: string): Promise<Uint8Array<ArrayBuffer>> {
  const path = await buildAssemblyScript({
    entry: here(`./testing/${folder}/assembly/index.ts`),
    ascOptions: ASC_OPTIONS,
    name: `pdk-${folder}`,
  });
  return new Uint8Array(await readFile(path));
}

function importsOf(bytes: Uint8Array<ArrayBuffer>): WebAssembly.ModuleImportDescriptor[] {
  return WebAssembly.Module.imports(new WebAssembly.Module(bytes));
}

const mb = CAPABILITIES.MetadataAgent.methods;
const cacheGetString = HOST_SERVICES.cache.methods.GetString;
const scheduleRecurring = HOST_SERVICES.scheduler.methods.ScheduleRecurring;

/** Host functions as @extism/extism 1.0.3 wants them: synchronous, i64 handles as BigInt. */
function hostFunction<I extends DescMessage, O extends DescMessage>(
  input: I,
  output: O,
  answer: (req: MessageShape<I>) => MessageShape<O>,
) {
  return (cc: CallContext, handle: bigint): bigint => {
    const bytes = handle === 0n ? new Uint8Array(0) : (cc.read(handle)?.bytes() ?? new Uint8Array(0));
    return cc.store(toBinary(output, answer(fromBinary(input, bytes))));
  };
}

const cache = new Map<string, string>([['url:Björk', 'https://example.org/bj%C3%B6rk']]);
const scheduledIds: string[] = [];

describe('AssemblyScript PDK under @extism/extism 1.0.3', () => {
  let plugin: Plugin;
  let sampleBytes: Uint8Array<ArrayBuffer>;

  beforeAll(async () => {
    sampleBytes = await build('sample-plugin');
    plugin = await createPlugin(
      { wasm: [{ data: sampleBytes }] },
      {
        useWasi: false,
        config: { greeting: 'grüß dich 👋' },
        functions: {
          'extism:host/user': {
            [cacheGetString.importName]: hostFunction(cacheGetString.input, GetStringResponseSchema, (req) =>
              create(GetStringResponseSchema, {
                exists: cache.has(req.key),
                value: cache.get(req.key) ?? '',
              }),
            ),
            [scheduleRecurring.importName]: hostFunction(
              scheduleRecurring.input,
              ScheduleResponseSchema,
              (req) => {
                scheduledIds.push(req.scheduleId);
                // The host refuses an invalid cron with an empty id (docs/contract.md §5).
                return create(ScheduleResponseSchema, {
                  scheduleId: req.cronExpression === 'bad' ? '' : req.scheduleId,
                });
              },
            ),
          },
        },
      },
    );
  });

  afterAll(async () => {
    await plugin?.close();
  });

  async function call<I extends DescMessage, O extends DescMessage>(
    exportName: string,
    input: I,
    init: MessageInitShape<I>,
    output: O,
  ): Promise<MessageShape<O>> {
    try {
      const out = await plugin.call(exportName, toBinary(input, create(input, init)));
      return fromBinary(output, out?.bytes() ?? new Uint8Array(0));
    } finally {
      await plugin.reset();
    }
  }

  async function callError<I extends DescMessage>(
    exportName: string,
    input: I,
    init: MessageInitShape<I>,
  ): Promise<string> {
    try {
      await plugin.call(exportName, toBinary(input, create(input, init)));
    } catch (e) {
      return e instanceof Error ? e.message : String(e);
    } finally {
      await plugin.reset();
    }
    throw new Error(`${exportName} did not fail`);
  }

  it('answers a MetadataAgent method with data', async () => {
    const res = await call(
      mb.GetArtistBiography.exportName,
      ArtistBiographyRequestSchema,
      { name: 'Radiohead' },
      ArtistBiographyResponseSchema,
    );
    expect(res.biography).toBe('Biography of Radiohead (9 UTF-16 units)');
  });

  it('round-trips non-ASCII strings as UTF-8 with their byte length', async () => {
    const name = 'Björk 日本 🎵';
    const res = await call(
      mb.GetArtistBiography.exportName,
      ArtistBiographyRequestSchema,
      { name },
      ArtistBiographyResponseSchema,
    );
    expect(res.biography).toBe(`Biography of ${name} (${name.length} UTF-16 units)`);
  });

  it('answers plugin:not_found when a method returns null', async () => {
    const msg = await callError(mb.GetArtistMBID.exportName, ArtistMBIDRequestSchema, { name: 'x' });
    expect(msg).toBe('Plugin-originated error: plugin:not_found');
  });

  it('answers plugin:not_implemented for a method the implementation does not override', async () => {
    const msg = await callError(mb.GetArtistImages.exportName, ArtistBiographyRequestSchema, { name: 'x' });
    expect(msg).toBe('Plugin-originated error: plugin:not_implemented');
  });

  it('answers plugin:not_implemented from an exported capability with nothing registered', async () => {
    const msg = await callError(
      CAPABILITIES.Scrobbler.methods.IsAuthorized.exportName,
      ScrobblerIsAuthorizedRequestSchema,
      { username: 'alice' },
    );
    expect(msg).toBe('Plugin-originated error: plugin:not_implemented');
  });

  it('calls a host function and returns what it got', async () => {
    const res = await call(
      mb.GetArtistURL.exportName,
      ArtistURLRequestSchema,
      { name: 'Björk' },
      ArtistURLResponseSchema,
    );
    expect(res.url).toBe('https://example.org/bj%C3%B6rk');
  });

  it('fails with free text set by the author', async () => {
    const msg = await callError(mb.GetArtistURL.exportName, ArtistURLRequestSchema, { name: 'Nobody' });
    expect(msg).toBe('Plugin-originated error: no cached url for Nobody');
  });

  it('reads Extism config through config_get (UTF-8)', async () => {
    const res = await call(
      mb.GetAlbumInfo.exportName,
      AlbumInfoRequestSchema,
      { name: 'OK Computer' },
      AlbumInfoResponseSchema,
    );
    expect(res.info?.name).toBe('OK Computer');
    expect(res.info?.description).toBe('grüß dich 👋');
  });

  it('prefixes named schedule ids on the wire and strips them on the way back', async () => {
    scheduledIds.length = 0;
    const res = await call(
      mb.GetArtistTopSongs.exportName,
      ArtistTopSongsRequestSchema,
      { id: 'alice', artistName: '@every 41s' },
      ArtistTopSongsResponseSchema,
    );
    expect(scheduledIds).toEqual(['heartbeat\u200Balice']);
    expect(res.songs.map((s) => s.name)).toEqual(['id:alice']);
  });

  it('turns an empty schedule id from the host into an error for the author', async () => {
    const res = await call(
      mb.GetArtistTopSongs.exportName,
      ArtistTopSongsRequestSchema,
      { id: 'alice', artistName: 'bad' },
      ArtistTopSongsResponseSchema,
    );
    expect(res.songs[0]?.name).toMatch(/^error:the host refused the schedule/);
  });

  it('routes a scheduler callback to the named callback with the bare id', async () => {
    const exportName = CAPABILITIES.SchedulerCallback.methods.OnSchedulerCallback.exportName;
    const res = await call(
      exportName,
      SchedulerCallbackRequestSchema,
      {
        scheduleId: 'heartbeat\u200Balice\u200Bx',
        payload: new TextEncoder().encode('pé'),
        isRecurring: true,
      },
      SchedulerCallbackResponseSchema,
    );
    expect(res.error).toBe('heartbeat:alice\u200Bx:pé');
    const unknown = await callError(exportName, SchedulerCallbackRequestSchema, {
      scheduleId: 'other\u200Bbob',
    });
    expect(unknown).toBe('Plugin-originated error: no scheduler callback named "other" is registered');
  });

  it('exports exactly the capability methods it re-exports, and imports only what it uses', () => {
    const module = new WebAssembly.Module(sampleBytes);
    const exported = WebAssembly.Module.exports(module).map((e) => e.name);
    const expected = ['MetadataAgent', 'SchedulerCallback', 'Scrobbler'] as const;
    expect(exported.sort()).toEqual(
      [
        'memory',
        ...expected.flatMap((c) => Object.values(CAPABILITIES[c].methods).map((m) => m.exportName)),
      ].sort(),
    );
    const imports = importsOf(sampleBytes);
    expect(
      imports
        .filter((i) => i.module === 'extism:host/user')
        .map((i) => i.name)
        .sort(),
    ).toEqual([cacheGetString.importName, scheduleRecurring.importName].sort());
    expect(new Set(imports.map((i) => i.module))).toEqual(new Set(['extism:host/env', 'extism:host/user']));
  });
});

describe('AssemblyScript PDK tree-shaking', () => {
  it('a plugin that uses only the cache imports only cache_* host functions and no 1.0.3-missing kernel function', async () => {
    const imports = importsOf(await build('cache-only-plugin'));
    const user = imports.filter((i) => i.module === 'extism:host/user').map((i) => i.name);
    expect(user.sort()).toEqual(
      [
        HOST_SERVICES.cache.methods.GetString.importName,
        HOST_SERVICES.cache.methods.SetString.importName,
      ].sort(),
    );
    const env = imports.filter((i) => i.module === 'extism:host/env').map((i) => i.name);
    for (const missing of ['get_log_level', 'log_trace', 'http_headers']) expect(env).not.toContain(missing);
    expect(imports.every((i) => i.module === 'extism:host/env' || i.module === 'extism:host/user')).toBe(
      true,
    );
  });
});
