// lint-as: libs/adapters-wasm-node/src/fixture.ts
// expect: none
import { WorkerLink } from '@ndp/engine-kit';
export const c = WorkerLink;
