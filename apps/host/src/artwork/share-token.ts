import { createHmac, timingSafeEqual } from 'node:crypto';
import type { ArtworkRequest } from './artwork-source.js';

const KINDS = { ar: 'artist', al: 'album', mf: 'track' } as const;

/**
 * Verifies a `/share/img/<token>` token: an HS256 JWT signed with the host's secret whose claims are
 * `{"iss":"ND","id":"<ar|al|mf>-<id>_0"}` (what the host's ArtworkService hands to plugins). Answers what it names,
 * or a reason it is not valid (for the 401 message; never the expected signature).
 */
export function verifyShareToken(
  token: string,
  secret: string,
): { ok: true; kind: ArtworkRequest['kind']; id: string } | { ok: false; reason: string } {
  const parts = token.split('.');
  if (parts.length !== 3) return { ok: false, reason: 'not a JWT (expected three dot-separated parts)' };
  const [header, claims, signature] = parts as [string, string, string];
  const expected = createHmac('sha256', secret).update(`${header}.${claims}`).digest();
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { ok: false, reason: 'the signature does not match this host’s secret' };
  }
  const h = decode(header) as { alg?: unknown } | undefined;
  if (h?.alg !== 'HS256') return { ok: false, reason: 'the token is not HS256' };
  const c = decode(claims) as { iss?: unknown; id?: unknown } | undefined;
  const m = typeof c?.id === 'string' ? /^(ar|al|mf)-(.+)_0$/s.exec(c.id) : null;
  if (c?.iss !== 'ND' || !m)
    return { ok: false, reason: 'the token does not name an artist, album or track' };
  return { ok: true, kind: KINDS[m[1] as keyof typeof KINDS], id: m[2]! };
}

function decode(part: string): unknown {
  try {
    return JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
}
