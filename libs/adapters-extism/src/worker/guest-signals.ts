// Errors thrown from inside host imports to unwind a guest call. They cross the wasm frames of the guest and the
// Extism SDK unchanged, so the session can tell why the call ended without parsing messages.

/** The guest called WASI `proc_exit`. */
export class GuestExitSignal extends Error {
  override readonly name = 'GuestExitSignal';
  constructor(readonly exitCode: number) {
    super(`the guest called proc_exit(${exitCode})`);
  }
}

/** The guest asked for more Extism memory than its ceiling allows. */
export class GuestMemorySignal extends Error {
  override readonly name = 'GuestMemorySignal';
}

/** A host function threw or rejected on the main thread: a host bug that the guest cannot be resumed from. */
export class HostFunctionFailure extends Error {
  override readonly name = 'HostFunctionFailure';
}
