import { parseManifest, unwrap } from '@ndp/domain';
import type { Cache, CacheValue } from '@ndp/ports';
import {
  InMemoryCache,
  InMemoryScheduler,
  FakeHttpClient,
  FakeWebSocketClient,
  FixedClock,
  StaticConfigSource,
  fakeArtworkUrls,
} from '@ndp/ports/testing';
import {
  CancelRequestSchema,
  CancelResponseSchema,
  ConnectRequestSchema,
  ConnectResponseSchema,
  GetArtworkUrlRequestSchema,
  GetArtworkUrlResponseSchema,
  GetIntResponseSchema,
  GetPluginConfigRequestSchema,
  GetPluginConfigResponseSchema,
  GetRequestSchema,
  GetStringResponseSchema,
  HasRequestSchema,
  HasResponseSchema,
  HOST_SERVICES,
  HttpRequestSchema,
  HttpResponseSchema,
  ScheduleRecurringRequestSchema,
  ScheduleResponseSchema,
  SendTextRequestSchema,
  SendTextResponseSchema,
  SetIntRequestSchema,
  SetStringRequestSchema,
  TimeNowRequestSchema,
  TimeNowResponseSchema,
} from '@ndp/protocol';
import { describe, expect, it } from 'vitest';
import {
  decodeMessage,
  encodeMessage,
  type DescMessage,
  type MessageInitShape,
  type MessageShape,
} from '../codec/proto-codec.js';
import { RecordingLogger } from '@ndp/ports/testing';
import { HostServiceGateway } from './host-service-gateway.js';

function setup(permissions: object, cache: Cache = new InMemoryCache()) {
  const manifest = unwrap(
    parseManifest(
      JSON.stringify({
        name: 'p',
        author: 'a',
        version: '1.0.0',
        description: 'd',
        capabilities: ['MetadataAgent'],
        permissions,
      }),
      'm.json',
    ),
  ).manifest;
  const http = new FakeHttpClient();
  const websocket = new FakeWebSocketClient();
  const scheduler = new InMemoryScheduler();
  const configSource = new StaticConfigSource();
  const logger = new RecordingLogger();
  let n = 0;
  const gateway = new HostServiceGateway({
    deps: {
      http,
      cache,
      clock: new FixedClock(Date.UTC(2025, 0, 2, 3, 4, 5, 120), 'Europe/Paris'),
      artwork: fakeArtworkUrls,
    },
    scheduler,
    websocket,
    configSource,
    logger,
    httpMaxResponseBytes: 1024,
    generateId: () => `gen${++n}`,
  });
  const fns = gateway.hostFunctionsFor(manifest);
  async function call<I extends DescMessage, O extends DescMessage>(
    name: string,
    input: I,
    output: O,
    request: MessageInitShape<I>,
  ): Promise<MessageShape<O>> {
    const fn = fns[name];
    if (!fn) throw new Error(`not linked: ${name}`);
    return decodeMessage(output, await fn(encodeMessage(input, request)));
  }
  const extismHttp = gateway.extismHttpFor(manifest);
  return { fns, call, http, websocket, scheduler, configSource, logger, cache, extismHttp };
}

describe('HostServiceGateway', () => {
  it('links only the granted services, every function of each', () => {
    const { fns } = setup({ cache: {}, artwork: {} });
    const expected = [
      ...Object.values(HOST_SERVICES.cache.methods),
      ...Object.values(HOST_SERVICES.artwork.methods),
    ].map((m) => m.importName);
    expect(Object.keys(fns).sort()).toEqual(expected.sort());
    expect(Object.keys(setup({}).fns)).toEqual([]);
  });

  it('http: method from the import, default timeout, body only for POST, in-band failures with status 0', async () => {
    const { call, http } = setup({ http: { allowedUrls: { 'https://api.test': ['GET'] } } });
    http.respond = (r) =>
      r.url.includes('fail')
        ? { ok: false, error: 'dial tcp: refused' }
        : { ok: true, status: 201, headers: { 'content-type': 'x' }, body: new Uint8Array([1]) };
    const ok = await call('http_get', HttpRequestSchema, HttpResponseSchema, {
      url: 'https://api.test/a',
      body: new Uint8Array([9]),
    });
    expect(ok).toMatchObject({ status: 201, headers: { 'content-type': 'x' }, error: '' });
    expect(http.requests[0]).toMatchObject({
      method: 'GET',
      timeoutMs: 10_000,
      maxResponseBytes: 1024,
      allowLocalNetwork: false,
      body: undefined,
    });
    expect(http.requests[0]!.allowList?.allows('GET', 'https://api.test/a').ok).toBe(true);
    expect(http.requests[0]!.allowList?.allows('POST', 'https://api.test/a').ok).toBe(false);
    await call('http_post', HttpRequestSchema, HttpResponseSchema, {
      url: 'https://api.test/b',
      timeoutMs: 250,
      body: new Uint8Array([7]),
    });
    expect(http.requests[1]).toMatchObject({ method: 'POST', timeoutMs: 250, body: new Uint8Array([7]) });
    const failed = await call('http_get', HttpRequestSchema, HttpResponseSchema, {
      url: 'https://api.test/fail',
    });
    expect(failed).toMatchObject({ status: 0, error: 'dial tcp: refused' });
  });

  it('Extism http_request: only with the http grant, through the same guarded client, failures as status 0', async () => {
    expect(setup({ cache: {} }).extismHttp).toBeUndefined();
    const { extismHttp, http } = setup({ http: { allowedUrls: { 'https://api.test': ['GET', 'POST'] } } });
    http.respond = (r) =>
      r.url.includes('fail')
        ? { ok: false, error: 'request blocked by plugin permissions: nope' }
        : { ok: true, status: 202, headers: { 'x-a': 'b' }, body: new Uint8Array([5]) };
    const body = new Uint8Array([1, 2]);
    const get = await extismHttp!({ url: 'https://api.test/a', method: 'GET', headers: { h: 'v' }, body });
    expect(get).toEqual({ status: 202, headers: { 'x-a': 'b' }, body: new Uint8Array([5]) });
    expect(http.requests[0]).toMatchObject({
      pluginId: 'p',
      method: 'GET',
      url: 'https://api.test/a',
      headers: { h: 'v' },
      body: undefined,
      timeoutMs: 10_000,
      maxResponseBytes: 1024,
      allowLocalNetwork: false,
    });
    expect(http.requests[0]!.allowList?.allows('DELETE', 'https://api.test/a').ok).toBe(false);
    await extismHttp!({ url: 'https://api.test/b', method: 'POST', headers: {}, body });
    expect(http.requests[1]).toMatchObject({ method: 'POST', body });
    const refused = await extismHttp!({ url: 'https://api.test/fail', method: 'GET', headers: {}, body });
    expect(refused.status).toBe(0);
    expect(new TextDecoder().decode(refused.body)).toBe('request blocked by plugin permissions: nope');
    const odd = await extismHttp!({ url: 'https://api.test/c', method: 'BREW', headers: {}, body });
    expect(odd.status).toBe(0);
    expect(new TextDecoder().decode(odd.body)).toContain('unsupported method "BREW"');
    expect(http.requests).toHaveLength(3);
  });

  it('config: the live map of the plugin, {} when none', async () => {
    const { call, configSource } = setup({ config: {} });
    expect(
      (
        await call(
          'config_get_plugin_config',
          GetPluginConfigRequestSchema,
          GetPluginConfigResponseSchema,
          {},
        )
      ).config,
    ).toEqual({});
    configSource.set('p', { k: 'v' });
    expect(
      (
        await call(
          'config_get_plugin_config',
          GetPluginConfigRequestSchema,
          GetPluginConfigResponseSchema,
          {},
        )
      ).config,
    ).toEqual({ k: 'v' });
  });

  it('cache: per-plugin values, 24 h default TTL, typed get of another type answers exists:false while Has is true', async () => {
    const seen: number[] = [];
    const inner = new InMemoryCache();
    const cache: Cache = Object.assign(Object.create(inner) as Cache, {
      set: (id: string, k: string, v: Parameters<Cache['set']>[2], ttl: number) => (
        seen.push(ttl),
        inner.set(id, k, v, ttl)
      ),
    });
    const { call } = setup({ cache: {} }, cache);
    await call('cache_set_int', SetIntRequestSchema, HasResponseSchema, {
      key: 'n',
      value: 2n ** 63n - 1n,
      ttlSeconds: 0n,
    });
    await call('cache_set_string', SetStringRequestSchema, HasResponseSchema, {
      key: 's',
      value: 'x',
      ttlSeconds: 5n,
    });
    expect(seen).toEqual([86_400_000, 5_000]);
    expect(await call('cache_get_int', GetRequestSchema, GetIntResponseSchema, { key: 'n' })).toMatchObject({
      exists: true,
      value: 2n ** 63n - 1n,
    });
    expect(
      await call('cache_get_string', GetRequestSchema, GetStringResponseSchema, { key: 'n' }),
    ).toMatchObject({ exists: false, value: '' });
    expect((await call('cache_has', HasRequestSchema, HasResponseSchema, { key: 'n' })).exists).toBe(true);
    expect(await inner.get('p', 's')).toEqual({ type: 'string', value: 'x' });
  });

  it('cache: a backend that fails (Redis gone) answers in-band — not stored, absent — with a warning, never a trap', async () => {
    const down = () => Promise.reject(new Error('Redis at redis://127.0.0.1:6379 failed to get a value'));
    const cache: Cache = Object.assign(new InMemoryCache(), {
      set: down,
      get: down,
      has: down,
      remove: down,
    });
    const { call, logger } = setup({ cache: {} }, cache);
    // SetResponse and RemoveResponse share HasResponse's shape (one bool, field 1).
    const set = await call('cache_set_string', SetStringRequestSchema, HasResponseSchema, {
      key: 's',
      value: 'x',
    });
    expect(set.exists).toBe(false);
    expect(
      await call('cache_get_string', GetRequestSchema, GetStringResponseSchema, { key: 's' }),
    ).toMatchObject({
      exists: false,
    });
    expect((await call('cache_has', HasRequestSchema, HasResponseSchema, { key: 's' })).exists).toBe(false);
    expect((await call('cache_remove', GetRequestSchema, HasResponseSchema, { key: 's' })).exists).toBe(
      false,
    );
    expect(logger.lines.filter((l) => l.message === 'plugin cache unavailable')).toHaveLength(4);
  });

  it('answers synchronously when the service does (sync cache, config, artwork, TimeNow), with a Promise otherwise', async () => {
    // A backend that answers at once, as the memory cache does.
    const values = new Map<string, CacheValue>();
    const sync: Cache = Object.assign(new InMemoryCache(), {
      set: (_p: string, key: string, value: CacheValue) => void values.set(key, value),
      get: (_p: string, key: string) => values.get(key),
      has: (_p: string, key: string) => values.has(key),
      remove: (_p: string, key: string) => values.delete(key),
    });
    const { fns } = setup({ cache: {}, config: {}, artwork: {}, scheduler: {} }, sync);
    const set = fns['cache_set_string']!(encodeMessage(SetStringRequestSchema, { key: 'k', value: 'v' }));
    expect(set).toBeInstanceOf(Uint8Array);
    const got = fns['cache_get_string']!(encodeMessage(GetRequestSchema, { key: 'k' }));
    expect(got).toBeInstanceOf(Uint8Array);
    expect(decodeMessage(GetStringResponseSchema, got as Uint8Array)).toMatchObject({
      exists: true,
      value: 'v',
    });
    expect(fns['config_get_plugin_config']!(encodeMessage(GetPluginConfigRequestSchema, {}))).toBeInstanceOf(
      Uint8Array,
    );
    expect(
      fns['artwork_get_album_url']!(encodeMessage(GetArtworkUrlRequestSchema, { id: 'a', size: 1 })),
    ).toBeInstanceOf(Uint8Array);
    expect(fns['scheduler_time_now']!(encodeMessage(TimeNowRequestSchema, {}))).toBeInstanceOf(Uint8Array);
    // A synchronous backend that throws is answered in-band, still synchronously.
    sync.get = () => {
      throw new Error('cache closed');
    };
    const failed = fns['cache_get_string']!(encodeMessage(GetRequestSchema, { key: 'k' }));
    expect(decodeMessage(GetStringResponseSchema, failed as Uint8Array).exists).toBe(false);
    // An asynchronous backend keeps the Promise, and a malformed request still rejects.
    const { fns: async } = setup({ cache: {} });
    expect(async['cache_get_string']!(encodeMessage(GetRequestSchema, { key: 'k' }))).toBeInstanceOf(Promise);
    await expect(async['cache_get_string']!(new Uint8Array([0xff]))).rejects.toThrow();
  });

  it('scheduler: generated ids, invalid expression → empty id and a log line, cancel of unknown → in-band error, TimeNow', async () => {
    const { call, scheduler, logger } = setup({ scheduler: {} });
    const made = await call(
      'scheduler_schedule_recurring',
      ScheduleRecurringRequestSchema,
      ScheduleResponseSchema,
      { cronExpression: '@every 1h' },
    );
    expect(made.scheduleId).toBe('gen1');
    expect((await scheduler.list('p')).map((s) => s.scheduleId)).toEqual(['gen1']);
    const bad = await call(
      'scheduler_schedule_recurring',
      ScheduleRecurringRequestSchema,
      ScheduleResponseSchema,
      { cronExpression: 'nope', scheduleId: 'x' },
    );
    expect(bad.scheduleId).toBe('');
    expect(logger.find('plugin schedule refused')).toHaveLength(1);
    expect(
      await call('scheduler_cancel_schedule', CancelRequestSchema, CancelResponseSchema, {
        scheduleId: 'gen1',
      }),
    ).toMatchObject({ success: true, error: '' });
    expect(
      await call('scheduler_cancel_schedule', CancelRequestSchema, CancelResponseSchema, {
        scheduleId: 'gen1',
      }),
    ).toMatchObject({ success: false, error: 'schedule not found' });
    const now = await call('scheduler_time_now', TimeNowRequestSchema, TimeNowResponseSchema, {});
    expect(now).toMatchObject({
      rfc3339Nano: '2025-01-02T04:04:05.12+01:00',
      unixMilli: BigInt(Date.UTC(2025, 0, 2, 3, 4, 5, 120)),
      localTimeZone: 'Europe/Paris',
    });
    await scheduler.close();
  });

  it('websocket: generated ids, allow list, unknown connection → connection not found', async () => {
    const { call, websocket } = setup({ websocket: { allowedUrls: ['wss://gw.test'] } });
    const opened = await call('websocket_connect', ConnectRequestSchema, ConnectResponseSchema, {
      url: 'wss://gw.test/socket',
    });
    expect(opened).toMatchObject({ connectionId: 'gen1', error: '' });
    const refused = await call('websocket_connect', ConnectRequestSchema, ConnectResponseSchema, {
      url: 'wss://evil.test/',
      connectionId: 'c',
    });
    expect(refused.error).toMatch(/^request blocked by plugin permissions: /);
    expect(
      (
        await call('websocket_send_text', SendTextRequestSchema, SendTextResponseSchema, {
          connectionId: 'gen1',
          message: 'hi',
        })
      ).error,
    ).toBe('');
    expect(
      (
        await call('websocket_send_text', SendTextRequestSchema, SendTextResponseSchema, {
          connectionId: 'zzz',
          message: 'hi',
        })
      ).error,
    ).toBe('connection not found');
    expect(websocket.sent).toEqual([{ ref: { pluginId: 'p', connectionId: 'gen1' }, message: 'hi' }]);
  });

  it('artwork: URLs from the port', async () => {
    const { call } = setup({ artwork: {} });
    expect(
      (
        await call('artwork_get_album_url', GetArtworkUrlRequestSchema, GetArtworkUrlResponseSchema, {
          id: '7',
          size: 300,
        })
      ).url,
    ).toBe('https://music.test/share/img/al-7?size=300');
  });

  it('answers a port failure in-band where the response has an error field', async () => {
    const { call, http, logger } = setup({ http: {} });
    http.respond = () => {
      throw new Error('socket pool exhausted');
    };
    const r = await call('http_get', HttpRequestSchema, HttpResponseSchema, { url: 'https://x.test/' });
    expect(r.status).toBe(0);
    expect(r.error).toContain('socket pool exhausted');
    expect(logger.find('host service failed')).toHaveLength(1);
  });
});
