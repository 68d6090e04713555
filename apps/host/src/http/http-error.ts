import { NdpError, type ErrorCode } from '@ndp/domain';

/**
 * The HTTP status the API answers for each error code. Every code has one, so a new code cannot reach a client as
 * an unplanned 500; `docs/errors.md` states the same status in each code's section (a test keeps them in step).
 */
export const HTTP_STATUS: Readonly<Record<ErrorCode, number>> = Object.freeze({
  MANIFEST_INVALID: 422,
  PLUGIN_CONFIG_INVALID: 422,
  CONFIG_SCHEMA_INVALID: 422,
  MANIFEST_NOT_FOUND: 422,
  PLUGIN_WASM_MISSING: 422,
  PLUGIN_FOLDER_INVALID: 422,
  PLUGIN_DUPLICATE_NAME: 409,
  API_VERSION_UNSUPPORTED: 422,
  PERMISSION_NOT_GRANTED: 422,
  IMPORT_UNKNOWN: 422,
  IMPORT_INVALID: 422,
  CAPABILITY_NOT_EXPORTED: 422,
  COMPILE_FAILED: 422,
  PLUGIN_NOT_FOUND: 404,
  PLUGIN_NOT_READY: 503,
  PLUGIN_DISABLED: 409,
  PLUGIN_FAILED: 409,
  PLUGIN_ERROR: 502,
  NOT_FOUND: 404,
  NOT_IMPLEMENTED: 404,
  GUEST_TRAP: 502,
  GUEST_TIMEOUT: 504,
  GUEST_MEMORY_LIMIT: 502,
  GUEST_EXIT: 502,
  POOL_TIMEOUT: 503,
  POOL_CLOSED: 503,
  GUEST_OUTPUT_TOO_LARGE: 502,
  ENGINE_CLOSED: 503,
  URL_NOT_ALLOWED: 502,
  NETWORK_BLOCKED: 502,
  SCHEDULE_INVALID: 502,
  CONNECTION_NOT_FOUND: 502,
  CONFIG_INVALID: 422,
  PACKAGE_INVALID: 422,
  UNAUTHORIZED: 401,
  INTERNAL: 500,
  BAD_REQUEST: 400,
  ROUTE_NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  BODY_TOO_LARGE: 413,
  AGENTS_FAILED: 502,
  ARTWORK_NOT_FOUND: 404,
  REDIS_UNAVAILABLE: 503,
});

/** A request the route cannot serve, with a stable code (`BAD_REQUEST`, `ROUTE_NOT_FOUND`...) and its status. */
export class HttpProblem extends NdpError {
  readonly status: number;

  constructor(code: ErrorCode, message: string, details?: Record<string, unknown>) {
    super(code, message, details ? { details } : {});
    this.status = HTTP_STATUS[code];
  }
}

/** The JSON error body and status for anything a route threw. */
export function errorResponse(error: unknown): { status: number; body: { error: Record<string, unknown> } } {
  if (NdpError.is(error)) {
    return { status: HTTP_STATUS[error.code] ?? 500, body: { error: error.toJSON() } };
  }
  return { status: 500, body: { error: { code: 'INTERNAL', message: 'internal error' } } };
}
