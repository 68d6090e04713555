import type { CallContext } from '@extism/extism';
import { errorText } from '@ndp/engine-kit/worker';

const EMPTY = new Uint8Array(0);

/** Copies a block out of Extism memory (its first `length` bytes, or all of it); empty for NULL or an unknown handle. */
export function readBlock(cc: CallContext, handle: bigint, length?: number): Uint8Array {
  // NULL is "no bytes" (guests pass an empty payload as 0); 1.0.3 would answer its reserved null block.
  if (handle === 0n) return EMPTY;
  const view = cc.read(handle);
  if (!view) return EMPTY;
  const all = view.bytes();
  return all.slice(0, length ?? all.length);
}

/**
 * Copies bytes into a new Extism block and answers its handle. It never hands the SDK a view of a larger buffer:
 * 1.0.3 stores a `Uint8Array`'s whole `buffer` as the block, ignoring its offset and length.
 */
export function writeBlock(cc: CallContext, bytes: Uint8Array): bigint {
  const handle = cc.alloc(bytes.length);
  if (bytes.length > 0) cc.read(handle)!.bytes().set(bytes);
  return handle;
}

/** How one guest call ended, before the worker turns it into a reply. */
export type CallEnding =
  | { readonly ok: true; readonly output: Uint8Array }
  | { readonly ok: false; readonly error: string; readonly outputTooLarge?: true };

/** The caps {@link CallState.finish} applies. */
export interface EndingCaps {
  readonly maxOutputBytes: number;
  readonly maxErrorBytes: number;
}

/**
 * What the guest told the host during one call: the output block and length (`output_set`), the error block
 * (`error_set`) and how much Extism memory it allocated. Kept here rather than in the SDK because 1.0.3 returns
 * a whole block for `output_set` whatever the length, rejects with a prefixed message on `error_set`, and never
 * sees the export's return code.
 */
export class CallState {
  private output: { cc: CallContext; handle: bigint; length: number } | undefined;
  private error: { cc: CallContext; handle: bigint } | undefined;
  /** Bytes of Extism memory the guest allocated during this call. */
  allocated = 0;
  /** Per-call state kept elsewhere (the last HTTP answer) is cleared through this. */
  onBegin: () => void = () => undefined;

  begin(): void {
    this.output = undefined;
    this.error = undefined;
    this.allocated = 0;
    this.onBegin();
  }

  setOutput(cc: CallContext, handle: bigint, length: number): void {
    this.output = { cc, handle, length };
  }

  setError(cc: CallContext, handle: bigint): void {
    this.error = { cc, handle };
  }

  /**
   * Reads the outcome; must run before the SDK's `reset()` drops the blocks. Error text is cut to
   * `maxErrorBytes`; an output over `maxOutputBytes` is refused before it is copied.
   */
  finish(returnCode: number, caps: EndingCaps): CallEnding {
    if (this.error) {
      const { cc, handle } = this.error;
      const view = handle === 0n ? null : cc.read(handle);
      const all = view ? view.bytes() : EMPTY;
      const kept = all.subarray(0, Math.min(all.length, caps.maxErrorBytes + 1));
      return { ok: false, error: errorText(kept, caps.maxErrorBytes, all.length) };
    }
    if (returnCode !== 0) {
      return { ok: false, error: `the export returned ${returnCode} without an error message` };
    }
    const out = this.output;
    if (out && out.length > caps.maxOutputBytes) {
      return {
        ok: false,
        outputTooLarge: true,
        error: `set an output of ${out.length} bytes, over the cap of ${caps.maxOutputBytes} bytes (maxOutputBytes)`,
      };
    }
    return { ok: true, output: out ? readBlock(out.cc, out.handle, out.length) : EMPTY };
  }
}
