import type { ArtworkUrls } from '../../artwork-urls.js';

/** Artwork URLs that spell their inputs. Test support only. */
export const fakeArtworkUrls: ArtworkUrls = {
  artistUrl: (id, size) => `https://music.test/share/img/ar-${id}${size > 0 ? `?size=${size}` : ''}`,
  albumUrl: (id, size) => `https://music.test/share/img/al-${id}${size > 0 ? `?size=${size}` : ''}`,
  trackUrl: (id, size) => `https://music.test/share/img/mf-${id}${size > 0 ? `?size=${size}` : ''}`,
};
