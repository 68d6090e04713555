import {
  blockedRequestMessage,
  err,
  guardAddress,
  guardHostname,
  ok,
  parseIp,
  type HttpAllowList,
  type HttpMethod,
  type Result,
} from '@ndp/domain';
import type { HostResolver, ResolvedAddress } from './host-resolver.js';

/** What one hop is checked against: the plugin's permissions and the resolver in use. */
export interface HopPolicy {
  readonly allowLocalNetwork: boolean;
  readonly allowList?: HttpAllowList;
  readonly resolver: HostResolver;
  readonly signal: AbortSignal;
}

/**
 * Decides whether one hop (the first URL or a redirect target) may be sent, and to which addresses.
 *
 * In order: the scheme must be http or https; the allow list (when there is one) must accept the URL and method,
 * before any DNS query so a refused URL leaks nothing; the host name must pass the domain's `guardHostname`
 * (`localhost`, IP literals); then every address the name resolves to must pass `guardAddress`. One refused
 * address refuses the hop, even when others are public: the socket may pick any of them. Refusals are the docs/contract.md §2.2
 * text `request blocked by plugin permissions: <why>`; other failures (bad scheme, DNS failure) say what failed.
 * Resolves with the checked addresses the transport must connect to; never rejects.
 */
export async function checkHop(
  url: URL,
  method: HttpMethod,
  policy: HopPolicy,
): Promise<Result<readonly ResolvedAddress[], string>> {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return err(`unsupported URL scheme "${url.protocol}" in ${url.href} (only http and https)`);
  }
  const allowed = policy.allowList?.allows(method, url);
  if (allowed && !allowed.ok) return err(blockedRequestMessage(allowed.error));
  const host = guardHostname(url.hostname, policy.allowLocalNetwork);
  if (!host.ok) return err(blockedRequestMessage(host.error));
  const literal = parseIp(url.hostname);
  if (literal) {
    // URL.hostname keeps IPv6 brackets; the socket wants the bare address.
    return ok([{ address: url.hostname.replace(/^\[(.*)\]$/, '$1'), family: literal.version }]);
  }
  let addresses: readonly ResolvedAddress[];
  try {
    addresses = await abortable(policy.resolver(url.hostname), policy.signal);
  } catch (error) {
    if (policy.signal.aborted) return err('aborted');
    return err(
      `cannot resolve host "${url.hostname}": ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  if (addresses.length === 0) return err(`cannot resolve host "${url.hostname}": no addresses`);
  for (const { address } of addresses) {
    const judged = guardAddress(address, policy.allowLocalNetwork);
    if (!judged.ok)
      return err(blockedRequestMessage(`${url.hostname} resolved to a refused address: ${judged.error}`));
  }
  return ok(addresses);
}

// A resolver cannot be cancelled, but the request's deadline must still hold while it hangs.
function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(new Error('aborted'));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new Error('aborted'));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}
