// Property tests of the network guard (docs/contract.md §2.2): whatever spelling a plugin uses for a local address,
// once the URL parser has read it the guard refuses it; and the guard never throws on any text.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatIp, parseIp } from './ip-address.js';
import { classifyIp } from './ip-class.js';
import { guardAddress, guardHostname } from './network-guard.js';

const RUNS = { numRuns: 500, interruptAfterTimeLimit: 20_000 };
const byte = fc.integer({ min: 0, max: 255 });

/** IPv4 addresses no plugin may reach without allowLocalNetwork: loopback, 10/8, 172.16/12, 192.168/16, 169.254/16. */
const localIpv4 = fc.oneof(
  fc.tuple(fc.constant(127), byte, byte, byte),
  fc.tuple(fc.constant(10), byte, byte, byte),
  fc.tuple(fc.constant(172), fc.integer({ min: 16, max: 31 }), byte, byte),
  fc.tuple(fc.constant(192), fc.constant(168), byte, byte),
  fc.tuple(fc.constant(169), fc.constant(254), byte, byte),
  fc.tuple(fc.constant(0), fc.constant(0), fc.constant(0), fc.constant(0)),
);

/** Ways to write one IPv4 address in a URL host that WHATWG URL parsers accept. */
function spellings([a, b, c, d]: readonly number[]): string[] {
  const n = ((a! << 24) | (b! << 16) | (c! << 8) | d!) >>> 0;
  return [
    `${a}.${b}.${c}.${d}`,
    String(n),
    `0x${n.toString(16)}`,
    [a, b, c, d].map((x) => `0x${x!.toString(16)}`).join('.'),
    [a, b, c, d].map((x) => `0${x!.toString(8)}`).join('.'),
    `${a}.${(b! << 16) | (c! << 8) | d!}`,
    `${a}.${b}.${(c! << 8) | d!}`,
    `[::ffff:${a}.${b}.${c}.${d}]`,
    `${a}.${b}.${c}.${d}.`,
  ];
}

describe('network guard, properties', () => {
  it('refuses every spelling of a local IPv4 address once the URL parser has read it', () => {
    fc.assert(
      fc.property(localIpv4, fc.constantFrom('http', 'https', 'ws', 'wss'), (ip, scheme) => {
        for (const spelling of spellings(ip)) {
          const host = new URL(`${scheme}://${spelling}/`).hostname;
          expect(guardHostname(host, false).ok, `${spelling} → ${host}`).toBe(false);
        }
      }),
      RUNS,
    );
  });

  it('judges an address exactly by its class: public passes, anything else needs allowLocalNetwork', () => {
    const ipv6 = fc.array(fc.integer({ min: 0, max: 0xffff }), { minLength: 8, maxLength: 8 });
    const address = fc.oneof(
      fc.tuple(byte, byte, byte, byte).map((bs) => bs.join('.')),
      ipv6.map((gs) => gs.map((g) => g.toString(16)).join(':')),
    );
    fc.assert(
      fc.property(address, (text) => {
        const ip = parseIp(text);
        expect(ip, text).toBeDefined();
        const cls = classifyIp(ip!);
        expect(guardAddress(text, false).ok).toBe(cls === 'public');
        expect(guardAddress(text, true).ok).toBe(cls !== 'cloud-metadata');
        // The canonical form names the same address.
        expect(parseIp(formatIp(ip!))).toEqual(ip);
      }),
      RUNS,
    );
  });

  it('never throws on any host text, and refuses what it cannot read as an address', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), fc.boolean(), (text, allowLocal) => {
        const judged = guardAddress(text, allowLocal);
        if (parseIp(text) === undefined) expect(judged.ok).toBe(false);
        expect(typeof guardHostname(text, allowLocal).ok).toBe('boolean');
      }),
      RUNS,
    );
  });
});
