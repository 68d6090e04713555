// The engine's parts below NodeEngine, for the benchmarks that measure each level on its own
// (`@ndp/adapters-wasm-node/internal`). Not a stable API: applications use the package's main entry.
export { GuestRuntime, GuestFailure, LOG_LEVEL } from './kernel/guest-runtime.js';
export type { GuestOutcome, GuestRuntimeOptions } from './kernel/guest-runtime.js';
export { KERNEL_WASM_BASE64 } from './gen/kernel-wasm.js';
export { InlineGuest, type InlineGuestOptions } from './inline/inline-guest.js';
export { InlineDeadline } from './inline/inline-deadline.js';
export { InlineTransformRejected, transformForInline } from './inline/inline-transform.js';
export type { InlineTransformOptions } from './inline/inline-transform.js';
export { INLINE_ABI } from './inline/inline-abi.js';
