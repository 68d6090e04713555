import { describe, expect, it } from 'vitest';
import { UrlPattern } from './url-pattern.js';

const HTTP = ['https', 'http'];

function matches(pattern: string, url: string): boolean {
  const compiled = UrlPattern.compile(pattern, HTTP);
  if (!compiled.ok) throw new Error(`pattern ${pattern} did not compile: ${compiled.error}`);
  return compiled.value.matches(new URL(url));
}

describe('UrlPattern.matches', () => {
  it.each([
    // A pattern without a path allows every path on the origin (the original allowed only "/", which broke its own examples).
    [
      'https://coverartarchive.org',
      'https://coverartarchive.org/release/76df3287-6cda-33eb-8e9a-044b5e15ffdd',
      true,
    ],
    ['https://coverartarchive.org', 'https://coverartarchive.org/', true],
    ['https://coverartarchive.org/', 'https://coverartarchive.org/release/x', true],
    ['https://coverartarchive.org/*', 'https://coverartarchive.org/release/x', true],
    // Wildcard host: exactly one label.
    ['https://*.wikipedia.org', 'https://en.wikipedia.org/wiki/Björk', true],
    ['https://*.wikipedia.org', 'https://wikipedia.org/wiki/x', false],
    ['https://*.wikipedia.org', 'https://en.m.wikipedia.org/wiki/x', false],
    ['https://*.wikipedia.org', 'https://evilwikipedia.org/', false],
    ['https://*.wikipedia.org', 'https://en.wikipedia.org.evil.com/', false],
    ['https://wikipedia.org', 'https://en.wikipedia.org/', false],
    ['https://api.*.example.com', 'https://api.eu.example.com/', true],
    // Scheme and port must match; default ports are normalized.
    ['https://x.org', 'http://x.org/', false],
    ['http://x.org', 'https://x.org/', false],
    ['https://x.org', 'https://x.org:443/a', true],
    ['https://x.org:443', 'https://x.org/a', true],
    ['https://x.org', 'https://x.org:8443/a', false],
    ['https://x.org:8443', 'https://x.org:8443/a', true],
    ['https://x.org:8443', 'https://x.org/a', false],
    ['http://x.org:80', 'http://x.org/', true],
    // Paths.
    ['https://x.org/api/*', 'https://x.org/api/v1/artist', true],
    ['https://x.org/api/*', 'https://x.org/api/', true],
    ['https://x.org/api/*', 'https://x.org/api', true],
    ['https://x.org/api/*', 'https://x.org/apix', false],
    ['https://x.org/api/*', 'https://x.org/other', false],
    ['https://x.org/api/*', 'https://x.org/api/../admin', false],
    ['https://x.org/api/*', 'https://x.org/api/%2e%2e/admin', false],
    ['https://x.org/api/v1', 'https://x.org/api/v1', true],
    ['https://x.org/api/v1', 'https://x.org/api/v1/', false],
    ['https://x.org/api/v1', 'https://x.org/api/v1/more', false],
    ['https://x.org/api/v1', 'https://x.org/API/v1', false],
    // Query and fragment of the request are ignored.
    ['https://x.org/search', 'https://x.org/search?q=a&token=b#frag', true],
    // Host case, IDN, trailing dots.
    ['https://X.ORG', 'https://x.org/', true],
    ['https://x.org', 'https://X.Org/', true],
    ['https://bücher.example', 'https://xn--bcher-kva.example/', true],
    ['https://xn--bcher-kva.example', 'https://BÜCHER.example/', true],
    ['https://x.org', 'https://x.org./', true],
    ['https://x.org.', 'https://x.org/', true],
    ['https://*.x.org', 'https://a.x.org./', true],
    // User info never changes the host being judged.
    ['https://allowed.com', 'https://allowed.com@evil.com/', false],
    ['https://allowed.com', 'https://user:pw@allowed.com/', true],
    ['https://*.allowed.com', 'https://a.allowed.com:pw@evil.com/', false],
    // IP literals.
    ['http://[::1]:8080', 'http://[::1]:8080/x', true],
    ['http://[::1]:8080', 'http://[0:0:0:0:0:0:0:1]:8080/x', true],
    ['http://[::1]:8080', 'http://[::2]:8080/x', false],
    ['http://127.0.0.1', 'http://127.0.0.1/x', true],
    ['http://127.0.0.1', 'http://0x7f.0.0.1/x', true],
    ['http://127.0.0.1', 'http://127.0.0.2/x', false],
    // "*" alone matches every URL.
    ['*', 'https://anything.example/at/all?x', true],
  ])('%s vs %s → %s', (pattern, url, expected) => {
    expect(matches(pattern, url)).toBe(expected);
  });
});

describe('UrlPattern.compile', () => {
  it.each([
    ['ftp://x.org', /scheme must be one of https, http/],
    ['wss://x.org', /scheme/],
    ['x.org', /must look like/],
    ['https://', /not a valid URL/],
    ['https://user@x.org', /user info/],
    ['https://x.org/?q=1', /query/],
    ['https://x.org/#top', /fragment/],
    ['https://a*.x.org', /whole DNS label/],
    ['https://*', /must name a domain/],
    ['https://*.*', /must name a domain/],
    ['https://x.org:*', /not a valid URL/],
    ['https://x.org:99999', /not a valid URL/],
    ['https://x.org/a/*/b', /final "\/\*"/],
    ['https://x.org/a*', /final "\/\*"/],
    ['https://x.org/*/b', /final "\/\*"/],
  ])('rejects %s', (pattern, message) => {
    const compiled = UrlPattern.compile(pattern, HTTP);
    expect(compiled.ok).toBe(false);
    if (!compiled.ok) expect(compiled.error).toMatch(message);
  });

  it('keeps the text as written and accepts upper-case schemes', () => {
    const compiled = UrlPattern.compile('HTTPS://X.org/A/*', HTTP);
    expect(compiled.ok && compiled.value.text).toBe('HTTPS://X.org/A/*');
    expect(compiled.ok && compiled.value.matches(new URL('https://x.org/A/b'))).toBe(true);
  });
});
