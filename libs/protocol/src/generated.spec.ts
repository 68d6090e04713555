// The generated folders must match the current .proto files and generators: a stale tree fails here.
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { inputHash, STAMP_FILE } from '../../../tools/generate.mjs';

describe('generated code', () => {
  it('was generated from the current inputs (run `npm run generate`)', () => {
    expect(existsSync(STAMP_FILE)).toBe(true);
    expect(readFileSync(STAMP_FILE, 'utf8').trim()).toBe(inputHash());
  });
});
