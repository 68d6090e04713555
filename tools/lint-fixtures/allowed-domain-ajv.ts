// lint-as: libs/domain/src/fixture.ts
// expect: none
import { Ajv } from 'ajv';
export const a = Ajv;
