import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES, isErrorCode } from './error-codes.js';
import { NdpError } from './ndp-error.js';
import { permissionNotGrantedMessage } from './permission-message.js';
import {
  classifyPluginErrorText,
  PLUGIN_NOT_FOUND_TEXT,
  PLUGIN_NOT_IMPLEMENTED_TEXT,
} from './plugin-error-text.js';

const DOCS = new URL('../../../../docs/errors.md', import.meta.url);

describe('docs/errors.md', () => {
  const text = readFileSync(DOCS, 'utf8');
  const headings = [...text.matchAll(/^## (.+)$/gm)].map((m) => m[1]!.trim());

  it('has exactly one section per error code', () => {
    expect([...headings].sort()).toEqual([...ERROR_CODES].sort());
    expect(new Set(headings).size).toBe(headings.length);
  });

  it('says something in every section', () => {
    const sections = text.split(/^## /m).slice(1);
    for (const section of sections) {
      const [heading, ...body] = section.split('\n');
      expect(body.join('\n').trim().length, `section ${heading}`).toBeGreaterThan(40);
    }
  });
});

describe('ERROR_CODES', () => {
  it('has no duplicates and only upper-snake codes', () => {
    expect(new Set(ERROR_CODES).size).toBe(ERROR_CODES.length);
    for (const code of ERROR_CODES) expect(code).toMatch(/^[A-Z][A-Z0-9_]*$/);
  });

  it('recognizes codes exactly', () => {
    expect(isErrorCode('GUEST_TRAP')).toBe(true);
    expect(isErrorCode('guest_trap')).toBe(false);
    expect(isErrorCode(42)).toBe(false);
  });
});

describe('NdpError', () => {
  it('carries code, message, details and cause', () => {
    const cause = new Error('disk on fire');
    const e = new NdpError('MANIFEST_INVALID', 'bad manifest', {
      cause,
      details: { pluginId: 'x', file: 'm.json' },
    });
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe('NdpError');
    expect(e.code).toBe('MANIFEST_INVALID');
    expect(e.message).toBe('bad manifest');
    expect(e.cause).toBe(cause);
    expect(e.details).toEqual({ pluginId: 'x', file: 'm.json' });
    expect(Object.isFrozen(e.details)).toBe(true);
    expect(e.toJSON()).toEqual({
      code: 'MANIFEST_INVALID',
      message: 'bad manifest',
      details: { pluginId: 'x', file: 'm.json' },
    });
  });

  it('has no cause property when none is given', () => {
    expect('cause' in new NdpError('INTERNAL', 'x')).toBe(false);
  });

  it('is recognized by code, and not confused with other errors', () => {
    const e = new NdpError('GUEST_TIMEOUT', 'slow');
    expect(NdpError.is(e)).toBe(true);
    expect(NdpError.is(e, 'GUEST_TIMEOUT')).toBe(true);
    expect(NdpError.is(e, 'GUEST_TRAP')).toBe(false);
    expect(NdpError.is(new Error('x'))).toBe(false);
    expect(NdpError.is({ code: 'GUEST_TIMEOUT' })).toBe(false);
    expect(NdpError.is(null)).toBe(false);
    expect(NdpError.is('GUEST_TIMEOUT')).toBe(false);
  });

  it('is recognized across module copies through the global symbol brand', () => {
    // What another copy of this module would build: a different class, the same registered symbol.
    const foreign = Object.assign(new Error('from elsewhere'), { code: 'POOL_CLOSED' });
    Object.defineProperty(foreign, Symbol.for('ndp.error'), { value: true });
    expect(NdpError.is(foreign, 'POOL_CLOSED')).toBe(true);
    expect(foreign instanceof NdpError).toBe(false);
  });
});

describe('plugin error texts (docs/contract.md §4)', () => {
  it.each([
    [PLUGIN_NOT_FOUND_TEXT, 'NOT_FOUND'],
    [PLUGIN_NOT_IMPLEMENTED_TEXT, 'NOT_IMPLEMENTED'],
    ['plugin:not_found ', 'PLUGIN_ERROR'],
    ['PLUGIN:NOT_FOUND', 'PLUGIN_ERROR'],
    ['plugin:not_found: artist', 'PLUGIN_ERROR'],
    ['', 'PLUGIN_ERROR'],
    ['rate limited', 'PLUGIN_ERROR'],
  ])('%j is %s', (text, code) => {
    expect(classifyPluginErrorText(text)).toBe(code);
  });

  it('uses the exact strings of the contract', () => {
    expect(PLUGIN_NOT_FOUND_TEXT).toBe('plugin:not_found');
    expect(PLUGIN_NOT_IMPLEMENTED_TEXT).toBe('plugin:not_implemented');
  });
});

describe('permissionNotGrantedMessage (docs/contract.md §5)', () => {
  it('builds the contract text', () => {
    expect(permissionNotGrantedMessage('wikimedia', 'HttpService', 'Get', 'http')).toBe(
      'plugin "wikimedia" imports HttpService.Get but its manifest does not grant "http"',
    );
  });
});
