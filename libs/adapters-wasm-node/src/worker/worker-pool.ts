import { GuestWorkerHandle, type GuestWorkerHost } from './guest-worker-handle.js';
import { PluginShare } from './plugin-share.js';

/**
 * A fixed number of guest workers. A worker that was terminated (deadline, crash) is replaced on the next
 * placement, so the pool always offers `size` live workers; instances are placed on an idle worker if there is
 * one, else on the least loaded one. Each plugin's requests hold at most `maxPerPlugin` workers at once
 * ({@link PluginShare}), so a plugin whose calls loop leaves the other workers to the other plugins.
 */
export class WorkerPool {
  private readonly workers: GuestWorkerHandle[] = [];
  /** Per-plugin admission to the workers. */
  readonly share: PluginShare;

  constructor(
    private readonly size: number,
    private readonly kernel: WebAssembly.Module,
    private readonly host: GuestWorkerHost,
    private readonly spinMs = 0,
    maxPerPlugin = size,
  ) {
    if (!Number.isInteger(size) || size < 1)
      throw new RangeError(`worker pool size must be a positive integer, got ${size}`);
    this.share = new PluginShare(maxPerPlugin);
  }

  /** An idle live worker (no call queued or running), else the live worker with the fewest instances. */
  place(): GuestWorkerHandle {
    this.replaceDead();
    return this.idleWorker() ?? this.leastLoaded();
  }

  /** A live worker with no call queued or running, if any (starting or replacing workers as needed). */
  idleWorker(): GuestWorkerHandle | undefined {
    this.replaceDead();
    let best: GuestWorkerHandle | undefined;
    for (const w of this.workers) if (!w.busy && (!best || w.instances < best.instances)) best = w;
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

  private replaceDead(): void {
    for (let i = 0; i < this.size; i++) {
      const w = this.workers[i];
      if (!w || !w.alive) this.workers[i] = new GuestWorkerHandle(this.kernel, this.host, this.spinMs);
    }
  }

  private leastLoaded(): GuestWorkerHandle {
    let best = this.workers[0]!;
    for (const w of this.workers) if (w.instances < best.instances) best = w;
    return best;
  }
}
