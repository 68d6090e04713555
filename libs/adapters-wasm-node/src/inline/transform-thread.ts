import { Worker } from 'node:worker_threads';
import { InlineTransformRejected } from './inline-transform.js';
import type { TransformReply, TransformRequest } from './transform-messages.js';

/** How long an idle transform thread lives on: binaryen holds hundreds of MB after a large module. */
const IDLE_MS = 2_000;

interface Job {
  resolve(bytes: Uint8Array): void;
  reject(e: Error): void;
}

/**
 * Resolves where the compiled transform thread entry lives: beside this file when built; when the TypeScript
 * sources run directly (tests), in `dist-worker/`, which `tsconfig.worker.json` compiles (as for the guest worker).
 */
function transformEntryUrl(): URL {
  return import.meta.url.endsWith('.ts')
    ? new URL('../../dist-worker/inline/transform-worker.js', import.meta.url)
    : new URL('./transform-worker.js', import.meta.url);
}

/**
 * The thread that runs the inline transform (binaryen.js), started on the first job and stopped after
 * {@link IDLE_MS} without one. Jobs run one at a time in arrival order.
 *
 * Guarantees: the calling thread never runs binaryen; a module binaryen refuses rejects with
 * {@link InlineTransformRejected}, anything else (the thread died) with a plain `Error`, and the next job starts a
 * fresh thread. The thread keeps the process alive only while someone {@link hold}s it, so a process that has
 * nothing left to do is not kept running by a transform nobody waits for.
 * Does not guarantee: any order between jobs of different callers beyond arrival order, nor a bound on a job's time.
 */
export class TransformThread {
  private worker: Worker | undefined;
  private readonly jobs = new Map<number, Job>();
  private nextId = 1;
  private holds = 0;
  private idleTimer: NodeJS.Timeout | undefined;

  /** Transforms a module for the inline executor (see `transformForInline`) on the transform thread. */
  transform(bytes: Uint8Array, yielding: boolean): Promise<Uint8Array> {
    const worker = this.start();
    const id = this.nextId++;
    const request: TransformRequest = { id, bytes: bytes.slice(), yielding };
    return new Promise<Uint8Array>((resolve, reject) => {
      this.jobs.set(id, { resolve, reject });
      worker.postMessage(request, [request.bytes.buffer as ArrayBuffer]);
    });
  }

  /**
   * Marks that someone waits for a job's result, so the process must not exit before it is done. Returns the
   * release (idempotent).
   */
  hold(): () => void {
    this.holds++;
    this.worker?.ref();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      if (--this.holds === 0) this.worker?.unref();
    };
  }

  /** Number of jobs sent and not answered yet (for tests). */
  get pending(): number {
    return this.jobs.size;
  }

  private start(): Worker {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
    if (this.worker) return this.worker;
    const worker = new Worker(transformEntryUrl());
    if (this.holds === 0) worker.unref();
    worker.on('message', (reply: TransformReply) => this.answer(reply));
    worker.on('error', (e) => this.lost(worker, e));
    worker.on('exit', (code) => this.lost(worker, new Error(`the transform thread exited (code ${code})`)));
    this.worker = worker;
    return worker;
  }

  private answer(reply: TransformReply): void {
    const job = this.jobs.get(reply.id);
    if (!job) return;
    this.jobs.delete(reply.id);
    if (reply.ok) job.resolve(reply.bytes);
    else if (reply.rejected) job.reject(new InlineTransformRejected(reply.message));
    else job.reject(new Error(reply.message));
    if (this.jobs.size === 0) this.scheduleStop();
  }

  private scheduleStop(): void {
    this.idleTimer = setTimeout(() => {
      this.idleTimer = undefined;
      const worker = this.worker;
      if (!worker || this.jobs.size > 0) return;
      this.worker = undefined;
      void worker.terminate();
    }, IDLE_MS);
    this.idleTimer.unref();
  }

  private lost(worker: Worker, e: Error): void {
    if (this.worker !== worker) return;
    this.worker = undefined;
    const jobs = [...this.jobs.values()];
    this.jobs.clear();
    for (const job of jobs) job.reject(e);
  }
}

let shared: TransformThread | undefined;

/** The process's transform thread: transforms are memoised per process, so one thread serves every engine. */
export function sharedTransformThread(): TransformThread {
  shared ??= new TransformThread();
  return shared;
}
