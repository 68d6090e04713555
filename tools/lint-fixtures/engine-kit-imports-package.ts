// lint-as: libs/engine-kit/src/fixture.ts
// expect: forbiddenPackage
import { Container } from 'inversify';
export const c = Container;
