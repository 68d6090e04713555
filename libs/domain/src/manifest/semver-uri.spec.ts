import { describe, expect, it } from 'vitest';
import { isSemver } from './semver.js';
import { isUri } from './uri-format.js';

describe('isSemver', () => {
  it.each([
    '0.0.0',
    '1.2.3',
    '10.20.30',
    '1.0.0-alpha',
    '1.0.0-rc.1+build.5',
    '1.0.0+20130313144700',
    '1.0.0-0.3.7',
  ])('accepts %s', (v) => expect(isSemver(v)).toBe(true));
  it.each(['1', '1.0', 'v1.0.0', '01.0.0', '1.0.0-', '1.0.0-01', '1.0.0+', ' 1.0.0', '1.0.0.0'])(
    'rejects %s',
    (v) => expect(isSemver(v)).toBe(false),
  );
});

describe('isUri', () => {
  it.each(['https://example.com', 'http://x.org/a?b=c#d', 'mailto:me@example.com', 'urn:isbn:0451450523'])(
    'accepts %s',
    (v) => expect(isUri(v)).toBe(true),
  );
  it.each([
    'example.com',
    '/relative/path',
    'https://exa mple.com',
    'https://x.org/<script>',
    'https://x.org/\u0001',
    '',
    'http://',
  ])('rejects %j', (v) => expect(isUri(v)).toBe(false));
});
