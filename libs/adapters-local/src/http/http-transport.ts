import type { HttpMethod } from '@ndp/domain';
import type { HttpResult } from '@ndp/ports';
import type { ResolvedAddress } from './host-resolver.js';

/** One hop of a request, already allowed by the allow list and the network guard. */
export interface TransportRequest {
  readonly method: HttpMethod;
  readonly url: URL;
  /** Sent as given; the client has already removed the headers it manages itself. */
  readonly headers: Readonly<Record<string, string>>;
  /** Present for POST, PUT and PATCH only. */
  readonly body?: Uint8Array;
  /**
   * The checked addresses of the URL's host: the transport must connect to one of these and nothing else (it must
   * not resolve the name again, or a DNS-rebinding answer could slip in between the check and the connect).
   */
  readonly addresses: readonly ResolvedAddress[];
  /** A response body longer than this must fail the hop with an error naming the limit. */
  readonly maxResponseBytes: number;
  /** Aborted when the whole request's deadline passes; the transport must then stop and settle at once. */
  readonly signal: AbortSignal;
}

/**
 * Performs exactly one HTTP exchange (no redirects followed: a 3xx comes back as a response with its
 * `location` header). Resolves, never rejects: failures are in-band `{ ok: false, error }`. Response header
 * names are lower-case with one value per name.
 */
export type HttpTransport = (request: TransportRequest) => Promise<HttpResult>;
