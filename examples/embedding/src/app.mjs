// An application that embeds ndp: a node:http server answering artist questions from MetadataAgent plugins.
// It depends only on `@ndp/host`'s public entry point, as any application would.
import { createServer } from 'node:http';
import { createPluginHost } from '@ndp/host';

/** NdpError codes this app answers with their own HTTP status; anything else is a 500. */
const STATUS_OF = { NOT_FOUND: 404, AGENTS_FAILED: 502, BAD_REQUEST: 400 };

/**
 * Starts the plugin host, then the HTTP server on `address:port` (port 0 = a free one). Routes:
 * `GET /plugins` (id and state of each plugin), `GET /artists/biography?name=`, `GET /artists/similar?name=&limit=`.
 *
 * @param {{ port?: number, address?: string, host: import('@ndp/host').PluginHostOptions }} options
 * @returns {Promise<{ url: string, plugins: import('@ndp/host').PluginHost, close(): Promise<void> }>}
 */
export async function startApp({ port = 0, address = '127.0.0.1', host }) {
  const plugins = await createPluginHost(host);
  // Serve only once every plugin has loaded (or failed): the first requests would otherwise find none ready.
  await plugins.ready();
  const routes = {
    '/plugins': async () =>
      plugins.plugins.list().map((p) => ({ id: p.id, state: p.state, version: p.version })),
    '/artists/biography': (query) => plugins.agents.getArtistBiography({ name: required(query, 'name') }),
    '/artists/similar': (query) =>
      plugins.agents.getSimilarArtists({
        name: required(query, 'name'),
        limit: Number(query.get('limit') ?? '10'),
      }),
  };
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const route = req.method === 'GET' ? routes[url.pathname] : undefined;
    let status = 200;
    let body;
    try {
      if (!route) {
        status = 404;
        body = { code: 'ROUTE_NOT_FOUND', message: `no route ${req.method} ${url.pathname}` };
      } else {
        // The host's answers are plain objects: they serialize as they are.
        body = await route(url.searchParams);
      }
    } catch (error) {
      status = STATUS_OF[error?.code] ?? 500;
      body = {
        code: error?.code ?? 'INTERNAL',
        message: error instanceof Error ? error.message : String(error),
      };
    }
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, address, resolve);
  });
  const { port: actual } = server.address();
  return {
    url: `http://${address}:${actual}`,
    plugins,
    async close() {
      await new Promise((resolve) => server.close(resolve));
      await plugins.close();
    },
  };
}

function required(query, name) {
  const value = query.get(name);
  if (!value) throw Object.assign(new Error(`missing query parameter "${name}"`), { code: 'BAD_REQUEST' });
  return value;
}
