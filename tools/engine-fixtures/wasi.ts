// Engine contract fixtures `wasi` (imports fd_write, behaves like echo) and `exit` (calls proc_exit(3)).
import { readInput, writeOutput } from '@ndp/pdk-assemblyscript/assembly/memory';

@external('wasi_snapshot_preview1', 'fd_write')
declare function fd_write(fd: i32, iovs: usize, iovsLength: i32, written: usize): i32;

@external('wasi_snapshot_preview1', 'proc_exit')
declare function proc_exit(code: i32): void;

export function wasi(): i32 {
  const input = readInput();
  // Keeps the import (the optimizer cannot prove the branch dead) without calling it on this path.
  if (input.length == 0x7ffffff3) fd_write(1, 0, 0, 0);
  writeOutput(input);
  return 0;
}

export function exit(): i32 {
  proc_exit(3);
  return 0;
}

// `exit_zero`: outputs its input, then calls proc_exit(0) (a clean exit: the output so far is the answer).
export function exit_zero(): i32 {
  writeOutput(readInput());
  proc_exit(0);
  return 0;
}
