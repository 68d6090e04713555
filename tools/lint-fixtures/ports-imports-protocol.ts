// lint-as: libs/ports/src/fixture.ts
// expect: forbiddenProject
import { API_VERSION } from '@ndp/protocol';
export const v = API_VERSION;
