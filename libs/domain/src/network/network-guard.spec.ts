import { describe, expect, it } from 'vitest';
import { blockedRequestMessage, guardAddress, guardHostname } from './network-guard.js';

describe('guardAddress', () => {
  it.each([
    ['8.8.8.8', false, true],
    ['2606:4700:4700::1111', false, true],
    ['127.0.0.1', false, false],
    ['127.0.0.1', true, true],
    ['::1', false, false],
    ['::ffff:127.0.0.1', false, false],
    ['10.1.2.3', false, false],
    ['10.1.2.3', true, true],
    ['fd12::1', false, false],
    ['fe80::1%eth0', false, false],
    ['0.0.0.0', false, false],
    ['100.64.1.1', false, false],
    ['224.0.0.1', false, false],
    ['169.254.169.254', false, false],
    ['169.254.169.254', true, false],
    ['fd00:ec2::254', true, false],
    ['not-an-ip', true, false],
  ])('%s with allowLocalNetwork=%s → allowed %s', (ip, allowLocal, expected) => {
    expect(guardAddress(ip, allowLocal).ok).toBe(expected);
  });

  it('explains a refusal with the canonical address and what would allow it', () => {
    const refused = guardAddress('0:0:0:0:0:0:0:1', false);
    expect(!refused.ok && refused.error).toBe(
      '::1 is a loopback address and the plugin permission does not set allowLocalNetwork',
    );
    const metadata = guardAddress('169.254.169.254', true);
    expect(!metadata.ok && metadata.error).toMatch(/cloud metadata address, which plugins may never reach/);
  });

  it('reports the class of an allowed address', () => {
    expect(guardAddress('192.168.0.10', true)).toEqual({ ok: true, value: 'private' });
  });
});

describe('guardHostname', () => {
  it.each([
    ['example.com', false, true],
    ['localhost', false, false],
    ['LOCALHOST', false, false],
    ['localhost.', false, false],
    ['api.localhost', false, false],
    ['localhost', true, true],
    ['notlocalhost', false, true],
    ['localhost.example.com', false, true],
    ['127.0.0.1', false, false],
    ['[::1]', false, false],
    ['[::1]', true, true],
    ['169.254.169.254', true, false],
  ])('%s with allowLocalNetwork=%s → allowed %s', (host, allowLocal, expected) => {
    expect(guardHostname(host, allowLocal).ok).toBe(expected);
  });
});

describe('blockedRequestMessage', () => {
  it('is the docs/contract.md §2 in-band text', () => {
    expect(blockedRequestMessage('x is y')).toBe('request blocked by plugin permissions: x is y');
  });
});
