import { lookup } from 'node:dns/promises';

/** One address a host name resolved to. */
export interface ResolvedAddress {
  readonly address: string;
  readonly family: 4 | 6;
}

/**
 * Resolves a host name (never an IP literal: those are not resolved) to every address it has. Rejects when the
 * name does not resolve. `NodeHttpClient` checks every answer with the network guard before connecting, and the
 * transport connects only to checked answers, so what this returns is what the socket reaches.
 */
export type HostResolver = (hostname: string) => Promise<readonly ResolvedAddress[]>;

/**
 * The default {@link HostResolver}: the system resolver (`dns.promises.lookup` with `all: true`, so `/etc/hosts`
 * and the OS's resolver configuration apply, as for any other program on the host), in the order it answers.
 */
export const systemResolver: HostResolver = async (hostname) => {
  const answers = await lookup(hostname, { all: true, verbatim: true });
  return answers.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));
};
