// lint-as: libs/application/src/fixture.ts
// expect: relativeEscape
import { ok } from '../../domain/src/result.js';
export const o = ok;
