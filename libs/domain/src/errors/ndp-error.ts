import { isErrorCode, type ErrorCode } from './error-codes.js';

/**
 * Structured context of an error: what it happened to. Known keys are typed; others are allowed so that a layer can
 * add what a user needs to act (a schedule id, a connection id).
 */
export interface NdpErrorDetails {
  readonly pluginId?: string;
  readonly file?: string;
  readonly path?: string;
  readonly method?: string;
  readonly [key: string]: unknown;
}

/** Options of the {@link NdpError} constructor. */
export interface NdpErrorOptions {
  /** The underlying error, if any (kept as the standard `Error.cause`). */
  readonly cause?: unknown;
  /** What the error is about (plugin id, file, JSON path, ...). Frozen on construction. */
  readonly details?: NdpErrorDetails;
}

// Symbol.for gives the same symbol in every copy of this module (two installed versions, a worker bundle), so the
// brand survives where `instanceof` does not.
const BRAND: unique symbol = Symbol.for('ndp.error');

/**
 * The one error type of ndp. It carries a stable {@link ErrorCode}, optional structured `details` and the standard
 * `cause`. Its message says what happened, to what, and what to do; callers branch on `code`, never on the message.
 *
 * Guarantees: `NdpError.is` recognizes errors built by any copy of this module. It does not guarantee that the
 * message format is stable.
 */
export class NdpError<C extends ErrorCode = ErrorCode> extends Error {
  override readonly name = 'NdpError';
  readonly code: C;
  readonly details: NdpErrorDetails;
  declare readonly [BRAND]: true;

  constructor(code: C, message: string, options: NdpErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.details = Object.freeze({ ...options.details });
    Object.defineProperty(this, BRAND, { value: true, enumerable: false });
  }

  /**
   * True when `value` is an `NdpError` (from any copy of this module) and, when `code` is given, has that code.
   *
   * @example
   * if (NdpError.is(e, 'GUEST_TIMEOUT')) pool.discard(instance);
   */
  static is<K extends ErrorCode = ErrorCode>(value: unknown, code?: K): value is NdpError<K> {
    if (typeof value !== 'object' || value === null) return false;
    const candidate = value as { [BRAND]?: unknown; code?: unknown };
    if (candidate[BRAND] !== true || !isErrorCode(candidate.code)) return false;
    return code === undefined || candidate.code === code;
  }

  /** A plain-object form for logs and JSON APIs (`code`, `message`, `details`); the cause is not included. */
  toJSON(): { code: C; message: string; details: NdpErrorDetails } {
    return { code: this.code, message: this.message, details: this.details };
  }
}
