import type { ModuleCache } from '@ndp/ports';
import type { ExecutorKind } from './guest-executor.js';

/**
 * Room for a suspended inline call's frames (AssemblyScript ~8 B per frame, Go ~124 B per suspension, a C or Rust
 * frame its live locals). Its guest bytes are copied aside at every suspension, so it is not larger than needed:
 * 64 KiB cost ~1.8 µs per async host call here, 16 KiB ~0.4 µs.
 */
export const DEFAULT_ASYNCIFY_STACK_BYTES = 16 * 1024;

/** Options of the Node engine. */
export interface NodeEngineOptions {
  /**
   * Number of worker threads that run guest code. Default: the number of cores. Calls of different instances run
   * in parallel across workers; one worker runs one call at a time, including while its guest waits on a host call.
   */
  readonly workers?: number;
  /**
   * Deadline for instantiating a guest (its start function and `_initialize` included) when the caller gives
   * none in `InstanceOptions.timeoutMs`. Default 10 s.
   */
  readonly instantiateTimeoutMs?: number;
  /**
   * Microseconds a worker polls for its next request, and the main thread for a lone call's answer, before
   * sleeping. Default 0. Polling cuts a warm call several-fold on a machine with spare cores, and costs throughput
   * where the cores are already busy (every poller takes a core), so it is opt-in.
   */
  readonly spinWaitMicros?: number;
  /**
   * Where analysed and memory-capped modules are kept between runs (`<CacheFolder>/plugins`). Optional: without it
   * every start analyses and rewrites again (cheap for small modules). Compiled machine code itself cannot be
   * persisted on Node 20; V8 recompiles the cached bytes in milliseconds.
   */
  readonly moduleCache?: ModuleCache;
  /**
   * Which executor runs guests. Default `inline`: on the calling thread, with instrumented deadlines and asyncified
   * host calls (a warm call costs about a raw WebAssembly call). `worker` runs them in worker threads: a thread hop
   * per call and per host call, but CPU-heavy plugins then run in parallel and never hold the event loop. A module
   * the inline transform rejects runs on the worker executor whatever is chosen (with a warning in its log).
   */
  readonly executor?: ExecutorKind;
  /** Per-plugin choice of executor; `undefined` means {@link executor}. Read at compile and instantiation. */
  readonly executorFor?: (pluginId: string) => ExecutorKind | undefined;
  /**
   * Inline executor: longest stretch a guest computes before it yields to the event loop, in ms. Default 5, so no
   * plugin holds the event loop longer than that (a looping plugin holds it until its deadline otherwise).
   * 0 turns yielding off: tight guest loops then run 2-3x faster, at the price of blocking while they run.
   */
  readonly yieldSliceMs?: number;
  /**
   * Inline executor: bytes for a suspended call's saved frames. Default 16 KiB (about 2,000 AssemblyScript frames);
   * a call whose frames do not fit fails with GUEST_TRAP naming this option. Each suspension copies this many bytes.
   */
  readonly asyncifyStackBytes?: number;
  /**
   * Inline executor: make `compile` (and `instantiate` under another memory ceiling) wait until the module is
   * transformed, so every instance runs inline from the start. Default false: loading never waits for the
   * transform (it runs on a thread of its own, seconds for a large module); instances made before it is ready run
   * on the worker executor, later ones inline. Tests and benchmarks set it, or await `NodeEngine.whenInline`.
   */
  readonly awaitInline?: boolean;

  // Scheduling and deadlines
  /**
   * Inline executor: longest a guest's start function and `_initialize` may run on the calling thread, in ms.
   * Default 50. They cannot yield (the instance does not exist yet), so a module whose instantiation takes longer
   * is instantiated on the worker executor instead, this time and from then on, with what is left of the
   * instantiation's deadline: a start function that loops holds the event loop this long once, not for the whole
   * deadline.
   */
  readonly inlineStartBudgetMs?: number;
  /**
   * Ceiling on the elements of each table a module defines, written into the module as the table's maximum so
   * `table.grow` fails inside the guest (tables live outside linear memory, which the memory ceiling bounds).
   * Default `DEFAULT_MAX_TABLE_ELEMENTS` of `@ndp/ports` (100,000: under 1 MiB per table). A module whose table starts
   * larger does not compile (COMPILE_FAILED naming the numbers).
   */
  readonly maxTableElements?: number;
  /**
   * Worker executor: how many workers one plugin's calls (and instantiations) may hold at once. Default half of
   * {@link workers}, rounded down, at least 1: with 2 workers a plugin whose calls loop holds one and the other
   * plugins keep the other. Its further calls wait for its share, their deadline running. Values above
   * {@link workers} mean every worker.
   */
  readonly maxWorkersPerPlugin?: number;
}
