import type binaryenNamespace from 'binaryen';
import { INLINE_ABI } from './inline-abi.js';

/** What the inline transform makes of a module. */
export interface InlineTransformOptions {
  /**
   * Whether the deadline check may suspend the guest (cooperative yielding). It makes every function that can
   * reach a check suspendable, which costs speed in tight loops, so it is a separate variant of the module.
   */
  readonly yielding: boolean;
}

/** The module cannot run inline (asyncify limits, name clashes, no memory); the worker executor must run it. */
export class InlineTransformRejected extends Error {
  override readonly name = 'InlineTransformRejected';
}

const USER_MODULE = 'extism:host/user';
/** Kernel imports that reach the host and may answer asynchronously (Extism's own HTTP). */
const SUSPENDING_ENV = new Set(['extism:host/env.http_request']);
/** The helper binaryen's `log-execution` pass calls at every function entry, loop header and return. */
const PROBE = 'log_execution';
/** Names the transform adds; a guest that already uses one is rejected rather than silently broken. */
const RESERVED_FUNCTIONS = [PROBE, INLINE_ABI.checkInternal];

type Binaryen = typeof binaryenNamespace;
let binaryenLoad: Promise<Binaryen> | undefined;

/** binaryen.js takes ~0.3 s to load; only engines that run something inline pay for it, once per process. */
function loadBinaryen(): Promise<Binaryen> {
  binaryenLoad ??= import('binaryen').then((m) => m.default);
  return binaryenLoad;
}

/**
 * Rewrites a module for the inline executor: (1) a fuel counter, decremented at every function entry, loop header
 * and return, calls our `ndp:inline.check` import when it runs out, so a guest that loops forever still reaches
 * the deadline check; (2) asyncify (optimizing what it emits), limited to the host-service imports (and the check when
 * yielding), so a host function may return a Promise and the guest is suspended and resumed; (3) validation. The module's
 * memory is also exported under a name of ours, since the driver must reach it even if the guest hides it.
 *
 * Guarantees: the result imports exactly what the original imports plus `ndp:inline.check`, and exports what it
 * exports plus the fuel global, the memory alias and, when something can suspend, asyncify's control functions.
 * Does not guarantee: speed for large modules (binaryen.js runs on the thread that calls this, the engine's
 * transform thread: milliseconds for small guests, a minute or more for a 4 MB Go module), hence the per-hash
 * caches around it. Throws
 * {@link InlineTransformRejected} for what binaryen refuses.
 */
export async function transformForInline(
  bytes: Uint8Array,
  options: InlineTransformOptions,
): Promise<Uint8Array> {
  const binaryen = await loadBinaryen();
  let m: ReturnType<Binaryen['readBinary']> | undefined;
  try {
    m = binaryen.readBinary(bytes);
    // Everything but GC and what builds on it: with GC on, binaryen writes `ref.null func` as `ref.null nofunc`,
    // a heap type the V8 of Node 20 cannot read (a module with a funcref table would then not compile).
    const F = binaryen.Features;
    m.setFeatures(F.All & ~(F.GC | F.Strings | F.StackSwitching | F.SharedEverything));
    if (!m.hasMemory()) throw new InlineTransformRejected('the module has no linear memory for asyncify');
    const memory = m.getMemoryInfo();
    if (memory.module || memory.is64) {
      throw new InlineTransformRejected('only a 32-bit memory defined by the module itself is supported');
    }
    const suspending: string[] = [];
    for (let i = 0; i < m.getNumFunctions(); i++) {
      const f = binaryen.getFunctionInfo(m.getFunctionByIndex(i));
      if (RESERVED_FUNCTIONS.includes(f.name)) {
        throw new InlineTransformRejected(`the module already defines a function named "${f.name}"`);
      }
      if (f.module === USER_MODULE && f.base) suspending.push(`${f.module}.${f.base}`);
      if (SUSPENDING_ENV.has(`${f.module}.${f.base}`)) suspending.push(`${f.module}.${f.base}`);
    }
    rejectAsyncified(binaryen, m);
    if (options.yielding) suspending.push(`${INLINE_ABI.module}.${INLINE_ABI.check}`);

    // Only the probe may be inlined later: the guest's own inlining decisions were its compiler's.
    binaryen.setPassArgument('no-inline', '*');
    m.runPasses(['no-inline', 'log-execution']);
    binaryen.setPassArgument('no-inline', null);
    m.removeFunction(PROBE);
    m.addGlobal(INLINE_ABI.fuelInternal, binaryen.i32, true, m.i32.const(0));
    m.addFunctionImport(
      INLINE_ABI.checkInternal,
      INLINE_ABI.module,
      INLINE_ABI.check,
      binaryen.none,
      binaryen.none,
    );
    const fuel = () => m!.global.get(INLINE_ABI.fuelInternal, binaryen.i32);
    m.addFunction(
      PROBE,
      binaryen.i32,
      binaryen.none,
      [],
      m.block(null, [
        m.global.set(INLINE_ABI.fuelInternal, m.i32.sub(fuel(), m.i32.const(1))),
        m.if(m.i32.lt_s(fuel(), m.i32.const(0)), m.call(INLINE_ABI.checkInternal, [], binaryen.none)),
      ]),
    );
    m.addGlobalExport(INLINE_ABI.fuelInternal, INLINE_ABI.fuelExport);
    // A called check costs 2-13x in tight loops; inlined it is a global decrement and a branch.
    binaryen.setAlwaysInlineMaxSize(30);
    m.runPasses(['inlining']);
    // Asyncify optimizes the code it emits at this level; a whole-module -O3 afterwards saves ~1 % of size
    // (research: 5.54 vs 5.46 MB on Go) and costs most of the transform time, so it is not run.
    binaryen.setOptimizeLevel(2);
    binaryen.setShrinkLevel(0);
    if (suspending.length > 0) {
      // Unlisted imports (the Extism kernel, WASI) are treated as never suspending, which they are.
      binaryen.setPassArgument('asyncify-imports', suspending.join(','));
      m.runPasses(['asyncify']);
      binaryen.setPassArgument('asyncify-imports', null);
    }
    if (!m.validate()) throw new InlineTransformRejected('binaryen produced an invalid module');
    // binaryen names a memory read from a binary by its index.
    m.addMemoryExport('0', INLINE_ABI.memoryExport);
    return m.emitBinary();
  } catch (e) {
    if (e instanceof InlineTransformRejected) throw e;
    throw new InlineTransformRejected(`binaryen cannot transform the module: ${describe(e)}`, { cause: e });
  } finally {
    m?.dispose();
  }
}

/**
 * A module already run through asyncify (TinyGo's goroutine scheduler is built on it) carries asyncify's exports
 * and state; a second pass would instrument the first one's unwinding code and cannot share its names. Such a
 * module runs on the worker executor, for this reason.
 */
function rejectAsyncified(binaryen: Binaryen, m: ReturnType<Binaryen['readBinary']>): void {
  const found: string[] = [];
  for (let i = 0; i < m.getNumExports(); i++) {
    const name = binaryen.getExportInfo(m.getExportByIndex(i)).name;
    if (name.startsWith('asyncify_')) found.push(name);
  }
  if (found.length > 0) {
    throw new InlineTransformRejected(
      `the module is already asyncified (it exports ${found.join(', ')}, as TinyGo builds do); ` +
        `a second asyncify pass cannot be layered on the first`,
    );
  }
}

/** binaryen.js errors are sometimes plain objects or numbers: turn each into readable text, never `[object Object]`. */
function describe(e: unknown): string {
  if (e instanceof Error) return e.message;
  if (typeof e === 'number') return `internal error ${e}`;
  if (typeof e === 'object' && e !== null) {
    const message = (e as { message?: unknown }).message;
    if (typeof message === 'string') return message;
    try {
      return JSON.stringify(e);
    } catch {
      return Object.prototype.toString.call(e);
    }
  }
  return String(e);
}
