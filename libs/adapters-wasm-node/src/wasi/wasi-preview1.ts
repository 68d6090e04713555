import { GuestExit } from './guest-exit.js';

/** WASI errno values used by this shim (wasi_snapshot_preview1). */
const ERRNO = { SUCCESS: 0, BADF: 8, INVAL: 28, NOSYS: 52, SPIPE: 70 } as const;
const FILETYPE_CHARACTER_DEVICE = 2;
const STDIN = 0;
const STDOUT = 1;
const STDERR = 2;

/** Where a guest's standard output and error lines go. */
interface WasiOutput {
  stdout(line: string): void;
  stderr(line: string): void;
}

/** Options of {@link createWasiPreview1}. */
export interface WasiOptions {
  /** The guest's exported memory; resolved lazily because it exists only after instantiation. */
  readonly memory: () => WebAssembly.Memory;
  readonly output: WasiOutput;
  /** Every function name the guest imports from `wasi_snapshot_preview1`. */
  readonly imports: readonly string[];
}

/** A WASI import object plus a way to flush partial output lines at the end of a call. */
export interface WasiShim {
  readonly imports: Record<string, (...args: never[]) => number>;
  /** Emits any buffered partial line of stdout/stderr. */
  flush(): void;
}

class LineBuffer {
  private pending = '';
  private readonly decoder = new TextDecoder('utf-8');
  constructor(private readonly emit: (line: string) => void) {}

  write(bytes: Uint8Array): void {
    this.pending += this.decoder.decode(bytes, { stream: true });
    let nl = this.pending.indexOf('\n');
    while (nl >= 0) {
      this.emit(this.pending.slice(0, nl).replace(/\r$/, ''));
      this.pending = this.pending.slice(nl + 1);
      nl = this.pending.indexOf('\n');
    }
  }

  flush(): void {
    this.pending += this.decoder.decode();
    if (this.pending) this.emit(this.pending);
    this.pending = '';
  }
}

/**
 * A minimal WASI preview1 for plugin guests, written for a sandbox: no filesystem (no preopens; every path call
 * answers ENOSYS), no arguments, no environment variables, no sockets. Standard output and error are split into
 * lines and sent to the plugin's logger; stdin is empty. Clocks are the real ones and `random_get` uses the
 * platform's cryptographic generator. `proc_exit` ends the call by throwing {@link GuestExit}.
 *
 * Deliberately not `node:wasi`: Node documents that it is not a sandbox, it cannot route output to a logger, and
 * its fast API calls can crash the process when several guests interleave (nodejs/node#46777).
 */
export function createWasiPreview1(options: WasiOptions): WasiShim {
  const out = new LineBuffer((l) => options.output.stdout(l));
  const err = new LineBuffer((l) => options.output.stderr(l));
  const view = () => new DataView(options.memory().buffer);
  const bytes = () => new Uint8Array(options.memory().buffer);

  const implemented: Record<string, (...args: never[]) => number> = {
    args_sizes_get: (argc: number, bufSize: number) => {
      const v = view();
      v.setUint32(argc, 0, true);
      v.setUint32(bufSize, 0, true);
      return ERRNO.SUCCESS;
    },
    args_get: () => ERRNO.SUCCESS,
    environ_sizes_get: (count: number, bufSize: number) => {
      const v = view();
      v.setUint32(count, 0, true);
      v.setUint32(bufSize, 0, true);
      return ERRNO.SUCCESS;
    },
    environ_get: () => ERRNO.SUCCESS,
    clock_res_get: (id: number, resultPtr: number) => {
      if (id < 0 || id > 3) return ERRNO.INVAL;
      view().setBigUint64(resultPtr, 1000n, true);
      return ERRNO.SUCCESS;
    },
    clock_time_get: (id: number, _precision: bigint, resultPtr: number) => {
      let ns: bigint;
      if (id === 0) ns = BigInt(Math.round((performance.timeOrigin + performance.now()) * 1e6));
      else if (id >= 1 && id <= 3) ns = process.hrtime.bigint();
      else return ERRNO.INVAL;
      view().setBigUint64(resultPtr, ns, true);
      return ERRNO.SUCCESS;
    },
    fd_write: (fd: number, iovs: number, iovsLen: number, writtenPtr: number) => {
      const sink = fd === STDOUT ? out : fd === STDERR ? err : undefined;
      if (!sink) return ERRNO.BADF;
      const v = view();
      const mem = bytes();
      let written = 0;
      for (let i = 0; i < iovsLen; i++) {
        const ptr = v.getUint32(iovs + i * 8, true);
        const len = v.getUint32(iovs + i * 8 + 4, true);
        sink.write(mem.subarray(ptr, ptr + len));
        written += len;
      }
      v.setUint32(writtenPtr, written, true);
      return ERRNO.SUCCESS;
    },
    fd_read: (fd: number, _iovs: number, _iovsLen: number, readPtr: number) => {
      if (fd !== STDIN) return ERRNO.BADF;
      view().setUint32(readPtr, 0, true);
      return ERRNO.SUCCESS;
    },
    fd_fdstat_get: (fd: number, statPtr: number) => {
      if (fd > STDERR) return ERRNO.BADF;
      const v = view();
      v.setUint8(statPtr, FILETYPE_CHARACTER_DEVICE);
      v.setUint16(statPtr + 2, 0, true);
      v.setBigUint64(statPtr + 8, 0n, true);
      v.setBigUint64(statPtr + 16, 0n, true);
      return ERRNO.SUCCESS;
    },
    fd_close: (fd: number) => (fd <= STDERR ? ERRNO.SUCCESS : ERRNO.BADF),
    fd_seek: (fd: number) => (fd <= STDERR ? ERRNO.SPIPE : ERRNO.BADF),
    fd_prestat_get: () => ERRNO.BADF,
    fd_prestat_dir_name: () => ERRNO.BADF,
    random_get: (ptr: number, len: number) => {
      const mem = bytes();
      for (let off = 0; off < len; off += 65536) {
        crypto.getRandomValues(mem.subarray(ptr + off, ptr + Math.min(len, off + 65536)));
      }
      return ERRNO.SUCCESS;
    },
    sched_yield: () => ERRNO.SUCCESS,
    proc_exit: (code: number) => {
      throw new GuestExit(code);
    },
  };

  const imports: Record<string, (...args: never[]) => number> = {};
  for (const name of options.imports) imports[name] = implemented[name] ?? (() => ERRNO.NOSYS);
  return {
    imports,
    flush() {
      out.flush();
      err.flush();
    },
  };
}
