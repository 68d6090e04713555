import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES, NdpError } from '@ndp/domain';
import { errorResponse, HTTP_STATUS } from './http-error.js';

const DOCS = readFileSync(new URL('../../../../docs/errors.md', import.meta.url), 'utf8');

/** The `HTTP status: N.` line of each `## CODE` section. */
function documentedStatuses(): Map<string, number> {
  const out = new Map<string, number>();
  for (const section of DOCS.split(/^## /m).slice(1)) {
    const code = section.slice(0, section.indexOf('\n')).trim();
    const m = /^HTTP status: (\d{3})\.$/m.exec(section);
    if (m) out.set(code, Number(m[1]));
  }
  return out;
}

describe('HTTP statuses of error codes', () => {
  it('docs/errors.md gives every code the status the API answers with', () => {
    const documented = documentedStatuses();
    for (const code of ERROR_CODES) {
      expect(documented.get(code), `docs/errors.md section ${code}`).toBe(HTTP_STATUS[code]);
    }
    expect([...documented.keys()].sort()).toEqual([...ERROR_CODES].sort());
  });

  it('answers an NdpError with its status and body, and anything else as a 500 without internals', () => {
    const answer = errorResponse(
      new NdpError('AGENTS_FAILED', 'every agent failed', { details: { tried: ['a'] } }),
    );
    expect(answer).toEqual({
      status: 502,
      body: { error: { code: 'AGENTS_FAILED', message: 'every agent failed', details: { tried: ['a'] } } },
    });
    expect(errorResponse(new Error('secret path /x'))).toEqual({
      status: 500,
      body: { error: { code: 'INTERNAL', message: 'internal error' } },
    });
  });
});
