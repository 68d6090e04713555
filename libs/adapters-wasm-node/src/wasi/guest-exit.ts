/** Thrown by the WASI shim's `proc_exit` to unwind the guest; the engine turns it into a GUEST_EXIT failure. */
export class GuestExit extends Error {
  override readonly name = 'GuestExit';
  constructor(readonly exitCode: number) {
    super(`the plugin called proc_exit(${exitCode})`);
  }
}
