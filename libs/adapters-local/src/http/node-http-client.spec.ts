import { describe, expect, it } from 'vitest';
import { HttpAllowList, unwrap, type HttpMethod } from '@ndp/domain';
import type { HttpRequest, HttpResult } from '@ndp/ports';
import type { HostResolver, ResolvedAddress } from './host-resolver.js';
import type { HttpTransport, TransportRequest } from './http-transport.js';
import { NodeHttpClient } from './node-http-client.js';

const BLOCKED = 'request blocked by plugin permissions: ';
const PUBLIC_IP = '93.184.216.34';

/** A resolver from a fixed table, recording every name it was asked for. */
function tableResolver(table: Record<string, readonly string[]>) {
  const asked: string[] = [];
  const resolver: HostResolver = async (hostname) => {
    asked.push(hostname);
    const answers = table[hostname];
    if (!answers) throw new Error(`ENOTFOUND ${hostname}`);
    return answers.map((address): ResolvedAddress => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
  return { resolver, asked };
}

/** A transport answering from a function of the hop, recording every hop it was called for. */
function scriptedTransport(answer: (hop: TransportRequest) => HttpResult) {
  const hops: TransportRequest[] = [];
  const transport: HttpTransport = async (hop) => {
    hops.push(hop);
    return answer(hop);
  };
  return { transport, hops };
}

const redirectTo = (location: string, status = 302): HttpResult => ({
  ok: true,
  status,
  headers: { location },
  body: new Uint8Array(0),
});
const okText = (text: string): HttpResult => ({
  ok: true,
  status: 200,
  headers: {},
  body: new TextEncoder().encode(text),
});

function req(url: string, extra: Partial<HttpRequest> = {}): HttpRequest {
  return {
    pluginId: 'p',
    method: 'GET',
    url,
    headers: {},
    timeoutMs: 5_000,
    maxResponseBytes: 1 << 20,
    allowLocalNetwork: false,
    ...extra,
  };
}

describe('NodeHttpClient redirect loop (injected transport and resolver)', () => {
  it('connects only to the checked addresses, and follows a public redirect', async () => {
    const { resolver } = tableResolver({
      'public.example': [PUBLIC_IP],
      'cdn.example': ['2606:2800:220:1::1'],
    });
    const { transport, hops } = scriptedTransport((hop) =>
      hop.url.hostname === 'public.example' ? redirectTo('https://cdn.example/file') : okText('done'),
    );
    const result = await new NodeHttpClient({ transport, resolver }).request(req('http://public.example/a'));
    expect(result).toMatchObject({ ok: true, status: 200 });
    expect(hops.map((h) => [h.url.href, h.addresses.map((a) => a.address)])).toEqual([
      ['http://public.example/a', [PUBLIC_IP]],
      ['https://cdn.example/file', ['2606:2800:220:1::1']],
    ]);
  });

  it('refuses a redirect to a loopback address without calling the transport for it', async () => {
    const { resolver } = tableResolver({ 'public.example': [PUBLIC_IP] });
    const { transport, hops } = scriptedTransport(() => redirectTo('http://127.0.0.1/admin'));
    const result = await new NodeHttpClient({ transport, resolver }).request(req('http://public.example/'));
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.startsWith(BLOCKED)).toBe(true);
      expect(result.error).toContain('127.0.0.1');
    }
    expect(hops).toHaveLength(1);
  });

  it('refuses a redirect to a name that resolves to a private address (rebinding on a redirect)', async () => {
    const { resolver } = tableResolver({ 'public.example': [PUBLIC_IP], 'inside.example': ['10.1.2.3'] });
    const { transport, hops } = scriptedTransport(() => redirectTo('http://inside.example/secret'));
    const result = await new NodeHttpClient({ transport, resolver }).request(req('http://public.example/'));
    expect(result).toEqual({
      ok: false,
      error: expect.stringMatching(/^request blocked by plugin permissions: .*10\.1\.2\.3/),
    });
    expect(hops).toHaveLength(1);
  });

  it('refuses a redirect the allow list refuses, before any DNS query for it', async () => {
    const { resolver, asked } = tableResolver({ 'api.example': [PUBLIC_IP], 'other.example': [PUBLIC_IP] });
    const { transport, hops } = scriptedTransport(() => redirectTo('http://other.example/x'));
    const allowList = unwrap(HttpAllowList.compile({ 'http://api.example/*': ['GET'] }));
    const result = await new NodeHttpClient({ transport, resolver }).request(
      req('http://api.example/v1', { allowList }),
    );
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(/^request blocked by plugin permissions: .*other\.example/);
    expect(hops).toHaveLength(1);
    expect(asked).toEqual(['api.example']);
  });

  it('checks the allow list with the method of each hop', async () => {
    const { resolver } = tableResolver({ 'api.example': [PUBLIC_IP] });
    const { transport, hops } = scriptedTransport(() => okText('ok'));
    const allowList = unwrap(HttpAllowList.compile({ 'http://api.example/*': ['GET'] }));
    const client = new NodeHttpClient({ transport, resolver });
    const post = await client.request(req('http://api.example/v1', { allowList, method: 'POST' }));
    expect(post).toEqual({
      ok: false,
      error: expect.stringMatching(/^request blocked by plugin permissions: .*POST/),
    });
    expect(hops).toHaveLength(0);
    expect(await client.request(req('http://api.example/v1', { allowList }))).toMatchObject({ ok: true });
  });

  it('refuses a name whose answers mix a public and a private address', async () => {
    const { resolver } = tableResolver({ 'mixed.example': [PUBLIC_IP, '192.168.1.10'] });
    const { transport, hops } = scriptedTransport(() => okText('never'));
    const result = await new NodeHttpClient({ transport, resolver }).request(req('http://mixed.example/'));
    expect(result).toEqual({
      ok: false,
      error: expect.stringMatching(/^request blocked by plugin permissions: .*192\.168\.1\.10/),
    });
    expect(hops).toHaveLength(0);
  });

  it('refuses cloud metadata even with allowLocalNetwork', async () => {
    const { transport, hops } = scriptedTransport(() => okText('creds'));
    const result = await new NodeHttpClient({ transport }).request(
      req('http://169.254.169.254/latest/meta-data/', { allowLocalNetwork: true }),
    );
    expect(result).toEqual({
      ok: false,
      error: expect.stringMatching(/^request blocked by plugin permissions: /),
    });
    expect(hops).toHaveLength(0);
  });

  it('303 turns POST into GET without body and content headers; 307 keeps method and body', async () => {
    const { resolver } = tableResolver({ 'api.example': [PUBLIC_IP] });
    const body = new TextEncoder().encode('payload');
    const headers = { 'Content-Type': 'text/plain', 'X-Keep': 'yes' };
    for (const [status, method, kept] of [
      [303, 'GET', false],
      [307, 'POST', true],
    ] as const) {
      const { transport, hops } = scriptedTransport((hop) =>
        hop.url.pathname === '/form' ? redirectTo('/done', status) : okText('ok'),
      );
      await new NodeHttpClient({ transport, resolver }).request(
        req('http://api.example/form', { method: 'POST', body, headers }),
      );
      const second = hops[1]!;
      expect(second.method).toBe(method);
      expect(second.body !== undefined).toBe(kept);
      expect('Content-Type' in second.headers).toBe(kept);
      expect(second.headers['X-Keep']).toBe('yes');
    }
  });

  it('drops credentials on a cross-origin redirect, keeps them on the same origin', async () => {
    const { resolver } = tableResolver({ 'a.example': [PUBLIC_IP], 'b.example': [PUBLIC_IP] });
    const { transport, hops } = scriptedTransport((hop) =>
      hop.url.pathname === '/1'
        ? redirectTo('/2')
        : hop.url.pathname === '/2'
          ? redirectTo('http://b.example/3')
          : okText('ok'),
    );
    const headers = { Authorization: 'Bearer t', Cookie: 'c=1' };
    await new NodeHttpClient({ transport, resolver }).request(req('http://a.example/1', { headers }));
    expect(hops.map((h) => h.headers['Authorization'])).toEqual(['Bearer t', 'Bearer t', undefined]);
    expect(hops[2]!.headers['Cookie']).toBeUndefined();
  });

  it('sends a body for POST, PUT and PATCH only, and drops the headers it manages', async () => {
    const { resolver } = tableResolver({ 'api.example': [PUBLIC_IP] });
    const { transport, hops } = scriptedTransport(() => okText('ok'));
    const client = new NodeHttpClient({ transport, resolver });
    const methods: HttpMethod[] = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS'];
    const headers = {
      Host: 'evil.example',
      'Content-Length': '999',
      'Transfer-Encoding': 'chunked',
      'X-Ok': '1',
    };
    for (const method of methods) {
      await client.request(req('http://api.example/', { method, headers, body: new Uint8Array([1, 2]) }));
    }
    expect(hops.map((h) => [h.method, h.body !== undefined])).toEqual(
      methods.map((m) => [m, m === 'POST' || m === 'PUT' || m === 'PATCH']),
    );
    for (const hop of hops) expect(hop.headers).toEqual({ 'X-Ok': '1' });
  });

  it('answers in-band for a bad URL, an unsupported scheme and a name that does not resolve', async () => {
    const { resolver } = tableResolver({});
    const { transport, hops } = scriptedTransport(() => okText('never'));
    const client = new NodeHttpClient({ transport, resolver });
    expect(await client.request(req('not a url'))).toEqual({ ok: false, error: 'invalid URL "not a url"' });
    expect(await client.request(req('file:///etc/passwd'))).toEqual({
      ok: false,
      error: expect.stringMatching(/scheme "file:"/),
    });
    expect(await client.request(req('http://nowhere.example/'))).toEqual({
      ok: false,
      error: expect.stringMatching(/cannot resolve host "nowhere\.example"/),
    });
    expect(hops).toHaveLength(0);
  });

  it('holds the deadline while the resolver hangs', async () => {
    const resolver: HostResolver = () => new Promise(() => undefined);
    const { transport } = scriptedTransport(() => okText('never'));
    const result = await new NodeHttpClient({ transport, resolver }).request(
      req('http://slow.example/', { timeoutMs: 50 }),
    );
    expect(result).toEqual({ ok: false, error: 'request timed out after 50 ms' });
  });

  it('never rejects, even when a transport throws', async () => {
    const { resolver } = tableResolver({ 'api.example': [PUBLIC_IP] });
    const transport: HttpTransport = async () => {
      throw new Error('transport bug');
    };
    const result = await new NodeHttpClient({ transport, resolver }).request(req('http://api.example/'));
    expect(result).toEqual({ ok: false, error: 'request failed: transport bug' });
  });
});
