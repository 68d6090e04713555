import type { IncomingMessage, ServerResponse } from 'node:http';
import { HttpProblem } from './http-error.js';

/** What a handler receives. */
export interface RouteContext {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly url: URL;
  readonly params: Readonly<Record<string, string>>;
}

/** A handler answers a JSON-serialisable value (sent as 200) or writes the response itself and returns undefined. */
export type Handler = (ctx: RouteContext) => Promise<unknown> | unknown;

interface Route {
  readonly method: string;
  readonly pattern: RegExp;
  readonly names: readonly string[];
  readonly handler: Handler;
  readonly admin: boolean;
}

/** A small method + path router; `:name` segments become params. */
export class Router {
  private readonly routes: Route[] = [];

  get(path: string, handler: Handler, options: { admin?: boolean } = {}): this {
    return this.add('GET', path, handler, options.admin ?? false);
  }

  put(path: string, handler: Handler, options: { admin?: boolean } = {}): this {
    return this.add('PUT', path, handler, options.admin ?? false);
  }

  post(path: string, handler: Handler, options: { admin?: boolean } = {}): this {
    return this.add('POST', path, handler, options.admin ?? false);
  }

  /** Finds the route for a request; throws 404/405 problems when there is none. */
  match(method: string, pathname: string): { route: Route; params: Record<string, string> } {
    let allowed = false;
    for (const route of this.routes) {
      const m = route.pattern.exec(pathname);
      if (!m) continue;
      if (route.method !== method) {
        allowed = true;
        continue;
      }
      const params: Record<string, string> = {};
      route.names.forEach((n, i) => (params[n] = decodeURIComponent(m[i + 1]!)));
      return { route, params };
    }
    if (allowed) throw new HttpProblem('METHOD_NOT_ALLOWED', `${method} is not allowed on ${pathname}`);
    throw new HttpProblem('ROUTE_NOT_FOUND', `no route for ${method} ${pathname}`);
  }

  private add(method: string, path: string, handler: Handler, admin: boolean): this {
    const names: string[] = [];
    const source = path.replace(/:([a-zA-Z]+)/g, (_, n: string) => {
      names.push(n);
      return '([^/]+)';
    });
    this.routes.push({ method, pattern: new RegExp(`^${source}$`), names, handler, admin });
    return this;
  }
}
