import type { ArtworkSource } from '../../artwork/artwork-source.js';
import { verifyShareToken } from '../../artwork/share-token.js';
import { HttpProblem } from '../http-error.js';
import type { Router } from '../router.js';

/**
 * `GET /share/img/<token>[?size=N]`: the artwork URLs the host hands to plugins. A token that does not verify with
 * the host's secret is 401 `UNAUTHORIZED`; a verified one is answered by the embedding application's
 * {@link ArtworkSource}, and 404 `ARTWORK_NOT_FOUND` when it has no image (or there is no source).
 */
export function shareRoutes(router: Router, secret: string, source: ArtworkSource | undefined): void {
  router.get('/share/img/:token', async (ctx) => {
    const verified = verifyShareToken(ctx.params['token']!, secret);
    if (!verified.ok) throw new HttpProblem('UNAUTHORIZED', `invalid artwork token: ${verified.reason}`);
    const sizeText = ctx.url.searchParams.get('size') ?? '0';
    const size = Number(sizeText);
    if (!Number.isInteger(size) || size < 0) {
      throw new HttpProblem(
        'BAD_REQUEST',
        `query parameter "size" must be a non-negative integer, got "${sizeText}"`,
        {
          parameter: 'size',
        },
      );
    }
    const what = `${verified.kind} "${verified.id}"`;
    if (!source) {
      throw new HttpProblem(
        'ARTWORK_NOT_FOUND',
        `the token for ${what} is valid, but this host has no artwork source: an application embedding the host provides images through the artworkSource option of startHost`,
        { kind: verified.kind, id: verified.id },
      );
    }
    const image = await source({ kind: verified.kind, id: verified.id, size });
    if (!image) {
      throw new HttpProblem('ARTWORK_NOT_FOUND', `no image for ${what}`, {
        kind: verified.kind,
        id: verified.id,
      });
    }
    ctx.res.writeHead(200, { 'content-type': image.contentType, 'cache-control': 'public, max-age=86400' });
    ctx.res.end(image.body);
    return undefined;
  });
}
