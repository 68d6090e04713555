import {
  GuestFailure,
  GuestOutputTooLarge,
  GuestRuntime,
  type GuestOutcome,
  type GuestRuntimeOptions,
} from '../kernel/guest-runtime.js';
import { AsyncifyStack } from './asyncify-stack.js';
import { INLINE_ABI } from './inline-abi.js';
import { InlineDeadline } from './inline-deadline.js';
import { DeadlineWatch, type Watched } from './deadline-watch.js';

/** Everything an {@link InlineGuest} needs: the runtime's options plus the inline driver's own. */
export interface InlineGuestOptions extends Omit<GuestRuntimeOptions, 'hostCall' | 'extraImports'> {
  /** A granted host function; a returned Promise suspends the guest until it settles. */
  readonly hostCall: (importName: string, request: Uint8Array) => Uint8Array | Promise<Uint8Array>;
  /**
   * Longest run of guest code between two visits to the event loop, in ms; 0 = never yield. Must match the
   * module variant: only a module transformed with yielding can suspend in its deadline check.
   */
  readonly yieldSliceMs: number;
  /** Bytes for asyncify's saved frames (AssemblyScript ~8 B per frame, Go ~124 B per suspension). */
  readonly asyncifyStackBytes: number;
  /** Deadline of instantiation (the start function and `_initialize` run instrumented too). */
  readonly instantiateTimeoutMs: number;
  /** The timer that expires suspended calls; default one shared by every guest that is given none. */
  readonly deadlines?: DeadlineWatch | undefined;
}

let defaultDeadlines: DeadlineWatch | undefined;

/** Fuel ticks between two deadline checks: the clock is read once per 10k function entries or loop turns. */
const FUEL = 10_000;
const EMPTY = new Uint8Array(0);
const noop = (): void => undefined;
/** The name of a suspension that only lets the event loop turn (no host function is waited for). */
const YIELD = 'yield';

/**
 * One guest instance run on the calling thread by the inline executor.
 *
 * Deadlines: the transformed guest calls our check whenever its fuel runs out; the check reads the clock and throws
 * {@link InlineDeadline} past the deadline. The clock starts lazily at the first check or suspension of a call, so
 * a call that needs neither reads no clock at all (its error is at most one fuel period, microseconds).
 * Async host functions: a Promise answer unwinds the guest (asyncify), the driver awaits it outside the guest with
 * the remaining deadline, then rewinds the same instance and hands the value to the import. With yielding, the check
 * also unwinds once a slice is used up and resumes on a later macrotask, so the event loop keeps turning.
 *
 * Guarantees: a call that never suspends settles synchronously (no Promise is made); one call at a time (a second
 * overlapping call throws, the pool gives concurrency); after any throw the instance must be discarded.
 * Does not guarantee: a stack depth (guests share the thread's stack; overflow is a trap).
 */
export class InlineGuest {
  private readonly runtime: GuestRuntime;
  private fuel: WebAssembly.Global | undefined;
  private readonly stack: AsyncifyStack | undefined;
  private readonly sliceMs: number;
  private timeoutMs: number;
  private clockStart = 0;
  private initTicks = 0;
  private sliceStart = 0;
  private inCall = false;
  private running = false;
  private rewinding = false;
  private pending: Promise<Uint8Array> | undefined;
  private pendingName = '';
  private resumeValue: Uint8Array = EMPTY;
  private readonly deadlines: DeadlineWatch;
  /** The suspended call: what to re-enter and how to settle it. */
  private fn: () => unknown = noop;
  private exportName = '';
  private settleCall: ((outcome: GuestOutcome) => void) | undefined;
  private failCall: ((e: unknown) => void) | undefined;
  /** Bumped whenever a suspension ends, so a late host answer or expiry for an earlier one is ignored. */
  private suspension = 0;
  private readonly watchEntry: Watched = { expiresAt: 0, expire: () => this.expired() };

  constructor(private readonly options: InlineGuestOptions) {
    this.sliceMs = options.yieldSliceMs;
    this.timeoutMs = options.instantiateTimeoutMs;
    this.deadlines = options.deadlines ?? (defaultDeadlines ??= new DeadlineWatch());
    try {
      this.runtime = new GuestRuntime({
        ...options,
        hostCall: (name, request) => this.hostCall(name, request),
        extraImports: { [INLINE_ABI.module]: { [INLINE_ABI.check]: () => this.check() } },
      });
    } catch (e) {
      if (e instanceof GuestFailure && e.cause instanceof InlineDeadline) throw e.cause;
      throw e;
    }
    const fuel = this.runtime.exported(INLINE_ABI.fuelExport);
    this.fuel = fuel instanceof WebAssembly.Global ? fuel : undefined;
    const memory = this.runtime.exported(INLINE_ABI.memoryExport);
    this.stack =
      memory instanceof WebAssembly.Memory
        ? AsyncifyStack.of((n) => this.runtime.exported(n), memory, options.asyncifyStackBytes)
        : undefined;
  }

  /** True while a call runs or is suspended. */
  get busy(): boolean {
    return this.running;
  }

  /** Bytes of linear memory the instance holds (guest memory plus its Extism memory). */
  memoryBytes(): number {
    return this.runtime.memoryBytes();
  }

  /** Whether the guest exports a function of that name (a call to anything else would fail before running). */
  hasExport(name: string): boolean {
    return this.runtime.hasExport(name);
  }

  /** True once a call ended in `proc_exit(0)`: it was answered, but the instance must not be called again. */
  get exited(): boolean {
    return this.runtime.exited;
  }

  /**
   * Calls an export. Answers synchronously when the guest never suspended, else a Promise. Throws or rejects with
   * {@link InlineDeadline} or {@link GuestFailure}; the instance is unusable afterwards.
   */
  call(exportName: string, input: Uint8Array, timeoutMs: number): GuestOutcome | Promise<GuestOutcome> {
    if (this.running)
      throw new Error('the instance is busy with another call (inline instances are not re-entrant)');
    const fn = this.runtime.begin(exportName, input);
    this.timeoutMs = timeoutMs;
    this.clockStart = 0;
    this.running = true;
    this.inCall = true;
    let rc: unknown;
    try {
      rc = fn();
    } catch (e) {
      this.idle();
      const exited = this.exitOutcome(exportName, e);
      if (exited) return exited;
      throw this.failure(e);
    }
    if (this.pending === undefined) {
      this.idle();
      return this.runtime.settle(exportName, rc);
    }
    this.fn = fn;
    this.exportName = exportName;
    // Settled by callbacks rather than an async loop: a suspension then costs one `then`, no timer and no race.
    return new Promise<GuestOutcome>((resolve, reject) => {
      this.settleCall = resolve;
      this.failCall = reject;
      this.suspended();
    });
  }

  /** The export returned unwound: parks the frames and waits for the value outside the guest. */
  private suspended(): void {
    try {
      this.stack!.unwound();
    } catch (e) {
      this.fail(e);
      return;
    }
    const pending = this.pending!;
    const name = this.pendingName;
    this.pending = undefined;
    if (this.clockStart === 0) this.clockStart = this.sliceStart = performance.now();
    const suspension = ++this.suspension;
    this.watchEntry.expiresAt = this.clockStart + this.timeoutMs;
    this.deadlines.watch(this.watchEntry);
    pending.then(
      (value) => {
        if (suspension !== this.suspension) return;
        // A host answer usually settles in a microtask: resuming there would never let the event loop turn, so
        // once the slice is used up the guest resumes on the next macrotask instead.
        if (name === YIELD || !this.sliceUsedUp()) {
          this.resumeWith(value, name === YIELD);
          return;
        }
        setImmediate(() => {
          if (suspension === this.suspension) this.resumeWith(value, true);
        });
      },
      (e: unknown) => {
        if (suspension !== this.suspension) return;
        this.suspension++;
        this.deadlines.unwatch(this.watchEntry);
        const why = e instanceof Error ? e.message : String(e);
        this.fail(new GuestFailure('trap', `host function ${name} failed: ${why}`, { cause: e }));
      },
    );
  }

  /**
   * The value arrived: re-enters the guest, which either finishes or suspends again. `afterTurn`: the event loop
   * turned while it waited, so a new slice begins (a host answer in a microtask does not start one).
   */
  private resumeWith(value: Uint8Array, afterTurn: boolean): void {
    this.suspension++;
    this.deadlines.unwatch(this.watchEntry);
    // The guest may have been suspended right at its deadline: awaiting does not stop the clock.
    if (performance.now() - this.clockStart > this.timeoutMs) {
      this.fail(new InlineDeadline(this.timeoutMs));
      return;
    }
    let outcome: GuestOutcome;
    try {
      this.resumeValue = value;
      this.stack!.rewind();
      this.rewinding = true;
      if (afterTurn) this.sliceStart = performance.now();
      const rc = this.fn();
      if (this.pending !== undefined) {
        this.suspended();
        return;
      }
      outcome = this.runtime.settle(this.exportName, rc);
    } catch (e) {
      const exited = this.exitOutcome(this.exportName, e);
      if (!exited) {
        this.fail(e);
        return;
      }
      outcome = exited;
    }
    const settle = this.settleCall!;
    this.release();
    settle(outcome);
  }

  /** The answer of a call that ended in `proc_exit(0)`, or undefined when `e` is any other failure. */
  private exitOutcome(exportName: string, e: unknown): GuestOutcome | undefined {
    if (this.pending !== undefined) return undefined;
    return this.runtime.exitOutcome(exportName, e);
  }

  /** The deadline passed while the guest waited for a host value. */
  private expired(): void {
    this.suspension++;
    this.fail(new InlineDeadline(this.timeoutMs));
  }

  private fail(e: unknown): void {
    const reject = this.failCall;
    const error = this.failure(e);
    this.release();
    reject?.(error);
  }

  private release(): void {
    this.settleCall = undefined;
    this.failCall = undefined;
    this.fn = noop;
    this.idle();
  }

  private hostCall(name: string, request: Uint8Array): Uint8Array {
    if (this.rewinding) return this.rewound();
    const reply = this.options.hostCall(name, request);
    if (!(reply instanceof Promise)) {
      // A guest looping over synchronous host calls reaches its fuel check rarely (each turn costs a host call):
      // the slice is also measured here, and used up the guest yields with the answer in hand.
      if (!this.sliceUsedUp()) return reply;
      this.suspend(new Promise((resolve) => setImmediate(resolve, reply)), YIELD);
      return EMPTY;
    }
    if (!this.stack || !this.inCall) {
      reply.catch(noop);
      throw new Error(`host function ${name} answered asynchronously where the guest cannot be suspended`);
    }
    this.suspend(reply, name);
    return EMPTY;
  }

  private check(): void {
    if (this.rewinding) {
      this.rewound();
      return;
    }
    if (this.fuel) this.fuel.value = FUEL;
    // While the start function runs the fuel global is not reachable yet, so every tick lands here.
    else if (++this.initTicks % FUEL !== 0) return;
    const now = performance.now();
    if (this.clockStart === 0) {
      this.clockStart = now;
      this.sliceStart = now;
      return;
    }
    if (now - this.clockStart > this.timeoutMs) throw new InlineDeadline(this.timeoutMs);
    if (this.sliceMs > 0 && this.inCall && this.stack && now - this.sliceStart >= this.sliceMs) {
      this.suspend(new Promise((resolve) => setImmediate(resolve, EMPTY)), YIELD);
    }
  }

  /** Whether the running call has computed for its whole slice since the event loop last turned. */
  private sliceUsedUp(): boolean {
    if (this.sliceMs <= 0 || !this.inCall || !this.stack) return false;
    const now = performance.now();
    if (this.clockStart === 0) {
      this.clockStart = this.sliceStart = now;
      return false;
    }
    return now - this.sliceStart >= this.sliceMs;
  }

  private suspend(pending: Promise<Uint8Array>, name: string): void {
    this.pending = pending;
    this.pendingName = name;
    this.stack!.unwind();
  }

  /** The suspended import is entered again at the end of a rewind: the guest runs normally from here. */
  private rewound(): Uint8Array {
    this.rewinding = false;
    this.stack!.rewound();
    const value = this.resumeValue;
    this.resumeValue = EMPTY;
    return value;
  }

  private idle(): void {
    this.running = false;
    this.inCall = false;
    this.rewinding = false;
  }

  private failure(e: unknown): InlineDeadline | GuestFailure | GuestOutputTooLarge {
    const unwinding = this.pending !== undefined;
    this.pending?.catch(noop);
    this.pending = undefined;
    if (e instanceof InlineDeadline || e instanceof GuestOutputTooLarge) return e;
    // Asyncify traps with `unreachable` when the frames do not fit; as a bare trap that would read as a guest bug.
    if (unwinding && e instanceof WebAssembly.RuntimeError) {
      return new GuestFailure(
        'trap',
        `the suspended call's frames overflowed the ${this.options.asyncifyStackBytes}-byte asyncify stack ` +
          `(raise the engine's asyncifyStackBytes, or run the plugin on the worker executor)`,
        { cause: e },
      );
    }
    if (e instanceof GuestFailure && e.cause instanceof InlineDeadline) return e.cause;
    return this.runtime.failure(e);
  }
}
