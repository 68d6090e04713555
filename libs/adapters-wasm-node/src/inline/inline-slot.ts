import { NdpError } from '@ndp/domain';
import { prepareInlineModule, type InlineModule, type InlineModuleSource } from './inline-module.js';
import { InlineTransformRejected } from './inline-transform.js';
import type { TransformThread } from './transform-thread.js';

const noop = (): void => undefined;

/**
 * The inline variant of one module (per hash, memory ceiling and yielding) as the engine sees it while it is made:
 * pending, then ready, rejected by the transform, or failed. The engine reads the state synchronously to choose
 * the executor of each new instance, so loading never waits for a transform.
 *
 * Guarantees: {@link known} resolves (never rejects) as soon as the answer is settled or a transform had to be
 * started, i.e. after the module cache and the process memo were consulted; {@link done} settles with the module,
 * the rejection, or rejects with COMPILE_FAILED for anything else (a damaged transform, a lost thread).
 * The slot holds the transform thread (keeps the process alive for it) until it settles or {@link release}.
 */
export class InlineSlot {
  module: InlineModule | undefined;
  rejection: InlineTransformRejected | undefined;
  failure: NdpError | undefined;
  readonly known: Promise<void>;
  readonly done: Promise<InlineModule | InlineTransformRejected>;
  private readonly releaseHold: () => void;

  constructor(source: InlineModuleSource, thread: TransformThread) {
    this.releaseHold = thread.hold();
    let signal: () => void = noop;
    this.known = new Promise<void>((resolve) => (signal = resolve));
    this.done = prepareInlineModule(source, { thread, onTransform: signal })
      .then(
        (module) => (this.module = module),
        (e: unknown) => {
          if (e instanceof InlineTransformRejected) return (this.rejection = e);
          throw (this.failure = new NdpError(
            'COMPILE_FAILED',
            `plugin.wasm cannot be prepared for inline execution: ${e instanceof Error ? e.message : String(e)}`,
            { cause: e },
          ));
        },
      )
      .finally(() => {
        signal();
        this.releaseHold();
      });
    this.done.catch(noop);
  }

  /** True once the transform answered one way or the other. */
  get settled(): boolean {
    return this.module !== undefined || this.rejection !== undefined || this.failure !== undefined;
  }

  /** Stops keeping the process alive for this slot (the engine closed); the transform itself still finishes. */
  release(): void {
    this.releaseHold();
  }
}
