import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CAPABILITY_NAMES, PERMISSION_NAMES } from '../gen/contract.js';
import { MANIFEST_SCHEMA } from './manifest-schema.js';

const PUBLISHED = new URL('../../../../schemas/manifest.schema.json', import.meta.url);

describe('schemas/manifest.schema.json', () => {
  // Compared as JSON, not as text, so that the repository's formatter may lay the file out as it likes.
  it('is the schema the domain validates with', () => {
    if (process.env['UPDATE_SCHEMA'] === '1')
      writeFileSync(PUBLISHED, `${JSON.stringify(MANIFEST_SCHEMA, null, 2)}\n`);
    let published: unknown;
    try {
      published = JSON.parse(readFileSync(PUBLISHED, 'utf8'));
    } catch {
      // a missing or unreadable file is reported by the assertion below
    }
    expect(
      published,
      `${PUBLISHED.pathname} is out of date; regenerate it with: UPDATE_SCHEMA=1 npx vitest run --project domain manifest-schema`,
    ).toEqual(JSON.parse(JSON.stringify(MANIFEST_SCHEMA)));
  });
});

describe('MANIFEST_SCHEMA', () => {
  it('is built from the generated contract names', () => {
    const props = MANIFEST_SCHEMA.properties as Record<
      string,
      { items?: { enum?: unknown }; properties?: object }
    >;
    expect(props['capabilities']?.items?.enum).toEqual([...CAPABILITY_NAMES]);
    expect(Object.keys(props['permissions']?.properties ?? {})).toEqual([...PERMISSION_NAMES]);
  });

  it('is frozen, so no caller can loosen it', () => {
    expect(Object.isFrozen(MANIFEST_SCHEMA)).toBe(true);
    expect(Object.isFrozen(MANIFEST_SCHEMA.properties)).toBe(true);
  });
});
