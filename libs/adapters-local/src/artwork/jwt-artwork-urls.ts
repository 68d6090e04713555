import { createHmac } from 'node:crypto';
import type { ArtworkUrls } from '@ndp/ports';

/** Options of {@link JwtArtworkUrls}. */
export interface JwtArtworkUrlsOptions {
  /** The host's secret that signs the tokens (the same secret the host's `/share/img` route verifies with). */
  readonly secret: string | Uint8Array;
  /** The host's own public base URL, e.g. `https://music.example.com` (a trailing `/` is ignored). */
  readonly baseUrl: string;
  /** `ShareURL` from the configuration; when set and not empty it replaces `baseUrl`. */
  readonly shareUrl?: string;
}

const HEADER = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));

/**
 * {@link ArtworkUrls} per docs/contract.md §5: `<base>/share/img/<token>` plus `?size=N` when `size > 0`, where the token is an
 * HS256 JWT with claims `{"iss":"ND","id":"<ar|al|mf>-<id>_0"}` (artist, album, track) signed with the host's
 * secret, and the base is `shareUrl` when set, else `baseUrl`.
 *
 * Guarantees: the same inputs and secret give the same URL (no `iat`/`exp` claim, so URLs are stable and can be
 * cached by the services they are handed to). A fractional size is truncated.
 * Does not guarantee: that the id exists, or that the URL is reachable from outside.
 *
 * @example
 * ```ts
 * const artwork = new JwtArtworkUrls({ secret, baseUrl: 'http://localhost:4533' });
 * artwork.albumUrl('123', 300); // http://localhost:4533/share/img/eyJ...?size=300
 * ```
 */
export class JwtArtworkUrls implements ArtworkUrls {
  private readonly base: string;
  private readonly secret: string | Uint8Array;

  constructor(options: JwtArtworkUrlsOptions) {
    const base = options.shareUrl ? options.shareUrl : options.baseUrl;
    if (!base) throw new TypeError('JwtArtworkUrls needs a baseUrl or a shareUrl');
    if (options.secret.length === 0) throw new TypeError('JwtArtworkUrls needs a non-empty secret');
    this.base = base.replace(/\/+$/, '');
    this.secret = options.secret;
  }

  artistUrl(id: string, size: number): string {
    return this.url(`ar-${id}_0`, size);
  }

  albumUrl(id: string, size: number): string {
    return this.url(`al-${id}_0`, size);
  }

  trackUrl(id: string, size: number): string {
    return this.url(`mf-${id}_0`, size);
  }

  private url(artworkId: string, size: number): string {
    const n = Math.trunc(size);
    return `${this.base}/share/img/${this.token(artworkId)}${n > 0 ? `?size=${n}` : ''}`;
  }

  private token(artworkId: string): string {
    const signingInput = `${HEADER}.${base64url(JSON.stringify({ iss: 'ND', id: artworkId }))}`;
    const signature = createHmac('sha256', this.secret).update(signingInput).digest('base64url');
    return `${signingInput}.${signature}`;
  }
}

function base64url(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}
