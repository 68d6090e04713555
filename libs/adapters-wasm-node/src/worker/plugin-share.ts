/** A request waited for its plugin's share of the worker pool until its deadline, and never started. */
export class ShareDeadline extends Error {
  override readonly name = 'ShareDeadline';
  constructor(
    readonly limit: number,
    readonly waitedMs: number,
  ) {
    super(
      `it never started: it waited ${Math.round(waitedMs)} ms for a worker while the plugin's other calls held ` +
        `its whole share of the worker pool (${limit} worker${limit === 1 ? '' : 's'})`,
    );
  }
}

interface Waiter {
  readonly deadline: number;
  grant(): void;
  expire(): void;
}

/**
 * How many requests of one plugin may be on the worker pool at once. A plugin whose calls loop would otherwise
 * take every worker and starve all other plugins; past its share, its further requests wait here, in order, each
 * until its own deadline (set when its call started), and other plugins keep their workers.
 *
 * Guarantees: at most `limit` grants per plugin are outstanding; a freed grant goes to the oldest waiter of that
 * plugin; a waiter whose deadline passes is rejected with {@link ShareDeadline} and never granted.
 */
export class PluginShare {
  private readonly holding = new Map<string, number>();
  private readonly waiting = new Map<string, Waiter[]>();

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) {
      throw new RangeError(`a plugin's share of the worker pool must be at least 1 worker, got ${limit}`);
    }
  }

  /** Resolves with the function that gives the grant back (idempotent), once the plugin is under its share. */
  acquire(pluginId: string, deadline: number): Promise<() => void> {
    const held = this.holding.get(pluginId) ?? 0;
    if (held < this.limit) {
      this.holding.set(pluginId, held + 1);
      return Promise.resolve(this.releaser(pluginId));
    }
    const started = performance.now();
    return new Promise((resolve, reject) => {
      const queue = this.waiting.get(pluginId) ?? [];
      this.waiting.set(pluginId, queue);
      const waiter: Waiter = {
        deadline,
        grant: () => {
          clearTimeout(timer);
          resolve(this.releaser(pluginId));
        },
        expire: () => {
          clearTimeout(timer);
          reject(new ShareDeadline(this.limit, performance.now() - started));
        },
      };
      const timer = setTimeout(
        () => {
          const at = queue.indexOf(waiter);
          if (at >= 0) queue.splice(at, 1);
          if (queue.length === 0) this.waiting.delete(pluginId);
          waiter.expire();
        },
        Math.max(0, deadline - performance.now()),
      );
      queue.push(waiter);
    });
  }

  private releaser(pluginId: string): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const queue = this.waiting.get(pluginId);
      let next = queue?.shift();
      // A waiter whose deadline passed (its timer not run yet) gets no worker: it would start with no time left.
      while (next && next.deadline <= performance.now()) {
        next.expire();
        next = queue?.shift();
      }
      if (queue?.length === 0) this.waiting.delete(pluginId);
      // The grant passes straight to the next waiter: the plugin's count stays as it is.
      if (next) next.grant();
      else {
        const held = (this.holding.get(pluginId) ?? 1) - 1;
        if (held === 0) this.holding.delete(pluginId);
        else this.holding.set(pluginId, held);
      }
    };
  }
}
