// lint-as: libs/adapters-local/src/fixture.ts
// expect: forbiddenProject
import { RedisCache } from '@ndp/adapters-redis';
export const c = RedisCache;
