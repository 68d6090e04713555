import { randomFillSync } from 'node:crypto';
import { GuestExitSignal } from './guest-signals.js';

/** WASI errno values the shim answers. */
const ERRNO = { success: 0, badf: 8, inval: 28, nosys: 52 } as const;
type WasiFunction = (...args: (number | bigint)[]) => number | void;

/**
 * A deny-by-default WASI preview1 for Extism guests: no files, no environment, no arguments; stdout and stderr
 * are accepted and dropped; clocks and randomness work; `proc_exit` ends the call with {@link GuestExitSignal}.
 * Anything else answers ENOSYS. It replaces the SDK's `useWasi` (node:wasi), which costs ~0.2 ms and two file
 * descriptors per plugin and can crash Node 20 when several WASI guests interleave (nodejs/node#46777).
 *
 * `memory` is read lazily because the shim is linked before the instance (and its memory) exists.
 */
export function createWasiShim(
  importNames: readonly string[],
  memory: () => WebAssembly.Memory | undefined,
): Record<string, (cc: unknown, ...args: (number | bigint)[]) => number | void> {
  const view = (): DataView => new DataView(memory()!.buffer);
  const known: Record<string, WasiFunction> = {
    proc_exit: (code) => {
      throw new GuestExitSignal(Number(code));
    },
    fd_write: (fd, iovs, count, written) => {
      if (fd !== 1 && fd !== 2) return ERRNO.badf;
      const v = view();
      let total = 0;
      for (let i = 0; i < Number(count); i++) total += v.getUint32(Number(iovs) + i * 8 + 4, true);
      v.setUint32(Number(written), total, true);
      return ERRNO.success;
    },
    args_sizes_get: (argc, size) => zeroPair(view(), argc, size),
    environ_sizes_get: (count, size) => zeroPair(view(), count, size),
    args_get: () => ERRNO.success,
    environ_get: () => ERRNO.success,
    clock_time_get: (id, _precision, out) => {
      const nanos =
        Number(id) === 0
          ? BigInt(Date.now()) * 1_000_000n
          : BigInt(Math.round(performance.now() * 1_000_000));
      view().setBigUint64(Number(out), nanos, true);
      return ERRNO.success;
    },
    random_get: (buf, length) => {
      randomFillSync(new Uint8Array(memory()!.buffer, Number(buf), Number(length)));
      return ERRNO.success;
    },
    sched_yield: () => ERRNO.success,
  };
  const shim: Record<string, (cc: unknown, ...args: (number | bigint)[]) => number | void> = {};
  for (const name of importNames) {
    const fn = known[name];
    // The SDK binds every host function with its call context first; WASI functions do not want it.
    shim[name] = fn ? (_cc, ...args) => fn(...args) : () => ERRNO.nosys;
  }
  return shim;
}

function zeroPair(view: DataView, a: number | bigint, b: number | bigint): number {
  view.setUint32(Number(a), 0, true);
  view.setUint32(Number(b), 0, true);
  return ERRNO.success;
}
