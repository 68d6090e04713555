import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A running {@link startDelayingProxy}. */
export interface DelayingProxy {
  /** Its origin, `http://127.0.0.1:<port>`. */
  readonly url: string;
  /** How many requests arrived so far. */
  readonly received: () => number;
  /** Resolves when the first request has arrived (before its delay starts running out). */
  readonly firstRequest: Promise<void>;
  /** Stops listening and drops open connections. */
  close(): Promise<void>;
}

/**
 * A reverse proxy on 127.0.0.1 that holds every request for `delayMs`, then forwards it (method, path, query,
 * headers, body) to `target` and streams the answer back unchanged; redirects are passed through, not followed.
 * It lets a test keep a plugin's upstream call in flight for a known time without changing the upstream fake.
 * Does not guarantee: anything beyond plain HTTP/1.1 (no upgrades, no TLS).
 */
export async function startDelayingProxy(target: string, delayMs: number): Promise<DelayingProxy> {
  const upstream = new URL(target);
  let count = 0;
  let arrived: () => void = () => {};
  const firstRequest = new Promise<void>((resolve) => (arrived = resolve));

  const forward = (req: IncomingMessage, res: ServerResponse, body: Buffer) => {
    const out = httpRequest(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: upstream.host },
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    out.once('error', (e) => {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(`delaying proxy: ${e.message}`);
    });
    out.end(body);
  };

  const server = createServer((req, res) => {
    count++;
    arrived();
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.once('end', () => {
      const timer = setTimeout(() => forward(req, res, Buffer.concat(chunks)), delayMs);
      res.once('close', () => clearTimeout(timer));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received: () => count,
    firstRequest,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
