import { err, ok, type Result } from '../result.js';
import { formatIp, parseIp } from './ip-address.js';
import { classifyIp, type IpClass } from './ip-class.js';

/** The in-band error text of docs/contract.md §2 for a refused request: `request blocked by plugin permissions: <why>`. */
export function blockedRequestMessage(why: string): string {
  return `request blocked by plugin permissions: ${why}`;
}

const DESCRIPTIONS: Readonly<Record<Exclude<IpClass, 'public'>, string>> = {
  loopback: 'a loopback address',
  private: 'a private network address',
  'link-local': 'a link-local address',
  'unique-local': 'a unique-local address',
  unspecified: 'an unspecified address (it reaches this machine)',
  cgnat: 'a carrier-grade NAT address',
  'cloud-metadata': 'a cloud metadata address',
  multicast: 'a multicast address',
  reserved: 'a reserved address',
};

const HINT = 'the plugin permission does not set allowLocalNetwork';

/**
 * Judges a resolved IP address for a plugin request (docs/contract.md §2: after DNS resolution and on every redirect).
 * `public` is always allowed. Any other class is refused unless `allowLocalNetwork` is true, except
 * `cloud-metadata` (169.254.169.254, fd00:ec2::254), which is always refused: no plugin has a reason to read the
 * host's cloud credentials, and `allowLocalNetwork` is granted for local services, not for that. Text that is not
 * an IP address is refused (fail closed). On refusal, the reason to put after `request blocked by plugin
 * permissions: `.
 */
export function guardAddress(ip: string, allowLocalNetwork: boolean): Result<IpClass, string> {
  const parsed = parseIp(ip);
  if (!parsed) return err(`"${ip}" is not an IP address`);
  const cls = classifyIp(parsed);
  if (cls === 'public') return ok(cls);
  const what = `${formatIp(parsed)} is ${DESCRIPTIONS[cls]}`;
  if (cls === 'cloud-metadata') return err(`${what}, which plugins may never reach`);
  return allowLocalNetwork ? ok(cls) : err(`${what} and ${HINT}`);
}

/**
 * Judges a host name before resolution, to refuse the obvious cases early with a clear reason: `localhost`,
 * `*.localhost` (RFC 6761 reserves them for loopback) and IP literals (judged by {@link guardAddress}; brackets
 * accepted). Other names are allowed here; their resolved addresses must still pass {@link guardAddress}.
 * One trailing dot is ignored, and case does not matter.
 */
export function guardHostname(hostname: string, allowLocalNetwork: boolean): Result<string, string> {
  const host = (hostname.endsWith('.') ? hostname.slice(0, -1) : hostname).toLowerCase();
  if (parseIp(host)) {
    const judged = guardAddress(host, allowLocalNetwork);
    return judged.ok ? ok(hostname) : judged;
  }
  if (host === 'localhost' || host.endsWith('.localhost')) {
    return allowLocalNetwork ? ok(hostname) : err(`${hostname} is a loopback host name and ${HINT}`);
  }
  return ok(hostname);
}
