import { createHmac, timingSafeEqual } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { JwtArtworkUrls } from './jwt-artwork-urls.js';

const SECRET = 'host-secret';

/** Checks the URL shape and the token independently of the implementation; answers the token's parts. */
function decode(url: string, base: string) {
  const parsed = new URL(url);
  expect(`${parsed.origin}${parsed.pathname}`.startsWith(`${base}/share/img/`)).toBe(true);
  const token = parsed.pathname.slice(parsed.pathname.lastIndexOf('/') + 1);
  const [header, claims, signature] = token.split('.');
  const expected = createHmac('sha256', SECRET).update(`${header}.${claims}`).digest();
  const valid = timingSafeEqual(Buffer.from(signature!, 'base64url'), expected);
  const json = (part: string) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as unknown;
  return {
    valid,
    header: json(header!),
    claims: json(claims!),
    size: parsed.searchParams.get('size'),
    search: parsed.search,
  };
}

describe('JwtArtworkUrls', () => {
  const artwork = new JwtArtworkUrls({ secret: SECRET, baseUrl: 'http://localhost:4533/' });

  it('signs an HS256 JWT with the artist, album and track ids', () => {
    const cases = [
      [artwork.artistUrl('a1', 0), 'ar-a1_0'],
      [artwork.albumUrl('al 2', 0), 'al-al 2_0'],
      [artwork.trackUrl('t3', 0), 'mf-t3_0'],
    ] as const;
    for (const [url, id] of cases) {
      const token = decode(url, 'http://localhost:4533');
      expect(token.valid).toBe(true);
      expect(token.header).toEqual({ alg: 'HS256', typ: 'JWT' });
      expect(token.claims).toEqual({ iss: 'ND', id });
      expect(token.search).toBe('');
    }
  });

  it('adds ?size=N only for a positive size', () => {
    expect(decode(artwork.albumUrl('x', 300), 'http://localhost:4533').size).toBe('300');
    expect(decode(artwork.albumUrl('x', -1), 'http://localhost:4533').search).toBe('');
  });

  it('is stable for the same inputs, and another secret gives a signature that does not verify', () => {
    expect(artwork.trackUrl('t', 64)).toBe(artwork.trackUrl('t', 64));
    const other = new JwtArtworkUrls({ secret: 'other', baseUrl: 'http://localhost:4533' });
    expect(decode(other.trackUrl('t', 64), 'http://localhost:4533').valid).toBe(false);
  });

  it('uses ShareURL when set, else the base URL', () => {
    const shared = new JwtArtworkUrls({
      secret: SECRET,
      baseUrl: 'http://localhost:4533',
      shareUrl: 'https://music.example.com/',
    });
    expect(decode(shared.artistUrl('a', 0), 'https://music.example.com').valid).toBe(true);
    const empty = new JwtArtworkUrls({ secret: SECRET, baseUrl: 'http://localhost:4533', shareUrl: '' });
    expect(empty.artistUrl('a', 0).startsWith('http://localhost:4533/share/img/')).toBe(true);
  });

  it('refuses to start without a secret or a base URL', () => {
    expect(() => new JwtArtworkUrls({ secret: '', baseUrl: 'http://h' })).toThrow(/secret/);
    expect(() => new JwtArtworkUrls({ secret: SECRET, baseUrl: '' })).toThrow(/baseUrl/);
  });
});
