import { timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Agents, LocalPluginChange, PluginManager, Scrobblers } from '@ndp/application';
import type { Logger, Scheduler, WebSocketClient } from '@ndp/ports';
import type { RecentLogs } from '../observability/recent-logs.js';
import type { PluginSettings } from '../settings/plugin-settings.js';
import { adminPageRoutes } from './admin-page.js';
import { adminRoutes, type AdminRouteOptions } from './routes/admin.js';
import type { ArtworkSource } from '../artwork/artwork-source.js';
import type { ConfigReloadReport } from '../config/config-reloader.js';
import type { PrometheusMetrics } from '../observability/prometheus-metrics.js';
import { errorResponse, HttpProblem } from './http-error.js';
import { Router } from './router.js';
import { agentRoutes } from './routes/agents.js';
import { pluginCallRoutes } from './routes/plugin-call.js';
import { pluginRoutes } from './routes/plugins.js';
import { scrobblerRoutes } from './routes/scrobbler.js';
import { shareRoutes } from './routes/share.js';

/** What the HTTP server serves. */
export interface HostServerOptions {
  readonly manager: PluginManager;
  readonly agents: Agents;
  readonly scrobblers: Scrobblers;
  readonly metrics: PrometheusMetrics;
  readonly logger: Logger;
  /** Bearer token of the mutating routes; without one they answer 401. */
  readonly adminToken: string | undefined;
  /** What the admin page reads and steers; without it, no page and no `/api/admin` routes. */
  readonly admin?: {
    readonly scheduler: Scheduler;
    readonly websocket: WebSocketClient;
    readonly recentLogs: RecentLogs;
    readonly settings: PluginSettings;
    readonly pluginsFolder: string;
    readonly runtimeOf: AdminRouteOptions['runtimeOf'];
  };
  /** Told of every plugin change made through the admin API (a cluster passes it on to the other nodes). */
  readonly onPluginChange?: (pluginId: string, change: LocalPluginChange) => Promise<void>;
  /** The artwork signing secret `/share/img/<token>` verifies with. */
  readonly secret: string;
  /** The embedding application's images for `/share/img`; default none (verified tokens answer 404). */
  readonly artworkSource?: ArtworkSource;
  /** `POST /api/reload`: re-reads the configuration; without it the route answers 404 `ROUTE_NOT_FOUND`. */
  readonly reload?: () => Promise<ConfigReloadReport>;
  /** What `GET /api/host` says about this host, so a CLI can tell whether it is talking to its own host. */
  readonly identity?: HostIdentity;
}

/** Which host this is: the configuration and folders it was started with. */
interface HostIdentity {
  readonly configFile: string | null;
  readonly dataFolder: string;
  readonly pluginsFolder: string;
}

/**
 * The host's HTTP API (node:http): MetadataAgent methods through the ordered agents, scrobbler endpoints,
 * plugin admin, `/health` and `/metrics`. Errors are JSON `{ "error": { "code", "message", "details" } }` with
 * stable codes. `close()` stops accepting connections and resolves once in-flight requests have finished.
 */
export class HostServer {
  private readonly server: Server;
  private readonly router = new Router();
  private readonly log: Logger;
  private inFlight = 0;
  private readonly started = Date.now();

  constructor(private readonly options: HostServerOptions) {
    this.log = options.logger.child({ component: 'http' });
    agentRoutes(this.router, options.agents);
    scrobblerRoutes(this.router, options.scrobblers);
    pluginRoutes(this.router, options.manager, options.onPluginChange);
    if (options.admin) {
      adminRoutes(this.router, {
        manager: options.manager,
        metrics: options.metrics,
        ...options.admin,
        ...(options.onPluginChange ? { onPluginChange: options.onPluginChange } : {}),
      });
      adminPageRoutes(this.router);
    }
    pluginCallRoutes(this.router, options.manager);
    shareRoutes(this.router, options.secret, options.artworkSource);
    const reload = options.reload;
    if (reload) this.router.post('/api/reload', () => reload(), { admin: true });
    const identity = options.identity;
    if (identity) this.router.get('/api/host', () => ({ ...identity, pid: process.pid }));
    this.router
      .get('/health', () => this.health())
      .get('/metrics', (ctx) => {
        ctx.res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' });
        ctx.res.end(options.metrics.render());
        return undefined;
      });
    this.server = createServer((req, res) => void this.handle(req, res));
    this.server.keepAliveTimeout = 5_000;
  }

  /** Listens on `address:port` (port 0 = any free port) and resolves with the bound port. */
  listen(port: number, address: string): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, address, () => {
        this.server.off('error', reject);
        resolve((this.server.address() as AddressInfo).port);
      });
    });
  }

  /** Stops accepting connections, lets in-flight requests finish, then closes idle keep-alive sockets. */
  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeIdleConnections();
    while (this.inFlight > 0) await new Promise((r) => setTimeout(r, 10));
    this.server.closeIdleConnections();
    await closed;
  }

  private health(): unknown {
    const counts = { loading: 0, ready: 0, failed: 0, disabled: 0 };
    for (const p of this.options.manager.list()) counts[p.state]++;
    return { status: 'ok', uptimeSeconds: Math.round((Date.now() - this.started) / 1000), plugins: counts };
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    this.inFlight++;
    const url = new URL(req.url ?? '/', 'http://host');
    let status = 500;
    try {
      const { route, params } = this.router.match(req.method ?? 'GET', url.pathname);
      if (route.admin) this.authorize(req);
      const body = await route.handler({ req, res, url, params });
      status = res.headersSent ? res.statusCode : 200;
      if (!res.headersSent) send(res, 200, body);
    } catch (error) {
      const answer = errorResponse(error);
      status = answer.status;
      if (status >= 500)
        this.log.error('request failed', { method: req.method, path: url.pathname, error: String(error) });
      if (!res.headersSent) send(res, answer.status, answer.body);
      else res.end();
    } finally {
      this.inFlight--;
      this.log.info('request', {
        method: req.method,
        path: url.pathname,
        status,
        durationMs: Math.round((performance.now() - started) * 100) / 100,
      });
    }
  }

  private authorize(req: IncomingMessage): void {
    const token = this.options.adminToken;
    if (!token) {
      throw new HttpProblem('UNAUTHORIZED', 'admin routes are disabled: set Server.AdminToken in the config');
    }
    const given = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1] ?? '';
    const a = Buffer.from(given);
    const b = Buffer.from(token);
    if (a.length !== b.length || !timingSafeEqual(a, b)) {
      throw new HttpProblem('UNAUTHORIZED', 'this route needs "Authorization: Bearer <admin token>"');
    }
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body ?? null, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(text);
}
