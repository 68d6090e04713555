import { GUEST_ENV_MODULE, HOST_USER_MODULE } from '../gen/contract.js';
import type { FunctionSignature, ValueType } from '../wasm/wasm-binary.js';
import type { EXTISM_KERNEL_FUNCTIONS } from './guest-abi.js';
import { hostFunctionByImport } from './permission.js';

const sig = (params: ValueType[], results: ValueType[] = []): FunctionSignature =>
  Object.freeze({ params: Object.freeze(params), results: Object.freeze(results) });

/**
 * The signatures of the Extism kernel functions (`extism:host/env`), as the Extism runtime defines them and every
 * Extism PDK imports them. Both engines link exactly these; a module importing one with another signature would
 * fail at link time on one engine and be called with garbage on another, so it is refused at load.
 */
export const EXTISM_KERNEL_SIGNATURES: Readonly<
  Record<(typeof EXTISM_KERNEL_FUNCTIONS)[number], FunctionSignature>
> = Object.freeze({
  input_length: sig([], ['i64']),
  input_load_u8: sig(['i64'], ['i32']),
  input_load_u64: sig(['i64'], ['i64']),
  input_offset: sig([], ['i64']),
  alloc: sig(['i64'], ['i64']),
  free: sig(['i64']),
  length: sig(['i64'], ['i64']),
  length_unsafe: sig(['i64'], ['i64']),
  load_u8: sig(['i64'], ['i32']),
  load_u64: sig(['i64'], ['i64']),
  store_u8: sig(['i64', 'i32']),
  store_u64: sig(['i64', 'i64']),
  output_set: sig(['i64', 'i64']),
  error_set: sig(['i64']),
  config_get: sig(['i64'], ['i64']),
  var_get: sig(['i64'], ['i64']),
  var_set: sig(['i64', 'i64']),
  http_request: sig(['i64', 'i64'], ['i64']),
  http_status_code: sig([], ['i32']),
  http_headers: sig([], ['i64']),
  log_info: sig(['i64']),
  log_debug: sig(['i64']),
  log_warn: sig(['i64']),
  log_error: sig(['i64']),
  log_trace: sig(['i64']),
  get_log_level: sig([], ['i32']),
});

/** Every host function of `extism:host/user` takes the handle of its request and answers the handle of its response. */
export const HOST_FUNCTION_SIGNATURE: FunctionSignature = sig(['i64'], ['i64']);

/** The signature ndp provides for an import, or `undefined` when it does not check that import's signature. */
export function expectedSignature(module: string, name: string): FunctionSignature | undefined {
  if (module === GUEST_ENV_MODULE && Object.hasOwn(EXTISM_KERNEL_SIGNATURES, name))
    return EXTISM_KERNEL_SIGNATURES[name as keyof typeof EXTISM_KERNEL_SIGNATURES];
  if (module === HOST_USER_MODULE && hostFunctionByImport(module, name)) return HOST_FUNCTION_SIGNATURE;
  return undefined;
}

/** True when two signatures have the same parameter and result types. */
export function sameSignature(a: FunctionSignature, b: FunctionSignature): boolean {
  const same = (x: readonly ValueType[], y: readonly ValueType[]) =>
    x.length === y.length && x.every((t, i) => t === y[i]);
  return same(a.params, b.params) && same(a.results, b.results);
}
