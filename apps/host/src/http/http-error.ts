import { NdpError, type ErrorCode } from '@ndp/domain';

/** HTTP status for each error code a route can surface; anything else is a 500. */
const STATUS: Partial<Record<ErrorCode, number>> = {
  NOT_FOUND: 404,
  NOT_IMPLEMENTED: 404,
  PLUGIN_NOT_FOUND: 404,
  UNAUTHORIZED: 401,
  CONFIG_INVALID: 400,
  MANIFEST_INVALID: 422,
  PLUGIN_NOT_READY: 503,
  PLUGIN_DISABLED: 409,
  PLUGIN_FAILED: 409,
  POOL_TIMEOUT: 503,
  POOL_CLOSED: 503,
  GUEST_TIMEOUT: 504,
  GUEST_TRAP: 502,
  GUEST_MEMORY_LIMIT: 502,
  GUEST_EXIT: 502,
  GUEST_OUTPUT_TOO_LARGE: 502,
  PLUGIN_ERROR: 502,
  ENGINE_CLOSED: 503,
};

/** A request the route cannot serve, with its HTTP status and a stable code (`BAD_REQUEST`, `ROUTE_NOT_FOUND`...). */
export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** The JSON error body and status for anything a route threw. */
export function errorResponse(error: unknown): { status: number; body: { error: Record<string, unknown> } } {
  if (error instanceof HttpProblem) {
    return { status: error.status, body: { error: { code: error.code, message: error.message } } };
  }
  if (NdpError.is(error)) {
    return { status: STATUS[error.code] ?? 500, body: { error: error.toJSON() } };
  }
  return { status: 500, body: { error: { code: 'INTERNAL', message: 'internal error' } } };
}
