import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Router } from './router.js';

/** The page's files, served as they are: no build step, no CDN, nothing fetched from elsewhere. */
const ASSETS = {
  '/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/admin/admin.js': { file: 'admin.js', type: 'text/javascript; charset=utf-8' },
  '/admin/admin.css': { file: 'admin.css', type: 'text/css; charset=utf-8' },
} as const;

// `apps/host/admin/`, from `src/http/` and from `dist/http/` alike.
const FOLDER = fileURLToPath(new URL('../../admin/', import.meta.url));

/**
 * Serves the admin page at `/` (its script and style under `/admin/`). The page itself is public and holds no data;
 * it asks for the admin token and calls the admin API with it. The token stays in the tab's sessionStorage, never
 * in a URL. A strict Content-Security-Policy allows only the host's own script and style.
 */
export function adminPageRoutes(router: Router): void {
  for (const [path, asset] of Object.entries(ASSETS)) {
    const body = readFileSync(`${FOLDER}${asset.file}`);
    router.get(path, (ctx) => {
      ctx.res.writeHead(200, {
        'content-type': asset.type,
        'cache-control': 'no-cache',
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'no-referrer',
        'content-security-policy':
          "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; " +
          "form-action 'none'; frame-ancestors 'none'; base-uri 'none'",
      });
      ctx.res.end(body);
      return undefined;
    });
  }
}
