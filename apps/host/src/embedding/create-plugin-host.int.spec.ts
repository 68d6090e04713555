import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PLUGIN_MANAGER, type PluginManager } from '@ndp/application';
import { NdpError } from '@ndp/domain';
import { MemoryCache } from '@ndp/adapters-local';
import { RecordingLogger } from '@ndp/ports/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildExamples } from '../../../../tools/build-examples.mjs';
import { installFixture } from '../../../../tools/fixtures/index.mjs';
import { createPluginHost, type PluginHost } from './create-plugin-host.js';

const BIO = 'Singer, pianist and civil rights activist.';

describe('createPluginHost with the notes example', () => {
  let root: string;
  let host: PluginHost;
  const cache = new MemoryCache();

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'ndp-embed-'));
    await buildExamples({ outDir: join(root, 'plugins'), only: ['notes'] });
    // A plugin that uses the cache host service, to see which cache its calls reach.
    await installFixture('host-services', join(root, 'plugins'), { httpOrigin: 'http://127.0.0.1:9' });
    host = await createPluginHost({
      dataFolder: join(root, 'data'),
      pluginsFolder: join(root, 'plugins'),
      agents: ['notes'],
      pluginConfig: { notes: { 'bio.nina simone': BIO, 'similar.nina simone': 'Billie Holiday, Odetta' } },
      limits: { pool: { maxIdle: 1 } },
      logger: new RecordingLogger(),
      cache,
    });
  });

  afterAll(async () => {
    await host?.close();
    await rm(root, { recursive: true, force: true });
  });

  it('ready() resolves once the plugins have settled, with their status', async () => {
    const plugins = await host.ready();
    expect(plugins.map((p) => [p.id, p.state])).toEqual([
      ['host-services', 'ready'],
      ['notes', 'ready'],
    ]);
    expect(host.plugins.status('notes')?.capabilities).toEqual(['MetadataAgent']);
  });

  it('answers agent calls with plain objects (no protobuf $typeName, at any depth)', async () => {
    await host.ready();
    expect(await host.agents.getArtistBiography({ name: 'Nina Simone' })).toEqual({ biography: BIO });
    const similar = await host.agents.ask('GetSimilarArtists', { name: 'Nina Simone', limit: 5 });
    expect(JSON.stringify(similar)).not.toContain('$typeName');
    expect(similar.artists.map((a) => a.name)).toEqual(['Billie Holiday', 'Odetta']);
  });

  it('rejects with NOT_FOUND naming the agents tried when none answers', async () => {
    await host.ready();
    const error = await host.agents.getArtistBiography({ name: 'Nobody' }).catch((e: unknown) => e);
    expect(NdpError.is(error, 'NOT_FOUND')).toBe(true);
    expect((error as Error).message).toContain('notes: not found');
  });

  it('calls one method of one plugin with a protobuf JSON request and answer', async () => {
    await host.ready();
    expect(
      await host.plugins.call('notes', 'MetadataAgent', 'GetArtistBiography', { name: 'Nina Simone' }),
    ).toEqual({ biography: BIO });
    const error = await host.plugins.call('notes', 'MetadataAgent', 'GetArtistBio').catch((e: unknown) => e);
    expect(NdpError.is(error, 'BAD_REQUEST')).toBe(true);
    expect((error as Error).message).toContain('has no method "GetArtistBio"');
  });

  it("stores what plugins cache in the application's own cache", async () => {
    await host.ready();
    const name = 'cache-set:colour=blue';
    expect(await host.plugins.call('host-services', 'MetadataAgent', 'GetArtistBiography', { name })).toEqual(
      {
        biography: 'stored',
      },
    );
    expect(await cache.get('host-services', 'colour')).toEqual({ type: 'string', value: 'blue' });
  });

  it('exposes the container the services were composed in', async () => {
    await host.ready();
    expect(host.container.get<PluginManager>(PLUGIN_MANAGER).status('notes')?.state).toBe('ready');
  });

  it('keeps a generated artwork secret in the data folder, readable by its owner only', async () => {
    const file = join(root, 'data', '.secret');
    expect((await readFile(file, 'utf8')).trim()).toMatch(/^[0-9a-f]{64}$/);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
  });

  it('rejects bad options before starting anything, naming the option', async () => {
    const error = await createPluginHost({ engine: 'wasm' as never }).catch((e: unknown) => e);
    expect(NdpError.is(error, 'CONFIG_INVALID')).toBe(true);
    expect((error as Error).message).toContain('engine');
  });
});
