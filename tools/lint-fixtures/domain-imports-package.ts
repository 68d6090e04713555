// lint-as: libs/domain/src/fixture.ts
// expect: forbiddenPackage
import pino from 'pino';
export const log = pino;
