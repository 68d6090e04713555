// lint-as: libs/engine-kit/src/fixture.ts
// expect: forbiddenProject
import { NodeEngine } from '@ndp/adapters-wasm-node';
export const c = NodeEngine;
