import type { IpAddress } from './ip-address.js';

/**
 * What kind of network an address belongs to, as far as a plugin's request is concerned. Everything that is not
 * `public` is refused by the network guard unless the plugin has `allowLocalNetwork` (and `cloud-metadata` even
 * then).
 */
export type IpClass =
  | 'public'
  | 'loopback'
  | 'private'
  | 'link-local'
  | 'unique-local'
  | 'unspecified'
  | 'cgnat'
  | 'cloud-metadata'
  | 'multicast'
  | 'reserved';

interface Range {
  readonly bytes: readonly number[];
  readonly bits: number;
  readonly class: IpClass;
}

const v4 = (a: number, b: number, c: number, d: number, bits: number, cls: IpClass): Range => ({
  bytes: [a, b, c, d],
  bits,
  class: cls,
});

// First match wins, so specific ranges (metadata) come before the ranges that contain them (link-local).
const IPV4_RANGES: readonly Range[] = [
  v4(169, 254, 169, 254, 32, 'cloud-metadata'),
  v4(0, 0, 0, 0, 8, 'unspecified'),
  v4(127, 0, 0, 0, 8, 'loopback'),
  v4(10, 0, 0, 0, 8, 'private'),
  v4(172, 16, 0, 0, 12, 'private'),
  v4(192, 168, 0, 0, 16, 'private'),
  v4(169, 254, 0, 0, 16, 'link-local'),
  v4(100, 64, 0, 0, 10, 'cgnat'),
  v4(224, 0, 0, 0, 4, 'multicast'),
  v4(240, 0, 0, 0, 4, 'reserved'), // includes the broadcast address 255.255.255.255
  v4(192, 0, 0, 0, 24, 'reserved'), // IETF protocol assignments
  v4(198, 18, 0, 0, 15, 'reserved'), // benchmarking
];

const v6 = (prefix: readonly number[], bits: number, cls: IpClass): Range => ({
  bytes: [...prefix, ...new Array<number>(16 - prefix.length).fill(0)],
  bits,
  class: cls,
});

const IPV6_RANGES: readonly Range[] = [
  v6([0xfd, 0x00, 0x0e, 0xc2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x02, 0x54], 128, 'cloud-metadata'), // fd00:ec2::254
  v6([], 128, 'unspecified'), // ::
  v6([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1], 128, 'loopback'), // ::1
  v6([0xfe, 0x80], 10, 'link-local'),
  v6([0xfe, 0xc0], 10, 'private'), // deprecated site-local: still routed inside some sites
  v6([0xfc], 7, 'unique-local'),
  v6([0xff], 8, 'multicast'),
  v6([], 96, 'reserved'), // IPv4-compatible (deprecated); :: and ::1 matched above
];

const V4_MAPPED_PREFIX = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff];
const NAT64_PREFIX = [0x00, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0]; // 64:ff9b::/96

/**
 * Classifies an address. An IPv4-mapped IPv6 address (`::ffff:a.b.c.d`) is classified as its IPv4 address, since
 * a dual-stack socket connects to exactly that. A NAT64 address (`64:ff9b::a.b.c.d`) whose IPv4 part is not public
 * takes the IPv4 class too: the gateway would deliver it to that address on its side.
 */
export function classifyIp(ip: IpAddress): IpClass {
  if (ip.version === 4) return classifyIn(ip.bytes, IPV4_RANGES);
  const tail = ip.bytes.slice(12);
  if (startsWith(ip.bytes, V4_MAPPED_PREFIX)) return classifyIn(tail, IPV4_RANGES);
  if (startsWith(ip.bytes, NAT64_PREFIX)) return classifyIn(tail, IPV4_RANGES);
  return classifyIn(ip.bytes, IPV6_RANGES);
}

function classifyIn(bytes: readonly number[], ranges: readonly Range[]): IpClass {
  return ranges.find((r) => inRange(bytes, r))?.class ?? 'public';
}

function inRange(bytes: readonly number[], range: Range): boolean {
  let bits = range.bits;
  for (let i = 0; bits > 0; i++, bits -= 8) {
    const mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
    if ((bytes[i]! & mask) !== (range.bytes[i]! & mask)) return false;
  }
  return true;
}

function startsWith(bytes: readonly number[], prefix: readonly number[]): boolean {
  return prefix.every((b, i) => bytes[i] === b);
}
