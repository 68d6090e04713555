// Property tests of the manifest parser: whatever text a plugin folder or package holds, parsing ends in a
// Result, never a throw, and every error names the file and a JSON pointer that exists in the input.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CAPABILITY_NAMES, PERMISSION_NAMES } from '../gen/contract.js';
import { NdpError } from '../errors/ndp-error.js';
import { HTTP_METHODS } from './manifest.js';
import type { ManifestIssue } from './manifest-issue.js';
import { parseManifest } from './parse-manifest.js';

const FILE = 'plugins/fuzz/manifest.json';
// Bounded so that the suite stays in seconds on a loaded machine; a failure prints its seed for replay.
const RUNS = { numRuns: 300, interruptAfterTimeLimit: 20_000 };

/** Every parse must end in a Result; a rejection must be MANIFEST_INVALID with at least one located issue. */
function expectCleanOutcome(text: string): ManifestIssue[] {
  const result = parseManifest(text, FILE);
  if (result.ok) return [];
  expect(NdpError.is(result.error, 'MANIFEST_INVALID')).toBe(true);
  const issues = result.error.details['issues'] as ManifestIssue[];
  expect(issues.length).toBeGreaterThan(0);
  for (const issue of issues) {
    expect(issue.file).toBe(FILE);
    expect(typeof issue.path).toBe('string');
    expect(issue.path === '' || issue.path.startsWith('/')).toBe(true);
    expect(issue.message.length).toBeGreaterThan(0);
  }
  expect(result.error.message).toContain(FILE);
  return issues;
}

/** Resolves an RFC 6901 pointer; `undefined` stands for "the parent exists but this key does not". */
function pointerTarget(doc: unknown, pointer: string): { found: boolean } {
  if (pointer === '') return { found: true };
  let node: unknown = doc;
  const parts = pointer.slice(1).split('/');
  for (const [i, raw] of parts.entries()) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (node === null || typeof node !== 'object') return { found: false };
    // A "required" issue points at the missing key itself: its parent must exist.
    if (!(key in (node as object))) return { found: i === parts.length - 1 };
    node = (node as Record<string, unknown>)[key];
  }
  return { found: true };
}

const label = fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,8}[a-z0-9])?$/);
const host = fc.array(label, { minLength: 1, maxLength: 3 }).map((ls) => [...ls, 'example'].join('.'));
const path = fc.constantFrom('', '/', '/*', '/api/*', '/v1/search');
const httpPattern = fc
  .tuple(fc.constantFrom('https', 'http'), host, path)
  .map(([s, h, p]) => `${s}://${h}${p}`);
const wsPattern = fc.tuple(fc.constantFrom('wss', 'ws'), host, path).map(([s, h, p]) => `${s}://${h}${p}`);
const nonEmpty = fc.string({ minLength: 1, maxLength: 20 });

/** Manifests the contract accepts (docs/contract.md §2), with every optional key sometimes present. */
const validManifest = fc.record(
  {
    // The name rule: starts and ends with a letter or digit, no `..`.
    name: fc.stringMatching(/^[a-z0-9](?:[a-z0-9._-]{0,62}[a-z0-9])?$/).filter((n) => !n.includes('..')),
    author: nonEmpty,
    version: fc.constantFrom('1.0.0', '0.1.2-beta.1', '2'),
    description: nonEmpty,
    website: fc.constant('https://example.org/plugin'),
    capabilities: fc.uniqueArray(fc.constantFrom(...CAPABILITY_NAMES), { minLength: 1 }),
    permissions: fc.record(
      {
        http: fc.record(
          {
            reason: fc.string({ maxLength: 20 }),
            allowedUrls: fc.dictionary(
              httpPattern,
              fc.uniqueArray(fc.constantFrom(...HTTP_METHODS, '*' as const), { minLength: 1 }),
              { minKeys: 1, maxKeys: 3 },
            ),
            allowLocalNetwork: fc.boolean(),
          },
          { requiredKeys: [] },
        ),
        websocket: fc.record(
          {
            reason: fc.string({ maxLength: 20 }),
            allowedUrls: fc.uniqueArray(wsPattern, { minLength: 1, maxLength: 3 }),
            allowLocalNetwork: fc.boolean(),
          },
          { requiredKeys: [] },
        ),
        config: fc.record({ reason: fc.string({ maxLength: 20 }) }, { requiredKeys: [] }),
        cache: fc.constant({}),
        scheduler: fc.constant({}),
        artwork: fc.constant({}),
      },
      { requiredKeys: [] },
    ),
    apiVersion: fc.constant(1),
  },
  { requiredKeys: ['name', 'author', 'version', 'description', 'capabilities', 'permissions'] },
);

describe('parseManifest, properties', () => {
  it('never throws on arbitrary text; a rejection is MANIFEST_INVALID with located issues', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400, unit: 'binary' }), (text) => {
        expectCleanOutcome(text);
      }),
      RUNS,
    );
  });

  it('never throws on arbitrary JSON values; every issue path points into the document', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), (value) => {
        const issues = expectCleanOutcome(JSON.stringify(value));
        for (const issue of issues) expect(pointerTarget(value, issue.path).found, issue.path).toBe(true);
      }),
      RUNS,
    );
  });

  it('never throws on valid manifests with one key replaced by an arbitrary JSON value', () => {
    const keys = ['name', 'author', 'version', 'description', 'website', 'capabilities', 'permissions'];
    fc.assert(
      fc.property(validManifest, fc.constantFrom(...keys), fc.jsonValue({ maxDepth: 3 }), (m, key, value) => {
        const mutated: Record<string, unknown> = { ...m, [key]: value };
        const issues = expectCleanOutcome(JSON.stringify(mutated));
        for (const issue of issues) expect(pointerTarget(mutated, issue.path).found, issue.path).toBe(true);
      }),
      RUNS,
    );
  });

  it('never throws on mangled permission blocks and URL patterns', () => {
    const permission = fc.oneof(
      fc.jsonValue({ maxDepth: 2 }),
      fc.record({ allowedUrls: fc.dictionary(fc.string({ maxLength: 30 }), fc.jsonValue({ maxDepth: 1 })) }),
      fc.record({ allowedUrls: fc.array(fc.string({ maxLength: 30 }), { maxLength: 3 }) }),
    );
    fc.assert(
      fc.property(
        validManifest,
        fc.dictionary(fc.constantFrom(...PERMISSION_NAMES, 'x'), permission),
        (m, p) => {
          expectCleanOutcome(JSON.stringify({ ...m, permissions: p }));
        },
      ),
      RUNS,
    );
  });

  it('accepts every valid manifest and keeps what it says (round trip)', () => {
    fc.assert(
      fc.property(validManifest, (m) => {
        const result = parseManifest(JSON.stringify(m, null, 2), FILE);
        if (!result.ok) throw new Error(result.error.message);
        const got = result.value.manifest;
        expect(got.name).toBe(m.name);
        expect(got.capabilities).toEqual(m.capabilities);
        expect(got.apiVersion).toBe(m.apiVersion ?? 1);
        expect(got.website).toBe(m.website);
        expect(Object.keys(got.permissions).sort()).toEqual(Object.keys(m.permissions).sort());
        const http = m.permissions.http;
        if (http) {
          expect(got.permissions.http?.allowedUrls).toEqual(http.allowedUrls);
          expect(got.permissions.http?.allowLocalNetwork).toBe(http.allowLocalNetwork ?? false);
        }
        const ws = m.permissions.websocket;
        if (ws) expect(got.permissions.websocket?.allowedUrls).toEqual(ws.allowedUrls);
        expect(Object.isFrozen(got.permissions)).toBe(true);
        // Parsing what the parser produced gives the same manifest again.
        const again = parseManifest(JSON.stringify(got), FILE);
        if (!again.ok) throw new Error(again.error.message);
        expect(again.value.manifest).toEqual(got);
      }),
      RUNS,
    );
  });
});
