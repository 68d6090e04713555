// lint-as: libs/adapters-wasm-node/src/fixture.ts
// expect: driverOutsideAdapter
import { Redis } from 'ioredis';
export const r = Redis;
