// Property tests of the URL pattern matcher (docs/contract.md §2): the rules an operator reads in a manifest hold
// for every host, path and query, and neither compiling nor matching ever throws.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UrlPattern } from './url-pattern.js';

const HTTP = ['https', 'http'];
const RUNS = { numRuns: 400, interruptAfterTimeLimit: 20_000 };

// Hyphens in the third and fourth place are reserved by IDNA (`xn--` is punycode): a URL parser rejects or rewrites
// such labels, so they are no ordinary host label.
const label = fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,10}[a-z0-9])?$/).filter((l) => !/^..--/.test(l));
const domain = fc.array(label, { minLength: 1, maxLength: 3 }).map((ls) => `${ls.join('.')}.org`);
const segment = fc.stringMatching(/^[A-Za-z0-9_-]{1,8}$/);
const pathOf = fc.array(segment, { maxLength: 4 }).map((s) => `/${s.join('/')}`);
const query = fc.option(
  fc
    .array(fc.tuple(segment, segment), { maxLength: 3 })
    .map((kv) => `?${kv.map(([k, v]) => `${k}=${v}`).join('&')}`),
  { nil: '' },
);
const scheme = fc.constantFrom('https', 'http');

function compile(text: string): UrlPattern {
  const compiled = UrlPattern.compile(text, HTTP);
  if (!compiled.ok) throw new Error(`pattern ${text} did not compile: ${compiled.error}`);
  return compiled.value;
}

describe('UrlPattern, properties', () => {
  it('never throws: compile answers a Result and matching a compiled pattern answers a boolean', () => {
    const text = fc.oneof(
      fc.string({ maxLength: 60 }),
      fc.tuple(scheme, fc.string({ maxLength: 30 })).map(([s, rest]) => `${s}://${rest}`),
      fc.webUrl({ withQueryParameters: true, withFragments: true }),
    );
    fc.assert(
      fc.property(text, fc.webUrl({ withQueryParameters: true }), (pattern, url) => {
        const compiled = UrlPattern.compile(pattern, HTTP);
        if (!compiled.ok) {
          expect(typeof compiled.error).toBe('string');
          expect(compiled.error.length).toBeGreaterThan(0);
          return;
        }
        expect(typeof compiled.value.matches(new URL(url))).toBe('boolean');
      }),
      RUNS,
    );
  });

  it('"*" in a host matches exactly one non-empty label', () => {
    fc.assert(
      fc.property(scheme, domain, fc.array(label, { maxLength: 3 }), pathOf, (s, d, extra, p) => {
        const pattern = compile(`${s}://*.${d}`);
        const url = new URL(`${s}://${[...extra, d].join('.')}${p}`);
        expect(pattern.matches(url)).toBe(extra.length === 1);
      }),
      RUNS,
    );
  });

  it('ignores the query and fragment of the request', () => {
    fc.assert(
      fc.property(scheme, domain, pathOf, pathOf, query, fc.boolean(), (s, d, patternPath, p, q, hash) => {
        const pattern = compile(`${s}://${d}${patternPath}`);
        const bare = new URL(`${s}://${d}${p}`);
        const decorated = new URL(`${s}://${d}${p}${q}${hash ? '#frag' : ''}`);
        expect(pattern.matches(decorated)).toBe(pattern.matches(bare));
      }),
      RUNS,
    );
  });

  it('a pattern without a path (or "/", "/*") allows every path of its origin', () => {
    fc.assert(
      fc.property(scheme, domain, fc.constantFrom('', '/', '/*'), pathOf, query, (s, d, tail, p, q) => {
        expect(compile(`${s}://${d}${tail}`).matches(new URL(`${s}://${d}${p}${q}`))).toBe(true);
      }),
      RUNS,
    );
  });

  it('a final "/*" is a prefix on whole segments', () => {
    fc.assert(
      fc.property(scheme, domain, pathOf, pathOf, segment, (s, d, prefix, rest, glued) => {
        fc.pre(prefix !== '/');
        const pattern = compile(`${s}://${d}${prefix}/*`);
        expect(pattern.matches(new URL(`${s}://${d}${prefix}`))).toBe(true);
        expect(pattern.matches(new URL(`${s}://${d}${prefix}${rest}`))).toBe(true);
        // The same characters without the separating "/" are another segment, not under the prefix.
        expect(pattern.matches(new URL(`${s}://${d}${prefix}${glued}`))).toBe(false);
      }),
      RUNS,
    );
  });

  it('scheme and port must match (default ports are the same as none)', () => {
    const port = fc.constantFrom('', ':80', ':443', ':8080', ':8443');
    fc.assert(
      fc.property(scheme, port, scheme, port, domain, pathOf, (ps, pp, us, up, d, p) => {
        const effective = (s: string, portText: string) =>
          portText.slice(1) || (s === 'https' ? '443' : '80');
        const same = ps === us && effective(ps, pp) === effective(us, up);
        expect(compile(`${ps}://${d}${pp}`).matches(new URL(`${us}://${d}${up}${p}`))).toBe(same);
      }),
      RUNS,
    );
  });

  it('a host that merely contains the pattern host never matches', () => {
    fc.assert(
      fc.property(scheme, domain, label, pathOf, (s, d, evil, p) => {
        const pattern = compile(`${s}://${d}`);
        for (const url of [
          `${s}://${d}.${evil}.net${p}`,
          `${s}://${evil}${d}${p}`,
          `${s}://${d}@${evil}.net${p}`,
          `${s}://${evil}.net/${d}${p}`,
        ]) {
          expect(pattern.matches(new URL(url)), url).toBe(false);
        }
      }),
      RUNS,
    );
  });
});
