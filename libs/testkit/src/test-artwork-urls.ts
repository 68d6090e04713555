import type { ArtworkUrls } from '@ndp/ports';

/**
 * Artwork URLs that spell their inputs, `<base>/artwork/<kind>/<id>?size=<n>`, so a test can predict the URL a
 * plugin got. The host signs real ones; a plugin must treat them as opaque either way.
 */
export function testArtworkUrls(base: string): ArtworkUrls {
  const url = (kind: string) => (id: string, size: number) =>
    `${base}/artwork/${kind}/${encodeURIComponent(id)}${size > 0 ? `?size=${size}` : ''}`;
  return { artistUrl: url('artist'), albumUrl: url('album'), trackUrl: url('track') };
}
