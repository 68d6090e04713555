// Engine contract fixtures (libs/ports/src/testing/engine-fixtures.ts says what each must do), one module:
// every export is named after its fixture. Built with the PDK's Extism bindings, no capability glue.
import * as env from '@ndp/pdk-assemblyscript/assembly/env';
import {
  readInput,
  storeString,
  writeOutput,
  writeOutputString,
} from '@ndp/pdk-assemblyscript/assembly/memory';

function failWith(message: string): i32 {
  env.error_set(storeString(message));
  return 1;
}

export function echo(): i32 {
  writeOutput(readInput());
  return 0;
}

export function fail(): i32 {
  return failWith('boom');
}

export function not_found(): i32 {
  return failWith('plugin:not_found');
}

export function rc_nonzero(): i32 {
  return 3;
}

export function trap(): i32 {
  unreachable();
  return 0;
}

export function loop_forever(): i32 {
  let n: i32 = 0;
  while (true) n++;
  return n;
}

export function grow_memory(): i32 {
  while (memory.grow(1) >= 0) {
    store<u8>(((<usize>memory.size()) << 16) - 1, 1);
  }
  unreachable();
  return 0;
}

export function huge_output(): i32 {
  const n = I32.parseInt(String.UTF8.decode(readInput().buffer));
  const handle = env.alloc(<u64>n);
  if (handle == 0) return failWith('alloc failed');
  for (let i: i32 = 0; i < n; i++) env.store_u8(handle + <u64>i, <u8>(i % 251));
  env.output_set(handle, <u64>n);
  return 0;
}

export function config(): i32 {
  const key = storeString(String.UTF8.decode(readInput().buffer));
  const value = env.config_get(key);
  if (value == 0) return failWith('config key not found');
  env.output_set(value, env.length(value));
  return 0;
}

export function non_ascii(): i32 {
  writeOutputString('héllo, ' + String.UTF8.decode(readInput().buffer) + ' 🎶');
  return 0;
}

let count: i32 = 0;
export function counter(): i32 {
  count++;
  writeOutputString(count.toString());
  return 0;
}

export function log(): i32 {
  const text = String.UTF8.decode(readInput().buffer);
  env.log_debug(storeString('debug: ' + text));
  env.log_info(storeString('info: ' + text));
  env.log_warn(storeString('warn: ' + text));
  env.log_error(storeString('error: ' + text));
  return 0;
}

// Extism vars: one byte under "count", incremented per call (they persist across calls of one instance).
export function vars(): i32 {
  const key = storeString('count');
  const old = env.var_get(key);
  const count: u8 = old == 0 ? 1 : env.load_u8(old) + 1;
  const handle = env.alloc(1);
  env.store_u8(handle, count);
  env.var_set(key, handle);
  writeOutputString(count.toString());
  return 0;
}

// output_set with a length shorter than its block: only "abc" of "abcdefghijklmnop" is the output.
export function output_len(): i32 {
  const handle = storeString('abcdefghijklmnop');
  env.output_set(handle, 3);
  return 0;
}

// Input "N SIZE": logs N lines of SIZE bytes ("aaa…") with log_info, one block reused, and outputs nothing.
export function log_flood(): i32 {
  const parts = String.UTF8.decode(readInput().buffer).split(' ');
  const n = I32.parseInt(parts[0]);
  const size = parts.length > 1 ? I32.parseInt(parts[1]) : 16;
  const handle = env.alloc(<u64>size);
  for (let i: i32 = 0; i < size; i++) env.store_u8(handle + <u64>i, 0x61);
  for (let i: i32 = 0; i < n; i++) env.log_info(handle);
  return 0;
}

// Input N (even): error_set with N bytes of "é" (two UTF-8 bytes each), returns 1.
export function big_error(): i32 {
  const n = I32.parseInt(String.UTF8.decode(readInput().buffer));
  const handle = env.alloc(<u64>n);
  for (let i: i32 = 0; i < n; i += 2) {
    env.store_u8(handle + <u64>i, 0xc3);
    env.store_u8(handle + <u64>i + 1, 0xa9);
  }
  env.error_set(handle);
  return 1;
}
