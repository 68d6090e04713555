import { describe, expect, it } from 'vitest';
import { NdpError } from '../errors/ndp-error.js';
import { GUEST_ENV_MODULE, HOST_USER_MODULE } from '../gen/contract.js';
import type { ManifestPermissions } from '../manifest/manifest.js';
import { checkModuleImports } from './check-module-imports.js';
import { WASI_PREVIEW1_MODULE } from './guest-abi.js';

const granted = (permissions: ManifestPermissions) => ({ permissions });

describe('checkModuleImports', () => {
  it('accepts kernel, WASI and granted host imports', () => {
    const imports = [
      { module: GUEST_ENV_MODULE, name: 'input_load_u8' },
      { module: GUEST_ENV_MODULE, name: 'output_set' },
      { module: WASI_PREVIEW1_MODULE, name: 'fd_write' },
      { module: HOST_USER_MODULE, name: 'http_get' },
      { module: HOST_USER_MODULE, name: 'cache_get_string' },
    ];
    const result = checkModuleImports(
      'p',
      granted({ http: { allowLocalNetwork: false }, cache: {} }),
      imports,
    );
    expect(result).toEqual({ ok: true, value: imports });
  });

  it('rejects a host import whose permission is not granted, with the docs/contract.md §5 message', () => {
    const result = checkModuleImports('wikimedia', granted({ cache: {} }), [
      { module: HOST_USER_MODULE, name: 'http_get' },
    ]);
    expect(result.ok).toBe(false);
    const [error] = !result.ok ? result.error : [];
    expect(NdpError.is(error, 'PERMISSION_NOT_GRANTED')).toBe(true);
    expect(error?.message).toBe(
      'plugin "wikimedia" imports HttpService.Get but its manifest does not grant "http"',
    );
    expect(error?.details).toMatchObject({ pluginId: 'wikimedia', permission: 'http', name: 'http_get' });
  });

  it('lists every problem, unknown imports included', () => {
    const result = checkModuleImports('p', granted({}), [
      { module: HOST_USER_MODULE, name: 'scheduler_time_now' },
      { module: HOST_USER_MODULE, name: 'websocket_connect' },
      { module: 'env', name: 'abort' },
      { module: GUEST_ENV_MODULE, name: 'no_such_kernel_fn' },
      { module: HOST_USER_MODULE, name: 'subsonicapi_call' },
      { module: GUEST_ENV_MODULE, name: 'alloc' },
    ]);
    expect(result.ok).toBe(false);
    const errors = !result.ok ? result.error : [];
    expect(errors.map((e) => e.code)).toEqual([
      'PERMISSION_NOT_GRANTED',
      'PERMISSION_NOT_GRANTED',
      'IMPORT_UNKNOWN',
      'IMPORT_UNKNOWN',
      'IMPORT_UNKNOWN',
    ]);
    expect(errors[1]?.message).toContain(
      'imports WebSocketService.Connect but its manifest does not grant "websocket"',
    );
    expect(errors[2]?.message).toMatch(/^plugin "p" imports env\.abort, which this host does not provide/);
    expect(errors[3]?.message).toContain(`${GUEST_ENV_MODULE}.no_such_kernel_fn`);
  });

  it('refuses WASI imports from wasi_unstable: preview 1 (wasi_snapshot_preview1) is the one WASI module served', () => {
    const result = checkModuleImports('p', granted({}), [{ module: 'wasi_unstable', name: 'fd_write' }]);
    expect(result.ok).toBe(false);
    const [error] = !result.ok ? result.error : [];
    expect(NdpError.is(error, 'IMPORT_UNKNOWN')).toBe(true);
    expect(error?.message).toContain('wasi_unstable.fd_write');
  });
});
