/**
 * Thrown by the inline driver (from inside the guest's deadline check, or after an await) when a call ran past its
 * deadline. The instance it came from is half-run and must be discarded; the engine reports GUEST_TIMEOUT.
 */
export class InlineDeadline extends Error {
  override readonly name = 'InlineDeadline';
  constructor(readonly timeoutMs: number) {
    super(`the call did not finish within ${timeoutMs} ms`);
  }
}
