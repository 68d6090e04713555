// lint-as: libs/adapters-wasm-node/src/worker/fixture.ts
// expect: none
import { GUEST_ENV_MODULE } from '@ndp/domain/guest-abi';
export const m = GUEST_ENV_MODULE;
