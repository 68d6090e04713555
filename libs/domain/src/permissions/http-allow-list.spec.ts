import { describe, expect, it } from 'vitest';
import { HttpAllowList } from './http-allow-list.js';

function list(
  allowedUrls?: Record<string, ('GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH' | 'HEAD' | 'OPTIONS' | '*')[]>,
) {
  const compiled = HttpAllowList.compile(allowedUrls);
  if (!compiled.ok) throw new Error(JSON.stringify(compiled.error));
  return compiled.value;
}

describe('HttpAllowList', () => {
  const allow = list({
    'https://coverartarchive.org': ['GET'],
    'https://*.wikipedia.org/api/*': ['GET', 'HEAD'],
    'https://api.example.com/write': ['POST', 'PUT'],
    'https://api.example.com': ['GET'],
    'https://open.example.com': ['*'],
  });

  it.each([
    ['GET', 'https://coverartarchive.org/release/abc', true],
    ['get', 'https://coverartarchive.org/release/abc', true],
    ['POST', 'https://coverartarchive.org/release/abc', false],
    ['HEAD', 'https://en.wikipedia.org/api/rest_v1/page', true],
    ['GET', 'https://en.wikipedia.org/wiki/x', false],
    ['DELETE', 'https://open.example.com/x', true],
    // Overlapping patterns: the union of their methods decides, whatever the key order.
    ['POST', 'https://api.example.com/write', true],
    ['GET', 'https://api.example.com/write', true],
    ['DELETE', 'https://api.example.com/write', false],
    ['GET', 'https://evil.com/', false],
    ['GET', 'https://coverartarchive.org@evil.com/', false],
  ])('%s %s → %s', (method, url, expected) => {
    expect(allow.allows(method, url).ok).toBe(expected);
  });

  it('returns the URL it judged', () => {
    const result = allow.allows('GET', 'https://CoverArtArchive.org:443/release/x');
    expect(result.ok && result.value.href).toBe('https://coverartarchive.org/release/x');
  });

  it('says why it refuses, without the query', () => {
    const noMatch = allow.allows('GET', 'https://evil.com/steal?token=secret');
    expect(!noMatch.ok && noMatch.error).toMatch(
      /^https:\/\/evil\.com\/steal does not match any allowed URL pattern \(/,
    );
    expect(!noMatch.ok && noMatch.error).not.toContain('secret');
    const badMethod = allow.allows('DELETE', 'https://coverartarchive.org/x');
    expect(!badMethod.ok && badMethod.error).toBe(
      'method DELETE is not allowed for https://coverartarchive.org/x (allowed: GET)',
    );
  });

  it('allows any http(s) URL when allowedUrls is absent, and nothing else', () => {
    const open = list(undefined);
    expect(open.allows('PATCH', 'http://anything.example/x').ok).toBe(true);
    const ftp = open.allows('GET', 'ftp://x.org/');
    expect(!ftp.ok && ftp.error).toMatch(/only http and https/);
    const file = open.allows('GET', 'file:///etc/passwd');
    expect(file.ok).toBe(false);
    const garbage = open.allows('GET', 'not a url');
    expect(!garbage.ok && garbage.error).toMatch(/not a valid URL/);
  });

  it('refuses other schemes even under "*"', () => {
    expect(list({ '*': ['GET'] }).allows('GET', 'ftp://x.org/').ok).toBe(false);
    expect(list({ '*': ['GET'] }).allows('GET', 'https://x.org/').ok).toBe(true);
    expect(list({ '*': ['GET'] }).allows('POST', 'https://x.org/').ok).toBe(false);
  });

  it('reports every invalid pattern', () => {
    const compiled = HttpAllowList.compile({
      'ftp://a': ['GET'],
      'https://ok.org': ['GET'],
      'https://a*.b': ['GET'],
    });
    expect(compiled.ok).toBe(false);
    expect(!compiled.ok && compiled.error.map((i) => i.pattern)).toEqual(['ftp://a', 'https://a*.b']);
  });
});
