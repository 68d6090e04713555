import type { LookupFunction } from 'node:net';
import type { ResolvedAddress } from '../http/host-resolver.js';

/**
 * A `lookup` for `net.connect` that answers with addresses already checked by the network guard, never with a
 * fresh DNS answer, so the socket reaches exactly what was judged (no DNS-rebinding window). The host name still
 * goes out in `Host` and as the TLS server name.
 */
export function checkedLookup(addresses: readonly ResolvedAddress[]): LookupFunction {
  return (_hostname, options, callback) => {
    const first = addresses[0];
    if (!first) {
      callback(Object.assign(new Error('no checked address to connect to'), { code: 'ENOTFOUND' }), '', 4);
    } else if (options.all) {
      callback(
        null,
        addresses.map((a) => ({ address: a.address, family: a.family })),
      );
    } else {
      callback(null, first.address, first.family);
    }
  };
}
