import { GuestWorkerHandle, type GuestWorkerHost } from './guest-worker-handle.js';
import { PluginShare } from './plugin-share.js';

/**
 * Room for one instance on one worker, reserved from the pool. The pool counts the seats of each worker to place
 * new instances on the least loaded one; {@link release} gives the seat back (idempotent).
 */
export interface WorkerSeat {
  readonly worker: GuestWorkerHandle;
  release(): void;
}

/**
 * A fixed number of guest workers and the bookkeeping of who runs where. A worker that was terminated (deadline,
 * crash) is replaced on the next placement, so the pool always offers `size` live workers; instances are seated
 * on an idle worker if there is one, else on the least loaded one. Each plugin's requests hold at most
 * `maxPerPlugin` workers at once ({@link PluginShare}), so a plugin whose calls loop leaves the other workers to
 * the other plugins.
 */
export class WorkerPool {
  private readonly workers: GuestWorkerHandle[] = [];
  /** Seats taken on each live worker. */
  private readonly seats = new Map<GuestWorkerHandle, number>();
  private readonly share: PluginShare;

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

  /**
   * Resolves, once the plugin is under its share of the workers, with the function that gives the grant back;
   * rejects with `ShareDeadline` when `deadline` passes first.
   */
  admit(pluginId: string, deadline: number): Promise<() => void> {
    return this.share.acquire(pluginId, deadline);
  }

  /** A seat on an idle live worker (no call queued or running), else on the live worker with the fewest seats. */
  seat(): WorkerSeat {
    this.replaceDead();
    return this.seatOn(this.idleWorker() ?? this.leastLoaded());
  }

  /**
   * Where an instance seated at `current` should run its next call: undefined to stay (its worker is alive and
   * free, or busy with no other worker free); a new seat when its worker is gone, or when that worker is taken
   * (by another instance's long call) while another one is idle. The caller releases `current` when it moves.
   */
  reseat(current: WorkerSeat | undefined): WorkerSeat | undefined {
    if (!current?.worker.alive) return this.seat();
    if (!current.worker.busy) return undefined;
    this.replaceDead();
    const idle = this.idleWorker();
    return idle && this.seatOn(idle);
  }

  /** Number of live workers (for metrics). */
  get liveWorkers(): number {
    return this.workers.filter((w) => w.alive).length;
  }

  /** Terminates every worker. */
  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
    this.workers.length = 0;
    this.seats.clear();
  }

  private seatOn(worker: GuestWorkerHandle): WorkerSeat {
    this.seats.set(worker, (this.seats.get(worker) ?? 0) + 1);
    let released = false;
    return {
      worker,
      release: () => {
        if (released) return;
        released = true;
        const left = (this.seats.get(worker) ?? 1) - 1;
        if (left > 0) this.seats.set(worker, left);
        else this.seats.delete(worker);
      },
    };
  }

  private seatsOf(worker: GuestWorkerHandle): number {
    return this.seats.get(worker) ?? 0;
  }

  private idleWorker(): GuestWorkerHandle | undefined {
    let best: GuestWorkerHandle | undefined;
    for (const w of this.workers) if (!w.busy && (!best || this.seatsOf(w) < this.seatsOf(best))) best = w;
    return best;
  }

  private replaceDead(): void {
    for (let i = 0; i < this.size; i++) {
      const w = this.workers[i];
      if (w && w.alive) continue;
      if (w) this.seats.delete(w);
      this.workers[i] = new GuestWorkerHandle(this.kernel, this.host, this.spinMs);
    }
  }

  private leastLoaded(): GuestWorkerHandle {
    let best = this.workers[0]!;
    for (const w of this.workers) if (this.seatsOf(w) < this.seatsOf(best)) best = w;
    return best;
  }
}
