import { describe, expect, it } from 'vitest';
import { NdpError } from '../errors/ndp-error.js';
import { API_VERSION } from '../gen/contract.js';
import { checkApiVersion } from './api-version.js';

describe('checkApiVersion', () => {
  it('accepts the host version and older ones', () => {
    expect(checkApiVersion({ name: 'p', apiVersion: API_VERSION }).ok).toBe(true);
    expect(checkApiVersion({ name: 'p', apiVersion: 1 }, 3).ok).toBe(true);
    expect(checkApiVersion({ name: 'p', apiVersion: 3 }, 3).ok).toBe(true);
  });

  it('rejects a newer version, saying which version is needed and which is supported', () => {
    const result = checkApiVersion({ name: 'p', apiVersion: API_VERSION + 1 });
    expect(result.ok).toBe(false);
    const error = !result.ok ? result.error : undefined;
    expect(NdpError.is(error, 'API_VERSION_UNSUPPORTED')).toBe(true);
    expect(error?.message).toContain(`plugin "p" needs plugin API version ${API_VERSION + 1}`);
    expect(error?.message).toContain(`this host supports up to version ${API_VERSION}`);
    expect(error?.details).toMatchObject({
      pluginId: 'p',
      required: API_VERSION + 1,
      supported: API_VERSION,
    });
  });
});
