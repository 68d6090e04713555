import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import type { HttpResult } from '@ndp/ports';
import type { ResolvedAddress } from './host-resolver.js';
import type { HttpTransport } from './http-transport.js';
import { foldResponseHeaders } from './response-headers.js';

/**
 * The default {@link HttpTransport}, on `node:http` / `node:https`.
 *
 * Guarantees: the socket connects only to `request.addresses` (a custom `lookup` answers with them; IP literals
 * are not looked up at all), while the URL's host name still goes out as `Host` and as the TLS server name, so
 * certificates are verified against the name. Every request gets its own connection (`agent: false`): a pooled
 * socket opened for one plugin, with its own network permissions, is never reused for another. The response body
 * is read up to `maxResponseBytes`; one byte more destroys the socket and fails the hop.
 * Does not guarantee: HTTP/2, proxies, or decompression (bodies come back as sent).
 */
export const nodeHttpTransport: HttpTransport = (request) =>
  new Promise<HttpResult>((resolve) => {
    const { url, signal, maxResponseBytes } = request;
    let settled = false;
    const settle = (result: HttpResult) => {
      if (settled) return;
      settled = true;
      resolve(result);
    };
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const headers: Record<string, string> = { ...request.headers };
    if (request.body) headers['content-length'] = String(request.body.byteLength);
    let req: ReturnType<typeof httpRequest>;
    try {
      req = send({
        method: request.method,
        protocol: url.protocol,
        hostname: url.hostname.replace(/^\[(.*)\]$/, '$1'),
        port: url.port || undefined,
        path: `${url.pathname}${url.search}`,
        headers,
        agent: false,
        lookup: checkedLookup(request.addresses),
        signal,
      });
    } catch (error) {
      settle({ ok: false, error: `${request.method} ${url.href} failed: ${describe(error)}` });
      return;
    }
    // The signal option alone does not always reach a response that is already being read: stop both ends here.
    const onAbort = () => {
      settle({ ok: false, error: `${request.method} ${url.href} aborted` });
      req.destroy();
    };
    if (signal.aborted) onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    req.on('close', () => signal.removeEventListener('abort', onAbort));
    req.on('error', (error) =>
      settle({ ok: false, error: `${request.method} ${url.href} failed: ${describe(error)}` }),
    );
    req.on('response', (res) =>
      readBody(res, request.method === 'HEAD', maxResponseBytes, settle, () => req.destroy()),
    );
    req.end(request.body);
  });

function readBody(
  res: IncomingMessage,
  head: boolean,
  maxResponseBytes: number,
  settle: (result: HttpResult) => void,
  abort: () => void,
): void {
  const tooLarge = () => {
    settle({ ok: false, error: `response body exceeds the limit of ${maxResponseBytes} bytes` });
    abort();
  };
  // Refuse early on a declared length; a HEAD response declares the length of a body it does not send.
  const declared = Number(res.headers['content-length']);
  if (!head && Number.isFinite(declared) && declared > maxResponseBytes) {
    tooLarge();
    return;
  }
  const chunks: Buffer[] = [];
  let received = 0;
  res.on('data', (chunk: Buffer) => {
    received += chunk.byteLength;
    if (received > maxResponseBytes) {
      tooLarge();
      return;
    }
    chunks.push(chunk);
  });
  res.on('error', (error) => settle({ ok: false, error: `reading the response failed: ${describe(error)}` }));
  res.on('close', () => {
    if (!res.complete) settle({ ok: false, error: 'the connection closed before the response was complete' });
  });
  res.on('end', () => {
    const body = new Uint8Array(received);
    let offset = 0;
    for (const chunk of chunks) {
      body.set(chunk, offset);
      offset += chunk.byteLength;
    }
    settle({ ok: true, status: res.statusCode ?? 0, headers: foldResponseHeaders(res.rawHeaders), body });
  });
}

// Answers Node's name lookup with the addresses the client already checked, never with a fresh DNS answer.
function checkedLookup(addresses: readonly ResolvedAddress[]): LookupFunction {
  return (_hostname, options, callback) => {
    const first = addresses[0];
    if (!first) {
      callback(Object.assign(new Error('no checked address to connect to'), { code: 'ENOTFOUND' }), '', 4);
      return;
    }
    if (options.all) {
      callback(
        null,
        addresses.map((a) => ({ address: a.address, family: a.family })),
      );
      return;
    }
    const wanted = options.family === 4 || options.family === 6 ? options.family : undefined;
    const pick = (wanted && addresses.find((a) => a.family === wanted)) || first;
    callback(null, pick.address, pick.family);
  };
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code && !error.message.includes(code) ? `${code}: ${error.message}` : error.message;
  }
  return String(error);
}
