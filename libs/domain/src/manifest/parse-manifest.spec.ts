import { describe, expect, it } from 'vitest';
import { NdpError } from '../errors/ndp-error.js';
import { parseManifest, type ParsedManifest } from './parse-manifest.js';
import type { ManifestIssue } from './manifest-issue.js';

const FILE = 'plugins/discord/manifest.json';

const discord = {
  $schema: '../../schemas/manifest.schema.json',
  name: 'discord-rich-presence',
  author: 'Navidrome',
  version: '1.0.0',
  description: 'Shows what you play on Discord',
  website: 'https://github.com/navidrome/discord-rich-presence-plugin',
  capabilities: ['Scrobbler', 'SchedulerCallback', 'WebSocketCallback'],
  permissions: {
    http: { reason: 'Discord REST API', allowedUrls: { 'https://discord.com/api/*': ['GET', 'POST'] } },
    websocket: { reason: 'Discord gateway', allowedUrls: ['wss://gateway.discord.gg'] },
    config: { reason: 'client id and user tokens' },
    cache: {},
    scheduler: {},
    artwork: {},
  },
};

function parsed(json: unknown): ParsedManifest {
  const result = parseManifest(JSON.stringify(json), FILE);
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

function issues(json: unknown): ManifestIssue[] {
  const result = parseManifest(typeof json === 'string' ? json : JSON.stringify(json), FILE);
  if (result.ok) throw new Error('expected the manifest to be rejected');
  expect(NdpError.is(result.error, 'MANIFEST_INVALID')).toBe(true);
  return result.error.details['issues'] as ManifestIssue[];
}

const withChange = (change: Record<string, unknown>) => ({ ...discord, ...change });
const withPermissions = (permissions: Record<string, unknown>) => ({ ...discord, permissions });

describe('parseManifest: valid manifests', () => {
  it('returns a frozen, normalized manifest', () => {
    const { manifest, warnings, unknownPermissions } = parsed(discord);
    expect(manifest).toEqual({
      name: 'discord-rich-presence',
      author: 'Navidrome',
      version: '1.0.0',
      description: 'Shows what you play on Discord',
      website: 'https://github.com/navidrome/discord-rich-presence-plugin',
      capabilities: ['Scrobbler', 'SchedulerCallback', 'WebSocketCallback'],
      permissions: {
        http: {
          reason: 'Discord REST API',
          allowedUrls: { 'https://discord.com/api/*': ['GET', 'POST'] },
          allowLocalNetwork: false,
        },
        websocket: {
          reason: 'Discord gateway',
          allowedUrls: ['wss://gateway.discord.gg'],
          allowLocalNetwork: false,
        },
        config: { reason: 'client id and user tokens' },
        cache: {},
        scheduler: {},
        artwork: {},
      },
      apiVersion: 1,
    });
    expect(Object.isFrozen(manifest)).toBe(true);
    expect(Object.isFrozen(manifest.permissions.http?.allowedUrls?.['https://discord.com/api/*'])).toBe(true);
    expect(Object.isFrozen(manifest.capabilities)).toBe(true);
    expect(warnings).toEqual([]);
    expect(unknownPermissions).toEqual([]);
  });

  it('accepts the minimal manifest: no website, empty permissions, "http": {}', () => {
    const minimal = {
      name: 'x',
      author: 'a',
      version: '0.1.0',
      description: 'd',
      capabilities: ['MetadataAgent'],
      permissions: {},
    };
    expect(parsed(minimal).manifest.permissions).toEqual({});
    expect(parsed(minimal).manifest.website).toBeUndefined();
    expect(parsed({ ...minimal, permissions: { http: {} } }).manifest.permissions.http).toEqual({
      allowLocalNetwork: false,
    });
  });

  it('keeps apiVersion and allowLocalNetwork when given', () => {
    const { manifest } = parsed({ ...withPermissions({ http: { allowLocalNetwork: true } }), apiVersion: 3 });
    expect(manifest.apiVersion).toBe(3);
    expect(manifest.permissions.http?.allowLocalNetwork).toBe(true);
  });

  it('accepts unknown permission keys and reports them', () => {
    const result = parsed(withPermissions({ subsonicapi: { allowAdmins: true }, future: 1, cache: {} }));
    expect(result.unknownPermissions).toEqual(['subsonicapi', 'future']);
    expect(result.manifest.permissions).toEqual({ cache: {} });
  });

  it('warns, without failing, about a version that is not semver', () => {
    const result = parsed(withChange({ version: 'v1.0' }));
    expect(result.warnings).toEqual([
      { file: FILE, path: '/version', message: '"v1.0" is not a semantic version (e.g. 1.0.0)' },
    ]);
  });

  it('ignores a UTF-8 byte order mark', () => {
    expect(parseManifest(`\uFEFF${JSON.stringify(discord)}`, FILE).ok).toBe(true);
  });

  it('does not let "__proto__" keys reach the prototype', () => {
    const text = JSON.stringify(discord).replace('"cache":{}', '"__proto__":{"polluted":true},"cache":{}');
    const result = parseManifest(text, FILE);
    expect(result.ok && result.value.unknownPermissions).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});

const RULE =
  "must be 1 to 64 characters of a-z, 0-9, '.', '_' and '-', start and end with a letter or digit, and not contain '..'";

describe('parseManifest: invalid manifests', () => {
  it('names the file, line and column of a JSON syntax error', () => {
    const result = parseManifest('{\n  "name": "x",\n  "author": }\n', FILE);
    expect(!result.ok && result.error.message).toBe(
      `invalid plugin manifest ${FILE}:\n  - ${FILE}:3:13: invalid JSON: expected a value, found "}"`,
    );
    expect(issues('{\n  "name": "x",\n  "author": }\n')[0]).toMatchObject({ line: 3, column: 13 });
  });

  it.each<[string, unknown, string, string]>([
    ['a missing name', { ...discord, name: undefined }, '/name', 'is required'],
    ['a missing permissions', { ...discord, permissions: undefined }, '/permissions', 'is required'],
    ['an upper-case name', withChange({ name: 'Discord' }), '/name', `${RULE} (got "Discord")`],
    ['a name with a slash', withChange({ name: 'a/b' }), '/name', `${RULE} (got "a/b")`],
    [
      'a 65-character name',
      withChange({ name: 'a'.repeat(65) }),
      '/name',
      `${RULE} (got "${'a'.repeat(65)}")`,
    ],
    ['a name with a trailing dot', withChange({ name: 'ok.' }), '/name', `${RULE} (got "ok.")`],
    ['a name with a trailing dash', withChange({ name: 'ok-' }), '/name', `${RULE} (got "ok-")`],
    ['a name with ..', withChange({ name: 'a..b' }), '/name', `${RULE} (got "a..b")`],
    ['a name starting with a dot', withChange({ name: '.ok' }), '/name', `${RULE} (got ".ok")`],
    ['an empty author', withChange({ author: '' }), '/author', 'must not be empty'],
    ['a numeric version', withChange({ version: 1 }), '/version', 'must be a string'],
    [
      'a website that is not a URI',
      withChange({ website: 'discord.com' }),
      '/website',
      'must be an absolute URI, e.g. https://example.com',
    ],
    ['no capabilities', withChange({ capabilities: [] }), '/capabilities', 'must have at least 1 item(s)'],
    [
      'a capability in the wrong case',
      withChange({ capabilities: ['scrobbler'] }),
      '/capabilities/0',
      'must be one of MetadataAgent, Scrobbler, SchedulerCallback, WebSocketCallback, LifecycleManagement',
    ],
    [
      'a repeated capability',
      withChange({ capabilities: ['Scrobbler', 'Scrobbler'] }),
      '/capabilities',
      'must not repeat items (items 0 and 1 are the same)',
    ],
    ['permissions as an array', withChange({ permissions: [] }), '/permissions', 'must be an object'],
    ['a null permission', withPermissions({ cache: null }), '/permissions/cache', 'must be an object'],
    [
      'a non-string reason',
      withPermissions({ cache: { reason: 1 } }),
      '/permissions/cache/reason',
      'must be a string',
    ],
    [
      'a typo inside a known permission',
      withPermissions({ http: { allowedUrl: { 'https://x.org': ['GET'] } } }),
      '/permissions/http/allowedUrl',
      'is not allowed here (allowed: reason, allowedUrls, allowLocalNetwork)',
    ],
    [
      'an unknown HTTP method',
      withPermissions({ http: { allowedUrls: { 'https://x.org': ['FETCH'] } } }),
      '/permissions/http/allowedUrls/https:~1~1x.org/0',
      'must be one of GET, POST, PUT, DELETE, PATCH, HEAD, OPTIONS, *',
    ],
    [
      'an empty method list',
      withPermissions({ http: { allowedUrls: { 'https://x.org': [] } } }),
      '/permissions/http/allowedUrls/https:~1~1x.org',
      'must have at least 1 item(s)',
    ],
    [
      'an empty allowedUrls',
      withPermissions({ http: { allowedUrls: {} } }),
      '/permissions/http/allowedUrls',
      'must have at least 1 entry(ies)',
    ],
    [
      'a non-boolean allowLocalNetwork',
      withPermissions({ http: { allowLocalNetwork: 'yes' } }),
      '/permissions/http/allowLocalNetwork',
      'must be true or false',
    ],
    [
      'an HTTP pattern with another scheme',
      withPermissions({ http: { allowedUrls: { 'ftp://x.org': ['GET'] } } }),
      '/permissions/http/allowedUrls/ftp:~1~1x.org',
      'is not a valid URL pattern: scheme must be one of https, http, not "ftp"',
    ],
    [
      'an HTTP pattern with a partial wildcard',
      withPermissions({ http: { allowedUrls: { 'https://api*.x.org': ['GET'] } } }),
      '/permissions/http/allowedUrls/https:~1~1api*.x.org',
      'is not a valid URL pattern: "*" must stand for a whole DNS label, as in *.example.com',
    ],
    [
      'a WebSocket pattern with an http scheme',
      withPermissions({ websocket: { allowedUrls: ['wss://ok.org', 'https://x.org'] } }),
      '/permissions/websocket/allowedUrls/1',
      'is not a valid URL pattern: scheme must be one of wss, ws, not "https"',
    ],
    [
      'an empty WebSocket list',
      withPermissions({ websocket: { allowedUrls: [] } }),
      '/permissions/websocket/allowedUrls',
      'must have at least 1 item(s)',
    ],
    ['apiVersion 0', withChange({ apiVersion: 0 }), '/apiVersion', 'must be >= 1'],
    ['a fractional apiVersion', withChange({ apiVersion: 1.5 }), '/apiVersion', 'must be an integer'],
    ['a top-level array', [], '', 'must be an object'],
  ])('rejects %s', (_what, json, path, message) => {
    expect(issues(json)).toContainEqual({ file: FILE, path, message });
  });

  it('reports every issue at once, each on its own line of the message', () => {
    const result = parseManifest(
      JSON.stringify(withChange({ name: 'X', capabilities: ['Nope'], author: undefined })),
      FILE,
    );
    expect(result.ok).toBe(false);
    const lines = !result.ok ? result.error.message.split('\n') : [];
    expect(lines[0]).toBe(`invalid plugin manifest ${FILE}:`);
    expect(lines.slice(1).sort()).toEqual(
      [
        `  - ${FILE}: /author: is required`,
        `  - ${FILE}: /name: ${RULE} (got "X")`,
        `  - ${FILE}: /capabilities/0: must be one of MetadataAgent, Scrobbler, SchedulerCallback, WebSocketCallback, LifecycleManagement`,
      ].sort(),
    );
    expect(!result.ok && result.error.details.file).toBe(FILE);
  });

  it('reports a bad pattern once, with the precise reason', () => {
    const found = issues(withPermissions({ http: { allowedUrls: { 'ftp://x.org': ['GET'] } } }));
    expect(found.filter((i) => i.path === '/permissions/http/allowedUrls/ftp:~1~1x.org')).toHaveLength(1);
  });
});

describe('parseManifest: size and depth limits', () => {
  it('accepts names that end in a letter or digit, dots and dashes inside', () => {
    for (const name of ['a', 'ok.1', 'my-plugin', 'x_y.z-2', '0'.repeat(64)])
      expect(parseManifest(JSON.stringify(withChange({ name })), FILE).ok, name).toBe(true);
  });

  it('refuses a manifest larger than the limit before parsing it, naming the size and the limit', () => {
    const huge = JSON.stringify(withChange({ description: 'x'.repeat(10 * 1024 * 1024) }));
    const result = parseManifest(huge, FILE);
    expect(!result.ok && result.error.message).toBe(
      `invalid plugin manifest ${FILE}:\n  - ${FILE}: (root): is ${huge.length} bytes, more than the limit of 262144 bytes`,
    );
    const small = JSON.stringify(withChange({ description: 'é'.repeat(600) }));
    expect(parseManifest(small, FILE, { maxBytes: 1_000, maxDepth: 32 }).ok).toBe(false); // counted in UTF-8 bytes
    expect(parseManifest(small, FILE, { maxBytes: 2_000, maxDepth: 32 }).ok).toBe(true);
  });

  it('refuses a manifest nested deeper than the limit, with the line and column', () => {
    const deep = JSON.stringify(
      withChange({ extra: JSON.parse('['.repeat(40) + ']'.repeat(40)) as unknown }),
    );
    const result = parseManifest(deep, FILE);
    expect(!result.ok && result.error.message).toMatch(/:1:\d+: nests deeper than the limit of 32 levels$/);
    // Brackets inside strings do not count.
    const text = JSON.stringify(withChange({ description: '['.repeat(100) }));
    expect(parseManifest(text, FILE).ok).toBe(true);
  });
});
