import { NdpError, type ErrorCode } from '@ndp/domain';
import type { GuestCallOptions, GuestCallResult, InstanceOptions, PluginInstance } from '@ndp/ports';
import { GuestFailure, GuestOutputTooLarge } from '../kernel/guest-runtime.js';
import { InlineDeadline } from './inline-deadline.js';
import type { InlineGuest } from './inline-guest.js';
import type { ExecutorKind } from '../guest-executor.js';
import { missingExport } from '../missing-export.js';

const FAILURE_CODES: Record<GuestFailure['kind'], ErrorCode> = {
  trap: 'GUEST_TRAP',
  memory: 'GUEST_MEMORY_LIMIT',
  exit: 'GUEST_EXIT',
};

/**
 * Maps what an inline guest threw to the port's error codes, naming the plugin and what it was doing; `startedAt`
 * (a `performance.now()` reading) lets a timeout say how long the call really ran.
 */
export function inlineError(e: unknown, pluginId: string, what: string, startedAt?: number): NdpError {
  if (NdpError.is(e)) return e;
  const details = { pluginId, method: what };
  if (e instanceof InlineDeadline) {
    const took = startedAt === undefined ? undefined : Math.round(performance.now() - startedAt);
    const stopped = took === undefined ? '' : ` and was stopped after ${took} ms`;
    return new NdpError(
      'GUEST_TIMEOUT',
      `plugin "${pluginId}" ${what} ran past its ${e.timeoutMs} ms deadline${stopped}`,
      { cause: e, details: took === undefined ? details : { ...details, elapsedMs: took } },
    );
  }
  if (e instanceof GuestOutputTooLarge) {
    return new NdpError('GUEST_OUTPUT_TOO_LARGE', `plugin "${pluginId}" ${e.message}`, { cause: e, details });
  }
  if (e instanceof GuestFailure) {
    return new NdpError(FAILURE_CODES[e.kind], `plugin "${pluginId}" ${what}: ${e.message}`, {
      cause: e,
      details,
    });
  }
  const message = e instanceof Error ? e.message : String(e);
  return new NdpError('GUEST_TRAP', `plugin "${pluginId}" ${what}: ${message}`, { cause: e, details });
}

/**
 * An instance of the inline executor: the guest lives on the calling thread and a call costs about a raw
 * WebAssembly call plus the Extism kernel's work, with no thread hop.
 *
 * Guarantees: as {@link PluginInstance}; an overlapping second call is refused (INTERNAL) without breaking the
 * running one. A guest failure breaks the instance for good; an output over its cap does not.
 */
export class InlineInstance implements PluginInstance {
  /** Which executor runs this instance (for logs, tests and benchmarks). */
  readonly executor: ExecutorKind = 'inline';
  private isBroken = false;

  constructor(
    private readonly guest: InlineGuest,
    private readonly options: InstanceOptions,
    private readonly onClose: () => void,
  ) {}

  get broken(): boolean {
    return this.isBroken;
  }

  memoryBytes(): number {
    return this.guest.memoryBytes();
  }

  call(exportName: string, input: Uint8Array, options: GuestCallOptions): Promise<GuestCallResult> {
    const pluginId = this.options.pluginId;
    if (this.isBroken) {
      return Promise.reject(
        new NdpError('INTERNAL', `instance of plugin "${pluginId}" is broken and cannot be called`),
      );
    }
    if (this.guest.busy) {
      return Promise.reject(
        new NdpError('INTERNAL', `instance of plugin "${pluginId}" is already running a call`),
      );
    }
    if (!this.guest.hasExport(exportName)) return Promise.reject(missingExport(pluginId, exportName));
    // No await on the fast path: a call that did not suspend costs one resolved Promise, not a chain of them.
    let outcome: ReturnType<InlineGuest['call']>;
    const startedAt = performance.now();
    try {
      outcome = this.guest.call(exportName, input, options.timeoutMs);
    } catch (e) {
      return Promise.reject(this.fail(e, exportName, startedAt));
    }
    if (!(outcome instanceof Promise)) return Promise.resolve(this.settled(outcome));
    return outcome.then(
      (settled) => this.settled(settled),
      (e: unknown) => {
        throw this.fail(e, exportName, startedAt);
      },
    );
  }

  async close(): Promise<void> {
    this.breakInstance();
  }

  /** A call answered by `proc_exit(0)` is a success, but the guest program has ended: the instance goes. */
  private settled(outcome: GuestCallResult): GuestCallResult {
    if (this.guest.exited) this.breakInstance();
    return outcome;
  }

  private fail(e: unknown, exportName: string, startedAt: number): NdpError {
    // The guest is sound when only its answer was refused: it stays in the pool.
    if (!(e instanceof GuestOutputTooLarge)) this.breakInstance();
    return inlineError(e, this.options.pluginId, exportName, startedAt);
  }

  private breakInstance(): void {
    if (this.isBroken) return;
    this.isBroken = true;
    this.onClose();
  }
}
