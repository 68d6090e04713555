import { describe, expect, it } from 'vitest';
import { NdpError } from '../errors/ndp-error.js';
import { formatSignature, readModuleInfo } from '../wasm/wasm-binary.js';
import { checkImportShapes } from './check-import-shapes.js';
import { EXTISM_KERNEL_FUNCTIONS } from './guest-abi.js';
import { EXTISM_KERNEL_SIGNATURES } from './import-signatures.js';

async function importsOf(imports: string): Promise<ReturnType<typeof readModuleInfo>['imports']> {
  const wabt = await (await import('wabt')).default();
  const mod = wabt.parseWat('test.wat', `(module ${imports} (memory (export "memory") 1))`);
  try {
    return readModuleInfo(new Uint8Array(mod.toBinary({}).buffer)).imports;
  } finally {
    mod.destroy();
  }
}

function messages(result: ReturnType<typeof checkImportShapes>): string[] {
  return result.ok ? [] : result.error.map((e) => e.message);
}

describe('checkImportShapes', () => {
  it('accepts the Extism kernel and host functions with their signatures, and WASI', async () => {
    const imports = await importsOf(`
      (import "extism:host/env" "log_info" (func (param i64)))
      (import "extism:host/env" "store_u8" (func (param i64 i32)))
      (import "extism:host/env" "get_log_level" (func (result i32)))
      (import "extism:host/user" "cache_get_string" (func (param i64) (result i64)))
      (import "wasi_snapshot_preview1" "fd_write" (func (param i32 i32 i32 i32) (result i32)))`);
    expect(checkImportShapes('p', imports).ok).toBe(true);
  });

  it('has a signature for every kernel function', () => {
    expect(Object.keys(EXTISM_KERNEL_SIGNATURES).sort()).toEqual([...EXTISM_KERNEL_FUNCTIONS].sort());
    expect(formatSignature(EXTISM_KERNEL_SIGNATURES.store_u8)).toBe('(i64, i32) -> ()');
  });

  it('refuses a kernel function with another signature, naming the import, what it found and what ndp provides', async () => {
    const result = checkImportShapes(
      'p',
      await importsOf(`(import "extism:host/env" "log_info" (func (param i32)))`),
    );
    expect(messages(result)).toEqual([
      'plugin "p" imports extism:host/env.log_info with the signature (i32) -> (), but ndp provides (i64) -> (); ' +
        'rebuild the plugin with a PDK that matches this host',
    ]);
    expect(!result.ok && result.error[0]!.details).toMatchObject({
      expected: '(i64) -> ()',
      found: '(i32) -> ()',
    });
  });

  it('refuses a host function that is not (i64) -> i64', async () => {
    const result = checkImportShapes(
      'p',
      await importsOf(`(import "extism:host/user" "cache_get_string" (func (param i64 i64) (result i32)))`),
    );
    expect(messages(result)[0]).toMatch(
      /extism:host\/user\.cache_get_string with the signature \(i64, i64\) -> i32, but ndp provides \(i64\) -> i64/,
    );
  });

  it('refuses memory, table and global imports, all of them at once', async () => {
    const result = checkImportShapes(
      'p',
      await importsOf(`
        (import "env" "memory" (memory 1))
        (import "env" "table" (table 1 funcref))
        (import "env" "g" (global i32))`),
    );
    expect(!result.ok && result.error.every((e) => NdpError.is(e, 'IMPORT_INVALID'))).toBe(true);
    expect(messages(result)).toEqual([
      expect.stringMatching(/^plugin "p" imports a memory \(env\.memory\); ndp provides only functions/),
      expect.stringMatching(/imports a table \(env\.table\)/),
      expect.stringMatching(/imports a global \(env\.g\)/),
    ]);
  });
});
