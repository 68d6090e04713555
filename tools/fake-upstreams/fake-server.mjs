// The shared core of the fake upstream servers: node:http on 127.0.0.1 with a random port, every request recorded
// (headers, body, parsed JSON) before the fake's handler answers it.
import { createServer } from 'node:http';

/** Largest request body a fake accepts; a plugin sending more is a bug worth a loud 413. */
const MAX_BODY_BYTES = 1024 * 1024;

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => resolve(size > MAX_BODY_BYTES ? null : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function parseJsonOrUndefined(text) {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * Starts a fake server. `handle(request, reply, base)` answers one recorded request: `request` is the record,
 * `reply(status, body, headers)` sends it (objects are sent as JSON), `base` is the server's origin.
 * Resolves with `{ url, requests, close }`.
 */
export async function startFakeServer(handle) {
  const requests = [];
  let base = '';
  const server = createServer(async (req, res) => {
    const reply = (status, body = '', headers = {}) => {
      const isJson = typeof body === 'object' && !(body instanceof Uint8Array);
      const payload = isJson ? JSON.stringify(body) : body;
      res.writeHead(status, {
        ...(isJson ? { 'content-type': 'application/json' } : {}),
        ...headers,
      });
      res.end(payload);
    };
    try {
      const bytes = await readBody(req);
      const url = new URL(req.url ?? '/', base);
      const text = bytes === null ? '' : bytes.toString('utf8');
      const record = Object.freeze({
        method: req.method ?? 'GET',
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        headers: { ...req.headers },
        body: text,
        json: text === '' ? undefined : parseJsonOrUndefined(text),
      });
      requests.push(record);
      if (bytes === null) return reply(413, 'request body too large');
      await handle(record, reply, base);
    } catch (error) {
      if (!res.headersSent)
        reply(500, `fake server failed: ${error instanceof Error ? error.message : error}`);
      else res.destroy();
    }
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address();
  base = `http://127.0.0.1:${port}`;
  return {
    url: base,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
