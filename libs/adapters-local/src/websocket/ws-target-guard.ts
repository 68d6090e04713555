import {
  blockedRequestMessage,
  err,
  guardAddress,
  guardHostname,
  ok,
  parseIp,
  type Result,
  type WebSocketAllowList,
} from '@ndp/domain';
import type { HostResolver, ResolvedAddress } from '../http/host-resolver.js';

/** Where a checked connection may go: the URL and the only addresses the socket may connect to. */
export interface WebSocketTarget {
  readonly url: URL;
  readonly addresses: readonly ResolvedAddress[];
}

/** What a target is checked against. */
export interface WebSocketTargetPolicy {
  readonly allowLocalNetwork: boolean;
  readonly allowList?: WebSocketAllowList;
  readonly resolver: HostResolver;
}

/**
 * Decides whether a plugin may open a socket to `rawUrl`, and to which addresses.
 *
 * In order: the URL must parse and be ws or wss; the allow list (when there is one) must accept it, before any DNS
 * query so a refused URL leaks nothing; the host name must pass `guardHostname`; every address it resolves to must
 * pass `guardAddress` (one refused address refuses the connection: the socket may pick any). Refusals read
 * `request blocked by plugin permissions: <why>`; other failures say what failed. Never rejects.
 */
export async function checkWebSocketTarget(
  rawUrl: string,
  policy: WebSocketTargetPolicy,
): Promise<Result<WebSocketTarget, string>> {
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    return err(`invalid WebSocket URL "${rawUrl}"`);
  }
  if (url.protocol !== 'ws:' && url.protocol !== 'wss:') {
    return err(`unsupported URL scheme "${url.protocol}" in ${url.href} (only ws and wss)`);
  }
  url.hash = ''; // a fragment never goes on the wire, and ws refuses URLs that have one
  const allowed = policy.allowList?.allows(url);
  if (allowed && !allowed.ok) return err(blockedRequestMessage(allowed.error));
  const host = guardHostname(url.hostname, policy.allowLocalNetwork);
  if (!host.ok) return err(blockedRequestMessage(host.error));
  const literal = parseIp(url.hostname);
  if (literal) {
    return ok({
      url,
      addresses: [{ address: url.hostname.replace(/^\[(.*)\]$/, '$1'), family: literal.version }],
    });
  }
  let addresses: readonly ResolvedAddress[];
  try {
    addresses = await policy.resolver(url.hostname);
  } catch (error) {
    return err(
      `cannot resolve host "${url.hostname}": ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  if (addresses.length === 0) return err(`cannot resolve host "${url.hostname}": no addresses`);
  for (const { address } of addresses) {
    const judged = guardAddress(address, policy.allowLocalNetwork);
    if (!judged.ok) {
      return err(blockedRequestMessage(`${url.hostname} resolved to a refused address: ${judged.error}`));
    }
  }
  return ok({ url, addresses });
}
