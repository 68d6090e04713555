// lint-as: libs/adapters-local/src/fixture.ts
// expect: containerOutsideApp
import { Container } from 'inversify';
export const c = new Container();
