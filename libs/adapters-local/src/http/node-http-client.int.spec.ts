import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { HttpMethod } from '@ndp/domain';
import type { HttpRequest, HttpResponse, HttpResult } from '@ndp/ports';
import type { HostResolver } from './host-resolver.js';
import { NodeHttpClient } from './node-http-client.js';

interface Seen {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
}

const seen: Seen[] = [];
let server: Server;
let origin = '';

function route(req: IncomingMessage, res: ServerResponse, body: string): void {
  const url = new URL(req.url ?? '/', 'http://x');
  const hops = /^\/redirect\/(\d+)$/.exec(url.pathname);
  if (hops) {
    const left = Number(hops[1]);
    if (left === 0) return void res.end('arrived');
    res.writeHead(302, { location: `/redirect/${left - 1}` }).end();
    return;
  }
  switch (url.pathname) {
    case '/echo':
      res.writeHead(200, { 'content-type': 'application/json', 'X-Mixed-Case': 'yes' });
      res.end(JSON.stringify({ method: req.method, body, query: url.search }));
      return;
    case '/multi':
      res.setHeader('X-Multi', ['a', 'b']);
      res.setHeader('Set-Cookie', ['one=1', 'two=2']);
      res.end('ok');
      return;
    case '/relative':
      res.writeHead(302, { location: 'echo?from=relative' }).end();
      return;
    case '/see-other':
      res.writeHead(303, { location: '/echo' }).end();
      return;
    case '/slow':
      setTimeout(() => res.end('late'), 2_000).unref();
      return;
    case '/big':
      res.end(Buffer.alloc(5_000, 'x'));
      return;
    case '/big-chunked':
      // No content-length: the client has to count while reading. Bounded to 64 chunks.
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      for (let i = 0; i < 64; i++) res.write(Buffer.alloc(1_024, 'y'));
      res.end();
      return;
    default:
      res.writeHead(404).end();
  }
}

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      route(req, res, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  seen.length = 0;
});

const port = () => new URL(origin).port;

function req(url: string, extra: Partial<HttpRequest> = {}): HttpRequest {
  return {
    pluginId: 'p',
    method: 'GET',
    url,
    headers: {},
    timeoutMs: 5_000,
    maxResponseBytes: 1 << 20,
    allowLocalNetwork: true,
    ...extra,
  };
}

function expectOk(result: HttpResult): HttpResponse {
  if (!result.ok) throw new Error(`expected a response, got error: ${result.error}`);
  return result;
}

const text = (r: HttpResponse) => new TextDecoder().decode(r.body);

describe('NodeHttpClient against a local server (allowLocalNetwork: true)', () => {
  const http = new NodeHttpClient();

  it('sends all seven methods, with a body for POST, PUT and PATCH only', async () => {
    const methods: HttpMethod[] = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS'];
    for (const method of methods) {
      const r = expectOk(
        await http.request(
          req(`${origin}/echo`, { method, body: new TextEncoder().encode(`body of ${method}`) }),
        ),
      );
      expect(r.status).toBe(200);
      if (method === 'HEAD') expect(r.body.byteLength).toBe(0);
      else expect(JSON.parse(text(r))).toMatchObject({ method });
    }
    expect(seen.map((s) => [s.method, s.body])).toEqual(
      methods.map((m) => [m, m === 'POST' || m === 'PUT' || m === 'PATCH' ? `body of ${m}` : '']),
    );
  });

  it('passes request headers and answers lower-case response headers, one value per name', async () => {
    const r = expectOk(await http.request(req(`${origin}/multi`, { headers: { 'X-Plugin': 'hello' } })));
    expect(seen[0]!.headers['x-plugin']).toBe('hello');
    expect(r.headers['x-multi']).toBe('a, b');
    expect(r.headers['set-cookie']).toBe('one=1, two=2');
    const echo = expectOk(await http.request(req(`${origin}/echo`)));
    expect(echo.headers['x-mixed-case']).toBe('yes');
    expect(Object.keys(echo.headers).every((k) => k === k.toLowerCase())).toBe(true);
  });

  it('times out with an in-band error naming the timeout', async () => {
    const started = Date.now();
    const r = await http.request(req(`${origin}/slow`, { timeoutMs: 150 }));
    expect(r).toEqual({ ok: false, error: 'request timed out after 150 ms' });
    expect(Date.now() - started).toBeLessThan(1_900);
  });

  it('caps the response body, with or without content-length', async () => {
    expect(await http.request(req(`${origin}/big`, { maxResponseBytes: 1_000 }))).toEqual({
      ok: false,
      error: 'response body exceeds the limit of 1000 bytes',
    });
    expect(await http.request(req(`${origin}/big-chunked`, { maxResponseBytes: 10_000 }))).toEqual({
      ok: false,
      error: 'response body exceeds the limit of 10000 bytes',
    });
    expect(
      expectOk(await http.request(req(`${origin}/big`, { maxResponseBytes: 5_000 }))).body.byteLength,
    ).toBe(5_000);
  });

  it('follows up to 5 redirects and refuses the 6th', async () => {
    const five = expectOk(await http.request(req(`${origin}/redirect/5`)));
    expect(text(five)).toBe('arrived');
    expect(seen).toHaveLength(6);
    seen.length = 0;
    const six = await http.request(req(`${origin}/redirect/6`));
    expect(six).toEqual({ ok: false, error: expect.stringMatching(/^too many redirects: stopped after 5/) });
    expect(seen).toHaveLength(6);
  });

  it('resolves a relative location against the current URL', async () => {
    const r = expectOk(await http.request(req(`${origin}/relative`)));
    expect(JSON.parse(text(r))).toMatchObject({ method: 'GET', query: '?from=relative' });
  });

  it('turns a POST into a GET without body on 303', async () => {
    const r = expectOk(
      await http.request(
        req(`${origin}/see-other`, { method: 'POST', body: new TextEncoder().encode('form') }),
      ),
    );
    expect(JSON.parse(text(r))).toMatchObject({ method: 'GET', body: '' });
    expect(seen.map((s) => [s.method, s.body])).toEqual([
      ['POST', 'form'],
      ['GET', ''],
    ]);
  });

  it('connects to the address the resolver answered, sending the name as Host', async () => {
    const resolver: HostResolver = async () => [{ address: '127.0.0.1', family: 4 }];
    const named = new NodeHttpClient({ resolver });
    const r = expectOk(await named.request(req(`http://plugin-api.test:${port()}/echo`)));
    expect(r.status).toBe(200);
    expect(seen[0]!.headers.host).toBe(`plugin-api.test:${port()}`);
  });

  it('reports a refused connection in-band', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(closed.address() as AddressInfo).port}/`;
    await new Promise((resolve) => closed.close(resolve));
    const r = await http.request(req(url));
    expect(r).toEqual({ ok: false, error: expect.stringMatching(/ECONNREFUSED/) });
  });
});

describe('NodeHttpClient network guard (allowLocalNetwork: false)', () => {
  const guarded = (resolver?: HostResolver) => new NodeHttpClient(resolver ? { resolver } : {});
  const BLOCKED = /^request blocked by plugin permissions: /;

  it('refuses 127.0.0.1 without reaching the server', async () => {
    const r = await guarded().request(req(`${origin}/echo`, { allowLocalNetwork: false }));
    expect(r).toEqual({ ok: false, error: expect.stringMatching(BLOCKED) });
    expect(seen).toHaveLength(0);
  });

  it('refuses a name that resolves to 127.0.0.1 (DNS rebinding), after resolution', async () => {
    const asked: string[] = [];
    const resolver: HostResolver = async (hostname) => {
      asked.push(hostname);
      return [{ address: '127.0.0.1', family: 4 }];
    };
    const r = await guarded(resolver).request(
      req(`http://rebind.test:${port()}/echo`, { allowLocalNetwork: false }),
    );
    expect(r).toEqual({
      ok: false,
      error: expect.stringMatching(/^request blocked by plugin permissions: .*127\.0\.0\.1/),
    });
    expect(asked).toEqual(['rebind.test']);
    expect(seen).toHaveLength(0);
  });

  it('refuses [::1], [::ffff:127.0.0.1], [::], localhost and other spellings of loopback', async () => {
    // 2130706433 and 0x7f.1 are other spellings of 127.0.0.1 that the URL parser normalizes.
    for (const host of [
      '[::1]',
      '[::ffff:127.0.0.1]',
      'localhost',
      'LOCALHOST.',
      '2130706433',
      '0x7f.1',
      '[::]',
    ]) {
      const r = await guarded().request(req(`http://${host}:${port()}/echo`, { allowLocalNetwork: false }));
      expect(r, host).toEqual({ ok: false, error: expect.stringMatching(BLOCKED) });
    }
    expect(seen).toHaveLength(0);
  });
});
