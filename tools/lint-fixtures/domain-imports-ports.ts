// lint-as: libs/domain/src/fixture.ts
// expect: forbiddenProject
import { CACHE } from '@ndp/ports';
export const token = CACHE;
