// lint-as: apps/host/src/fixture.ts
// expect: none
import { Container } from 'inversify';
export const c = new Container();
