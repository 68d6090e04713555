// A fake Discord for the discord-rich-presence example: the two REST endpoints it calls and the gateway it keeps
// open, on one 127.0.0.1 port. Everything a client sends is recorded, so tests assert on what reached "Discord".
//
// REST: `GET /api/gateway` → `{"url":"ws://127.0.0.1:<port>/gateway"}`; `POST /api/v9/applications/<id>/external-assets`
// with `Authorization: <token>` and `{"urls":[url]}` → `[{"url":...,"external_asset_path":"external/<hash>/<scheme>/<rest>"}]`
// (401 without Authorization, 400 for another body). Gateway (`/gateway`): Hello (op 10) on connect; Identify
// (op 2) → READY dispatch with `s: 1`; Heartbeat (op 1) → Heartbeat ACK (op 11); Presence Update (op 3) recorded.
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import { WebSocketServer } from 'ws';

const MAX_BODY_BYTES = 1024 * 1024;
const ASSETS_PATH = /^\/api\/v9\/applications\/([^/]+)\/external-assets$/;

function parseJson(text) {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => resolve(size > MAX_BODY_BYTES ? null : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Discord's external asset paths keep the original URL readable after a hash: `external/<hash>/https/host/path`. */
function assetPath(url) {
  const hash = createHash('sha256').update(url).digest('base64url').slice(0, 22);
  const parsed = new URL(url);
  return `external/${hash}/${parsed.protocol.replace(':', '')}/${parsed.host}${parsed.pathname}${parsed.search}`;
}

/**
 * Starts the fake on 127.0.0.1 (random port). `heartbeatIntervalMs` is what Hello announces (default 41250, as
 * Discord does). Resolves with the handle described in `fake-discord.d.mts`.
 */
export async function startFakeDiscord({ heartbeatIntervalMs = 41_250 } = {}) {
  const requests = [];
  const connections = [];
  const identifies = [];
  const heartbeats = [];
  const presences = [];
  const assets = [];
  let base = '';
  let nextConnectionId = 1;

  function reply(res, status, body) {
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    res.writeHead(status, typeof body === 'string' ? {} : { 'content-type': 'application/json' });
    res.end(text);
  }

  async function handle(req, res) {
    const text = await readBody(req);
    const url = new URL(req.url ?? '/', base);
    const record = Object.freeze({
      method: req.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: { ...req.headers },
      body: text ?? '',
      json: text ? parseJson(text) : undefined,
    });
    requests.push(record);
    if (text === null) return reply(res, 413, 'request body too large');
    if (record.path === '/api/gateway') {
      if (record.method !== 'GET') return reply(res, 405, { message: '405: Method Not Allowed', code: 0 });
      return reply(res, 200, { url: `${base.replace(/^http/, 'ws')}/gateway` });
    }
    const match = ASSETS_PATH.exec(record.path);
    if (!match) return reply(res, 404, { message: '404: Not Found', code: 0 });
    if (record.method !== 'POST') return reply(res, 405, { message: '405: Method Not Allowed', code: 0 });
    const authorization = record.headers.authorization;
    if (!authorization) return reply(res, 401, { message: '401: Unauthorized', code: 0 });
    const urls = record.json?.urls;
    if (
      !Array.isArray(urls) ||
      urls.length === 0 ||
      !urls.every((u) => typeof u === 'string' && URL.canParse(u))
    )
      return reply(res, 400, { message: 'Invalid Form Body', code: 50035 });
    const answer = urls.map((u) => ({ url: u, external_asset_path: assetPath(u) }));
    for (const a of answer) {
      assets.push(
        Object.freeze({ applicationId: match[1], authorization, url: a.url, path: a.external_asset_path }),
      );
    }
    return reply(res, 200, answer);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error) => {
      if (!res.headersSent) reply(res, 500, `fake discord failed: ${error?.message ?? error}`);
      else res.destroy();
    });
  });
  const gateway = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req, socket, head) => {
    if (new URL(req.url ?? '/', base).pathname !== '/gateway') {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
      return;
    }
    gateway.handleUpgrade(req, socket, head, (ws) => accept(ws));
  });

  function send(connection, payload) {
    if (connection.socket.readyState === connection.socket.OPEN)
      connection.socket.send(JSON.stringify(payload));
  }

  function dispatch(connection, t, d, s) {
    const seq = s ?? connection.seq + 1;
    connection.seq = seq;
    send(connection, { op: 0, t, s: seq, d });
    return seq;
  }

  function accept(socket) {
    const connection = {
      id: nextConnectionId++,
      token: undefined,
      socket,
      seq: 0,
      open: true,
      closeCode: undefined,
      closeReason: undefined,
      received: [],
    };
    connections.push(connection);
    socket.on('message', (data, isBinary) => {
      const text = isBinary ? '' : data.toString('utf8');
      const message = parseJson(text);
      connection.received.push(message ?? text);
      if (typeof message !== 'object' || message === null) return;
      if (message.op === 2) {
        connection.token = message.d?.token;
        identifies.push(Object.freeze({ connection: connection.id, token: connection.token, d: message.d }));
        dispatch(connection, 'READY', {
          v: 10,
          user: { id: `user-${connection.id}`, username: `user-${connection.id}` },
          session_id: `session-${connection.id}`,
        });
      } else if (message.op === 1) {
        heartbeats.push(
          Object.freeze({ connection: connection.id, token: connection.token, seq: message.d }),
        );
        send(connection, { op: 11 });
      } else if (message.op === 3) {
        presences.push(Object.freeze({ connection: connection.id, token: connection.token, d: message.d }));
      }
    });
    socket.on('close', (code, reason) => {
      connection.open = false;
      connection.closeCode = code;
      connection.closeReason = reason.toString('utf8');
    });
    socket.on('error', () => {});
    send(connection, { op: 10, d: { heartbeat_interval: heartbeatIntervalMs } });
  }

  /** The newest open connection identified with `token` (or the connection itself when given one). */
  function resolve(target) {
    if (typeof target === 'object' && target !== null) return target;
    const found = connections.filter((c) => c.open && c.token === target).at(-1);
    if (!found) throw new Error(`fake discord: no open connection identified with token "${target}"`);
    return found;
  }

  await new Promise((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolveListen);
  });
  base = `http://127.0.0.1:${server.address().port}`;

  return {
    url: base,
    apiUrl: `${base}/api`,
    requests,
    connections,
    identifies,
    heartbeats,
    presences,
    assets,
    connectionsOf: (token) => connections.filter((c) => c.token === token),
    sendDispatch: (target, t, d, options = {}) => dispatch(resolve(target), t, d, options.s),
    drop: (target, options = {}) => {
      const connection = resolve(target);
      // Not a target any more from now on, though its 'close' event comes a little later.
      connection.open = false;
      if (options.code === undefined) connection.socket.terminate();
      else connection.socket.close(options.code, options.reason ?? '');
      return connection;
    },
    close: () =>
      new Promise((resolveClose) => {
        for (const c of connections) c.socket.terminate();
        gateway.close();
        server.closeAllConnections();
        server.close(() => resolveClose());
      }),
  };
}
