// The embedding example as its users run it: the app started on 127.0.0.1 with the notes example plugin, asked
// over HTTP.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PinoLogger } from '@ndp/host';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildExamples } from '../../tools/build-examples.mjs';
import { startApp } from './src/app.mjs';

const BIO = 'Icelandic singer, songwriter and composer.';

describe('examples/embedding', () => {
  let root: string;
  let app: Awaited<ReturnType<typeof startApp>>;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'ndp-embedding-example-'));
    await buildExamples({ outDir: join(root, 'plugins'), only: ['notes'] });
    app = await startApp({
      host: {
        pluginsFolder: join(root, 'plugins'),
        dataFolder: join(root, 'data'),
        agents: ['notes'],
        pluginConfig: { notes: { 'bio.björk': BIO, 'similar.björk': 'Sigur Rós, Múm' } },
        logger: PinoLogger.create('silent'),
      },
    });
  });

  afterAll(async () => {
    await app?.close();
    await rm(root, { recursive: true, force: true });
  });

  const get = async (path: string) => {
    const res = await fetch(`${app.url}${path}`);
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  it('serves only once the plugins are loaded: the first request finds notes ready', async () => {
    expect(await get('/plugins')).toEqual({
      status: 200,
      body: [{ id: 'notes', state: 'ready', version: '1.0.0' }],
    });
  });

  it('answers a biography from the plugin as plain JSON', async () => {
    expect(await get(`/artists/biography?name=${encodeURIComponent('Björk')}`)).toEqual({
      status: 200,
      body: { biography: BIO },
    });
  });

  it('answers similar artists, cut to the limit', async () => {
    const { status, body } = await get(`/artists/similar?name=${encodeURIComponent('björk')}&limit=1`);
    expect(status).toBe(200);
    expect(body).toEqual({ artists: [{ name: 'Sigur Rós', mbid: '' }] });
  });

  it('answers 404 with the host error code for an artist no agent knows', async () => {
    const { status, body } = await get('/artists/biography?name=Nobody');
    expect(status).toBe(404);
    expect(body['code']).toBe('NOT_FOUND');
    expect(body['message']).toContain('notes: not found');
  });

  it('answers 400 naming a missing parameter', async () => {
    expect(await get('/artists/biography')).toEqual({
      status: 400,
      body: { code: 'BAD_REQUEST', message: 'missing query parameter "name"' },
    });
  });
});
