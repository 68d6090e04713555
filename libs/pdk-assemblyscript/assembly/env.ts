// The Extism guest ABI, module "extism:host/env" (docs/contract.md §9).
//
// AssemblyScript turns an @external declaration into a wasm import only when reachable code calls it, so
// declaring the whole ABI here costs nothing: a plugin imports exactly the functions its code paths use.
// That matters for `get_log_level`, `log_trace` and `http_headers`, which @extism/extism 1.0.3 does not
// provide: a module that imports them fails to link there. Only `Log.trace` and `Log.level` reach the first
// two; nothing in the PDK reaches `http_headers`.
//
// Handles are opaque u64 values; 0 means "none". Data moves only through these functions.

/** Byte length of this call's input. */
@external("extism:host/env", "input_length")
export declare function input_length(): u64;

/** One input byte at `offset`. */
@external("extism:host/env", "input_load_u8")
export declare function input_load_u8(offset: u64): u8;

/** Eight input bytes at `offset`, little-endian. */
@external("extism:host/env", "input_load_u64")
export declare function input_load_u64(offset: u64): u64;

/** Allocates a block of `length` bytes in Extism memory; 0 on failure (and, natively, for length 0). */
@external("extism:host/env", "alloc")
export declare function alloc(length: u64): u64;

/** Frees a block this guest owns. */
@external("extism:host/env", "free")
export declare function free(handle: u64): void;

/** Length of a block, 0 for an invalid handle. */
@external("extism:host/env", "length")
export declare function length(handle: u64): u64;

/** Length of a block without validating the handle. */
@external("extism:host/env", "length_unsafe")
export declare function length_unsafe(handle: u64): u64;

/** Reads one byte of Extism memory. */
@external("extism:host/env", "load_u8")
export declare function load_u8(address: u64): u8;

/** Reads eight bytes of Extism memory, little-endian. */
@external("extism:host/env", "load_u64")
export declare function load_u64(address: u64): u64;

/** Writes one byte of Extism memory. */
@external("extism:host/env", "store_u8")
export declare function store_u8(address: u64, value: u8): void;

/** Writes eight bytes of Extism memory, little-endian. */
@external("extism:host/env", "store_u64")
export declare function store_u64(address: u64, value: u64): void;

/**
 * Marks a block as this call's output. @extism/extism 1.0.3 ignores `length` and returns the whole block,
 * so callers must pass a block of exactly `length` bytes.
 */
@external("extism:host/env", "output_set")
export declare function output_set(handle: u64, length: u64): void;

/** Sets this call's error message (UTF-8 block); the call fails with it. */
@external("extism:host/env", "error_set")
export declare function error_set(handle: u64): void;

/** Looks up a manifest/config value by key (UTF-8 block); returns a new block or 0 when absent. */
@external("extism:host/env", "config_get")
export declare function config_get(key: u64): u64;

/** Reads a plugin variable; 0 when absent. */
@external("extism:host/env", "var_get")
export declare function var_get(key: u64): u64;

/** Sets a plugin variable; value 0 deletes it. */
@external("extism:host/env", "var_set")
export declare function var_set(key: u64, value: u64): void;

/** Logs a UTF-8 block at info level. */
@external("extism:host/env", "log_info")
export declare function log_info(message: u64): void;

/** Logs a UTF-8 block at debug level. */
@external("extism:host/env", "log_debug")
export declare function log_debug(message: u64): void;

/** Logs a UTF-8 block at warn level. */
@external("extism:host/env", "log_warn")
export declare function log_warn(message: u64): void;

/** Logs a UTF-8 block at error level. */
@external("extism:host/env", "log_error")
export declare function log_error(message: u64): void;

/** Logs a UTF-8 block at trace level. Not provided by @extism/extism 1.0.3. */
@external("extism:host/env", "log_trace")
export declare function log_trace(message: u64): void;

/** The host's log level: 0 trace … 4 error, i32.MAX_VALUE off. Not provided by @extism/extism 1.0.3. */
@external("extism:host/env", "get_log_level")
export declare function get_log_level(): i32;

/** Extism's own HTTP client: request JSON `{url, method?, headers?}` and a body block; returns the response body. */
@external("extism:host/env", "http_request")
export declare function http_request(request: u64, body: u64): u64;

/** Status code of the last `http_request`. */
@external("extism:host/env", "http_status_code")
export declare function http_status_code(): i32;

/** JSON of the last `http_request` response's headers. Not provided by @extism/extism 1.0.3. */
@external("extism:host/env", "http_headers")
export declare function http_headers(): u64;
