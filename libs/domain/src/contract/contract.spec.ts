import { describe, expect, it } from 'vitest';
import {
  CAPABILITY_METHODS,
  CAPABILITY_NAMES,
  GUEST_ENV_MODULE,
  HOST_USER_MODULE,
  PERMISSION_NAMES,
} from '../gen/contract.js';
import { capabilityMethodByExport, capabilityMethods, isCapabilityName } from './capability.js';
import { WASI_PREVIEW1_MODULE } from './guest-abi.js';
import { isKnownImport } from './guest-imports.js';
import { hostFunctionByImport, hostFunctionsOf, isPermissionName } from './permission.js';

describe('capabilities', () => {
  it('recognizes names case-sensitively', () => {
    expect(isCapabilityName('MetadataAgent')).toBe(true);
    expect(isCapabilityName('metadataagent')).toBe(false);
    expect(isCapabilityName('SubsonicAPI')).toBe(false);
  });

  it('lists the methods of every capability with their export names', () => {
    for (const capability of CAPABILITY_NAMES) {
      const methods = capabilityMethods(capability);
      expect(methods.map((m) => m.method)).toEqual(CAPABILITY_METHODS[capability].map((m) => m.method));
      for (const m of methods) expect(capabilityMethodByExport(m.exportName)).toEqual(m);
    }
    expect(capabilityMethodByExport('scrobbler_scrobble')).toMatchObject({
      capability: 'Scrobbler',
      method: 'Scrobble',
    });
    expect(capabilityMethodByExport('_start')).toBeUndefined();
  });
});

describe('permissions and host functions', () => {
  it('maps every host import to the permission that grants it', () => {
    expect(hostFunctionByImport(HOST_USER_MODULE, 'http_get')).toMatchObject({
      permission: 'http',
      service: 'HttpService',
      method: 'Get',
    });
    expect(hostFunctionByImport(HOST_USER_MODULE, 'cache_set_int')?.permission).toBe('cache');
    expect(hostFunctionByImport(GUEST_ENV_MODULE, 'http_get')).toBeUndefined();
    expect(hostFunctionByImport(HOST_USER_MODULE, 'http_trace')).toBeUndefined();
    for (const permission of PERMISSION_NAMES) {
      expect(hostFunctionsOf(permission).length).toBeGreaterThan(0);
      for (const f of hostFunctionsOf(permission))
        expect(f.importName.startsWith(`${permission}_`)).toBe(true);
    }
  });

  it('recognizes permission names exactly', () => {
    expect(isPermissionName('websocket')).toBe(true);
    expect(isPermissionName('subsonicapi')).toBe(false);
    expect(isPermissionName('HTTP')).toBe(false);
  });
});

describe('isKnownImport', () => {
  it.each([
    [GUEST_ENV_MODULE, 'input_length', true],
    [GUEST_ENV_MODULE, 'get_log_level', true],
    [GUEST_ENV_MODULE, 'http_headers', true],
    [GUEST_ENV_MODULE, 'abort', false],
    [HOST_USER_MODULE, 'websocket_send_text', true],
    [HOST_USER_MODULE, 'subsonicapi_call', false],
    [WASI_PREVIEW1_MODULE, 'fd_write', true],
    [WASI_PREVIEW1_MODULE, 'proc_exit', true],
    [WASI_PREVIEW1_MODULE, 'fd_nonsense', false],
    ['env', 'abort', false],
    ['env', 'memory', false],
  ])('%s.%s → %s', (module, name, expected) => {
    expect(isKnownImport({ module, name })).toBe(expected);
  });
});
