// The tail of every generated capability export: turn the method's answer into Extism output or error.
import { error_set, log_warn } from './env';
import { NOT_FOUND, NOT_IMPLEMENTED, clearPendingError, pendingError } from './errors';
import { readInput, storeString, writeOutput } from './memory';

/** Starts a capability call: forgets errors of earlier calls and returns the raw request bytes. */
export function beginCall(): Uint8Array {
  clearPendingError();
  return readInput();
}

/** Fails the call with `message` on the error channel; returns the export's result code (1). */
export function failCall(message: string): i32 {
  // An empty block reads as "no error" on some hosts, which would turn a failure into a silent success.
  error_set(storeString(message.length > 0 ? message : 'plugin error (empty message)'));
  return 1;
}

/**
 * Finishes a call whose method returned `encoded` (null when it returned null). A recorded error wins over a
 * response; null with nothing recorded is `plugin:not_found`. Returns the export's result code.
 */
export function finishCall(encoded: Uint8Array | null): i32 {
  const err = pendingError();
  if (err != null) return failCall(err.message);
  if (encoded == null) return failCall(NOT_FOUND);
  writeOutput(encoded);
  return 0;
}

/**
 * Answers a call to a capability export whose implementation was never registered: `plugin:not_implemented`,
 * plus a warning in the host log naming the missing `register...` call, so the mistake is visible.
 */
export function unregistered(capability: string, register: string): i32 {
  log_warn(
    storeString(capability + ' is exported but no implementation is registered: call ' + register + '(...)'),
  );
  return failCall(NOT_IMPLEMENTED);
}
