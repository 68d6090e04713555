// lint-as: libs/domain/src/fixture.ts
// expect: forbiddenNode
import { readFileSync } from 'node:fs';
export const read = readFileSync;
