import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request the upstream server received, body read in full. */
export interface UpstreamRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
}

/**
 * A plain HTTP server on 127.0.0.1 standing in for the outside world plugins talk to.
 *
 * - `GET /hello` answers 200 `hello ✓` with `content-type: text/plain` and `x-fixture: yes`;
 * - `POST /echo` answers 201 with the request body;
 * - `GET /slow` is held until {@link UpstreamServer.releaseSlow} (then answers 200 `slow done`), so a test can keep
 *   plugin calls in flight for as long as it needs;
 * - anything else answers 404.
 *
 * Every request is recorded in {@link requests}, in arrival order.
 */
export class UpstreamServer {
  readonly requests: UpstreamRequest[] = [];
  private readonly held: ServerResponse[] = [];
  private readonly server = createServer((req, res) => void this.handle(req, res));

  private constructor() {}

  /** Starts a server on a free port of 127.0.0.1. */
  static async start(): Promise<UpstreamServer> {
    const upstream = new UpstreamServer();
    await new Promise<void>((resolve, reject) => {
      upstream.server.once('error', reject);
      upstream.server.listen(0, '127.0.0.1', () => resolve());
    });
    return upstream;
  }

  /** `http://127.0.0.1:<port>`. */
  get origin(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** How many `/slow` requests are being held right now. */
  get heldCount(): number {
    return this.held.length;
  }

  /** Answers every held `/slow` request. */
  releaseSlow(): void {
    for (const res of this.held.splice(0)) {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('slow done');
    }
  }

  /** Answers what is still held, then stops the server. */
  async close(): Promise<void> {
    this.releaseSlow();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const path = new URL(req.url ?? '/', 'http://upstream').pathname;
    const body = Buffer.concat(chunks).toString('utf8');
    this.requests.push({ method: req.method ?? '', path, headers: req.headers, body });
    if (req.method === 'GET' && path === '/hello') {
      res.writeHead(200, { 'content-type': 'text/plain', 'X-Fixture': 'yes' });
      res.end('hello ✓');
    } else if (req.method === 'POST' && path === '/echo') {
      res.writeHead(201, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(body);
    } else if (req.method === 'GET' && path === '/slow') {
      this.held.push(res);
    } else {
      res.writeHead(404);
      res.end('not here');
    }
  }
}
