/**
 * The fixture plugins the engine contract runs. Each is a tiny guest built from source (AssemblyScript or WAT)
 * by the adapter's test setup, speaking the Extism guest ABI (`extism:host/env`), importing nothing from `env`.
 * Unless said otherwise a fixture exports one function, named like the fixture, taking no parameters and
 * returning an `i32` (0 = ok).
 *
 * - `echo`: output = input, byte for byte (empty input gives empty output).
 * - `fail`: `error_set("boom")`, returns 1.
 * - `not_found`: `error_set("plugin:not_found")`, returns 1.
 * - `rc_nonzero`: returns 3 with no output and no error text.
 * - `trap`: executes `unreachable`.
 * - `loop_forever`: loops for ever without calling anything (so only a real deadline can stop it).
 * - `grow_memory`: grows linear memory one page at a time until `memory.grow` fails, then executes `unreachable`
 *   (as an allocator does when out of memory). Its declared memory has no maximum below 4 GiB, so only the
 *   host's ceiling stops it.
 * - `huge_output`: input = a byte count N in decimal ASCII; output = N bytes where byte i is `i % 251`.
 * - `host_echo`: imports `test_echo: (i64) -> i64` from `extism:host/user`, passes its input to it (as an Extism
 *   memory handle) and outputs the returned block unchanged.
 * - `config`: input = a key (UTF-8); output = `config_get(key)`'s value; when the key is absent,
 *   `error_set("config key not found")` and returns 1. An empty value is output as empty (not absent).
 * - `non_ascii`: decodes the input as UTF-8 and outputs the UTF-8 of `héllo, <input> 🎶` (so the guest must
 *   measure strings in bytes, not UTF-16 units).
 * - `counter`: increments a global counter (starting at 0 per instance) and outputs its value in decimal ASCII.
 * - `log`: with the input as text T, logs `debug: T` (`log_debug`), `info: T`, `warn: T`, `error: T` in that
 *   order, outputs nothing, returns 0.
 * - `wasi`: imports at least `fd_write` from `wasi_snapshot_preview1` (without calling it on this path) and
 *   behaves like `echo`.
 * - `exit`: imports `proc_exit` from `wasi_snapshot_preview1` and calls `proc_exit(3)`.
 * - `vars`: increments the one-byte Extism var `count` (`var_get`/`var_set`) and outputs it in decimal ASCII.
 * - `output_len`: stores `abcdefghijklmnop` in a block and calls `output_set(block, 3)`: the output is `abc`.
 * - `log_level`: imports the newer PDK functions `get_log_level` and `log_trace`; logs `trace: <input>` with
 *   `log_trace` and outputs the level `get_log_level` answers, in decimal ASCII.
 *
 * Scheduling and containment:
 * - `exit_zero`: imports `proc_exit`, outputs its input, then calls `proc_exit(0)`.
 * - `host_loop`: imports `test_echo` like `host_echo` and calls it with its input for ever, never returning.
 * - `start_loop`: its start function loops for ever; exports `start_loop` (never reached).
 * - `init_loop`: its `_initialize` export loops for ever; exports `init_loop` (never reached).
 * - `table_grow`: grows its funcref table (no declared maximum) 1,000 elements at a time until `table.grow`
 *   fails, then outputs the table size reached in decimal ASCII.
 * - `log_flood`: input `N SIZE` (decimal, space-separated): logs N lines of SIZE bytes (`aaa…`) with `log_info`
 *   and outputs nothing.
 * - `big_error`: input N (even, decimal): `error_set` with N bytes of `é` (two UTF-8 bytes each), returns 1.
 * - `http_request`: imports `http_request`, `http_status_code` and `http_headers` from `extism:host/env`; sends
 *   its input as the request JSON with the body `ping`, and outputs `<status>\n<headers JSON>\n<body>` (an
 *   empty line where `http_headers` answers 0).
 * - `ghc_init`: shaped like a GHC guest: exports `_initialize` and `hs_init(argc, argv)`; `ghc_init` returns 0
 *   only when `_initialize` and then `hs_init(0, 0)` ran, in that order, and 7 otherwise.
 */
export type EngineFixtureName =
  | 'echo'
  | 'fail'
  | 'not_found'
  | 'rc_nonzero'
  | 'trap'
  | 'loop_forever'
  | 'grow_memory'
  | 'huge_output'
  | 'host_echo'
  | 'config'
  | 'non_ascii'
  | 'counter'
  | 'log'
  | 'wasi'
  | 'exit'
  | 'vars'
  | 'output_len'
  | 'log_level'
  // Containment: output, errors, logs, other PDKs
  | 'log_flood'
  | 'big_error'
  | 'http_request'
  | 'ghc_init'
  // Scheduling and containment
  | 'exit_zero'
  | 'host_loop'
  | 'start_loop'
  | 'init_loop'
  | 'table_grow';

/** Every fixture name, for builders that prepare them all up front. */
export const ENGINE_FIXTURE_NAMES: readonly EngineFixtureName[] = [
  'echo',
  'fail',
  'not_found',
  'rc_nonzero',
  'trap',
  'loop_forever',
  'grow_memory',
  'huge_output',
  'host_echo',
  'config',
  'non_ascii',
  'counter',
  'log',
  'wasi',
  'exit',
  'vars',
  'output_len',
  'log_level',
  // Containment: output, errors, logs, other PDKs
  'log_flood',
  'big_error',
  'http_request',
  'ghc_init',
  // Scheduling and containment
  'exit_zero',
  'host_loop',
  'start_loop',
  'init_loop',
  'table_grow',
];

/**
 * What an engine adapter's test gives the contract: the bytes of each fixture plugin (see
 * {@link EngineFixtureName} for what each one must do). It may build on first use and cache.
 *
 * @example
 * ```ts
 * const fixtures: EngineContractFixtures = { wasm: (name) => readFile(await buildFixture(name)) };
 * ```
 */
export interface EngineContractFixtures {
  wasm(name: EngineFixtureName): Promise<Uint8Array>;
}
