import { GuestWorkerHandle, type GuestWorkerHost } from './guest-worker-handle.js';

/**
 * A fixed number of guest workers. A worker that was terminated (deadline, crash) is replaced on the next
 * placement, so the pool always offers `size` live workers; instances are placed on the least loaded one.
 */
export class WorkerPool {
  private readonly workers: GuestWorkerHandle[] = [];

  constructor(
    private readonly size: number,
    private readonly kernel: WebAssembly.Module,
    private readonly host: GuestWorkerHost,
    private readonly spinMs = 0,
  ) {
    if (!Number.isInteger(size) || size < 1)
      throw new RangeError(`worker pool size must be a positive integer, got ${size}`);
  }

  /** The live worker with the fewest instances, starting or replacing workers as needed. */
  place(): GuestWorkerHandle {
    for (let i = 0; i < this.size; i++) {
      const w = this.workers[i];
      if (!w || !w.alive) this.workers[i] = new GuestWorkerHandle(this.kernel, this.host, this.spinMs);
    }
    let best = this.workers[0]!;
    for (const w of this.workers) if (w.instances < best.instances) best = w;
    return best;
  }

  /** Number of live workers (for metrics). */
  get liveWorkers(): number {
    return this.workers.filter((w) => w.alive).length;
  }

  /** Terminates every worker. */
  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
    this.workers.length = 0;
  }
}
