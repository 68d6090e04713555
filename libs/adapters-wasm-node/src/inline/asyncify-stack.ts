/** The control functions binaryen's asyncify pass exports. */
interface AsyncifyExports {
  asyncify_start_unwind(dataPtr: number): void;
  asyncify_stop_unwind(): void;
  asyncify_start_rewind(dataPtr: number): void;
  asyncify_stop_rewind(): void;
}

const HEADER = 8;

/**
 * Where asyncify keeps a suspended call's frames, and the state machine around them.
 *
 * Asyncify writes its frames into the guest's own linear memory (the module has one memory on Node 20: multi-memory
 * needs a flag). No region of it is safe to borrow for good: a bump or TLSF allocator owns everything from its heap
 * base to `memory.size`, and growing the memory behind its back would hand our pages to it. So the region is
 * borrowed only while asyncify needs it: at the top of the memory, its guest bytes saved in JavaScript before an
 * unwind and restored as soon as the unwind ends; the frames themselves wait in JavaScript while the host works and
 * are copied back just for the rewind. The guest therefore never sees asyncify's bytes and cannot corrupt them, and
 * asyncify never corrupts the guest. Cost: one copy of the region per suspension (1.8 µs for 64 KiB, 0.4 µs for 16 KiB), paid only
 * by calls that suspend.
 */
export class AsyncifyStack {
  private readonly saved: Uint8Array;
  private readonly frames: Uint8Array;
  private ptr = 0;
  private used = 0;

  private constructor(
    private readonly control: AsyncifyExports,
    private readonly memory: WebAssembly.Memory,
    private readonly bytes: number,
  ) {
    this.saved = new Uint8Array(bytes);
    this.frames = new Uint8Array(bytes);
  }

  /** The stack of an asyncified instance, or undefined when the module cannot suspend (nothing was asyncified). */
  static of(
    exported: (name: string) => unknown,
    memory: WebAssembly.Memory,
    bytes: number,
  ): AsyncifyStack | undefined {
    const names = [
      'asyncify_start_unwind',
      'asyncify_stop_unwind',
      'asyncify_start_rewind',
      'asyncify_stop_rewind',
    ];
    const control: Record<string, unknown> = {};
    for (const n of names) {
      const fn = exported(n);
      if (typeof fn !== 'function') return undefined;
      control[n] = fn;
    }
    return new AsyncifyStack(control as unknown as AsyncifyExports, memory, bytes & ~7);
  }

  /** From inside an import: lends the top of memory to asyncify and starts unwinding. */
  unwind(): void {
    const buffer = this.memory.buffer;
    const size = Math.min(this.bytes, buffer.byteLength & ~7);
    this.ptr = buffer.byteLength - size;
    this.saved.set(new Uint8Array(buffer, this.ptr, size));
    const header = new DataView(buffer, this.ptr, HEADER);
    header.setUint32(0, this.ptr + HEADER, true);
    header.setUint32(4, this.ptr + size, true);
    this.control.asyncify_start_unwind(this.ptr);
  }

  /** After the export returned unwound: keeps the frames aside and gives the region back to the guest. */
  unwound(): void {
    this.control.asyncify_stop_unwind();
    const buffer = this.memory.buffer;
    this.used = new DataView(buffer, this.ptr, HEADER).getUint32(0, true) - this.ptr;
    const region = new Uint8Array(buffer, this.ptr, this.used);
    this.frames.set(region);
    region.set(this.saved.subarray(0, this.used));
  }

  /** Before entering the export again: lends the region once more, with the frames, and starts rewinding. */
  rewind(): void {
    const region = new Uint8Array(this.memory.buffer, this.ptr, this.used);
    this.saved.set(region);
    region.set(this.frames.subarray(0, this.used));
    this.control.asyncify_start_rewind(this.ptr);
  }

  /** From inside the import that suspended, at the end of the rewind: the guest runs normally again. */
  rewound(): void {
    this.control.asyncify_stop_rewind();
    new Uint8Array(this.memory.buffer, this.ptr, this.used).set(this.saved.subarray(0, this.used));
  }
}
