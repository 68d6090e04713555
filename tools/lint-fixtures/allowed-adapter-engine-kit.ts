// lint-as: libs/adapters-extism/src/fixture.ts
// expect: none
import { WorkerLink } from '@ndp/engine-kit';
import { GuestChannel } from '@ndp/engine-kit/worker';
export const c = [WorkerLink, GuestChannel];
