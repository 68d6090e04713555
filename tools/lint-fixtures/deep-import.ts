// lint-as: libs/application/src/fixture.ts
// expect: deepImport
import { ok } from '@ndp/domain/src/result.js';
export const o = ok;
