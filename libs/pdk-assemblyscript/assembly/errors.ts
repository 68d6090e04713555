// Plugin errors. AssemblyScript has no exceptions, so a capability method fails by recording an error and
// returning null; the generated export then sends the recorded text through Extism's error channel
// (`error_set`). A method that returns null without recording anything answers NOT_FOUND: "I have nothing
// for this" is by far the most common failure of a metadata agent.

/** The standard error for "the resource was not found" (docs/contract.md §4): exactly `plugin:not_found`. */
export const NOT_FOUND = 'plugin:not_found';

/** The standard error for "this plugin does not do this method" (docs/contract.md §4): exactly `plugin:not_implemented`. */
export const NOT_IMPLEMENTED = 'plugin:not_implemented';

/** An error a capability method answers with; `message` is what the host receives, verbatim. */
export class PluginError {
  constructor(public readonly message: string) {}

  /** `plugin:not_found`. */
  static notFound(): PluginError {
    return new PluginError(NOT_FOUND);
  }

  /** `plugin:not_implemented`. */
  static notImplemented(): PluginError {
    return new PluginError(NOT_IMPLEMENTED);
  }

  /** True when this is one of the two standard errors rather than free text. */
  get isStandard(): bool {
    return this.message == NOT_FOUND || this.message == NOT_IMPLEMENTED;
  }
}

let pending: PluginError | null = null;

/**
 * Records `error` as the answer of the capability call in progress. Return null from the method right after.
 * The last recorded error wins; the record is cleared when the next call starts.
 *
 * ```ts
 * if (res.error != "") { raise(new PluginError("lookup failed: " + res.error)); return null; }
 * ```
 */
export function raise(error: PluginError): void {
  pending = error;
}

/** Records `plugin:not_found` (the same answer as returning null with nothing recorded). */
export function notFound(): void {
  raise(PluginError.notFound());
}

/** Records `plugin:not_implemented`. The generated base classes answer this for every method not overridden. */
export function notImplemented(): void {
  raise(PluginError.notImplemented());
}

/** Records a free-text error; the host propagates it with the plugin id and method name. */
export function fail(message: string): void {
  raise(new PluginError(message));
}

/** The error recorded during the current call, if any. */
export function pendingError(): PluginError | null {
  return pending;
}

/** Forgets any recorded error. The generated exports call this before running a method. */
export function clearPendingError(): void {
  pending = null;
}
