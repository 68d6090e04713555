import { NdpError, parseScheduleExpression } from '@ndp/domain';
import type {
  Logger,
  ScheduleFire,
  ScheduleFireHandler,
  ScheduleInfo,
  ScheduleOnceRequest,
  Scheduler,
  ScheduleRecurringRequest,
} from '@ndp/ports';
import { Queue, Worker, type Job, type JobsOptions } from 'bullmq';
import { Redis } from 'ioredis';
import {
  closeRedis,
  connectRedis,
  DEFAULT_CONNECT_TIMEOUT_MS,
  messageOf,
  redisCall,
  redisClientOptions,
  type RedisConnectionOptions,
} from '../connection/redis-connection.js';
import { CLAIM_SCRIPT, SWAP_SCRIPT, TAKE_ALL_SCRIPT, TAKE_SCRIPT, UNDO_SCRIPT } from './claim-script.js';
import {
  generationKey,
  jobSchedulerId,
  onceJobId,
  parseEntry,
  registryKey,
  type RegistryEntry,
} from './schedule-ids.js';

/** Options of {@link BullMqScheduler}. Every field but `url` has a default. */
export interface BullMqSchedulerOptions extends RedisConnectionOptions {
  /** The first segment of every key (BullMQ's `prefix`, and the registry's). Default `ndp`. */
  readonly prefix?: string;
  /** This node's name, for Redis client names and logs. Default `node`. */
  readonly nodeId?: string;
  /** IANA time zone of cron and descriptor schedules. Default: the process's zone. */
  readonly timeZone?: string;
  /** Firings this node runs at once. Default 16. */
  readonly concurrency?: number;
  /**
   * How long a node holds a running firing before other nodes may take it over, in ms (BullMQ `lockDuration`;
   * the lock is renewed while the handler runs). Default 30,000. A node that dies mid-callback has its firing
   * delivered again on another node after about `lockDurationMs + stalledIntervalMs`.
   */
  readonly lockDurationMs?: number;
  /** How often a node looks for firings whose node died, in ms (BullMQ `stalledInterval`). Default 30,000. */
  readonly stalledIntervalMs?: number;
  /**
   * How long the done marker of a firing is kept, in ms; a re-run of a completed firing within this time is
   * never delivered. Default 3,600,000 (1 h), far above `lockDurationMs + stalledIntervalMs`.
   */
  readonly dedupeTtlMs?: number;
  /** How long `close` waits for running handlers before abandoning them to other nodes, in ms. Default 10,000. */
  readonly closeTimeoutMs?: number;
  /** Completed and failed BullMQ jobs kept for inspection (each). Default 100. */
  readonly keepJobs?: number;
  /** Receives the errors of fire handlers (the firing is not retried). Default: `logger.error`, when given. */
  readonly onError?: (error: unknown, fire: ScheduleFire) => void;
  /** Logs failed, skipped and abandoned firings. Default: none. */
  readonly logger?: Logger;
}

/** The default of {@link BullMqSchedulerOptions.prefix}. */
export const DEFAULT_SCHEDULER_PREFIX = 'ndp';
const QUEUE_NAME = 'schedules';
const JOB_NAME = 'fire';
const DEFAULTS = {
  concurrency: 16,
  lockDurationMs: 30_000,
  stalledIntervalMs: 30_000,
  dedupeTtlMs: 3_600_000,
  closeTimeoutMs: 10_000,
  keepJobs: 100,
} as const;

/** What a BullMQ job carries: the schedule and its generation, the payload in base64. */
interface FireData {
  readonly p: string;
  readonly s: string;
  readonly g: number;
  readonly k: 'once' | 'recurring';
  readonly b: string;
}

/**
 * The cluster {@link Scheduler} on BullMQ: a one-time schedule is a delayed job with a deterministic id, a
 * recurring one a BullMQ job scheduler (`upsertJobScheduler`: `pattern` for cron and descriptors, `every` for
 * `@every`), all in one queue that every node works on. A small registry hash per plugin in Redis lists the
 * plugin's schedules, with a generation per schedule so that a replaced or cancelled schedule can never fire.
 *
 * Firing semantics (each tested):
 * - every firing is delivered, on exactly one node while nodes stay up;
 * - a completed firing is never delivered again, even when BullMQ runs its job again (a stalled job, a retry):
 *   a done marker per job id (`repeat:<scheduler>:<slot>` for recurring firings) is set in Redis when the handler
 *   has settled, and checked atomically before any delivery (kept `dedupeTtlMs`);
 * - a firing whose node died mid-callback (process killed, or `close` gave up waiting) is delivered once more,
 *   on another node, by BullMQ's stalled-job recovery, after about `lockDurationMs + stalledIntervalMs`;
 * - schedules live in Redis: they survive the restart of any node and, with AOF on, of Redis itself;
 * - `cancel`, `cancelAll` and replacement act cluster-wide, whichever node made the schedule.
 * A handler that rejects is logged; its firing counts as delivered and is not retried.
 * Does not guarantee: that a firing is never delivered twice when its first node is alive but stalls longer than
 * `lockDurationMs` (its event loop blocked) — the lock then moves while the handler still runs; exact timing; or
 * catching up recurring firings missed while no node ran.
 *
 * @example
 * ```ts
 * const scheduler = await BullMqScheduler.connect({ url: 'redis://127.0.0.1:6379', prefix: 'ndp', nodeId: 'a' });
 * scheduler.onFire((fire) => dispatch.onSchedulerCallback(fire.pluginId, fire));
 * await scheduler.start();
 * ```
 */
export class BullMqScheduler implements Scheduler {
  private readonly prefix: string;
  private readonly settings: typeof DEFAULTS;
  private readonly running = new Set<Promise<void>>();
  private worker: Worker<FireData> | undefined;
  private workerClient: Redis | undefined;
  private handler: ScheduleFireHandler | undefined;
  private started = false;
  private closed = false;

  private constructor(
    private readonly client: Redis,
    private readonly queue: Queue<FireData>,
    private readonly options: BullMqSchedulerOptions,
    settings: typeof DEFAULTS,
  ) {
    this.prefix = options.prefix ?? DEFAULT_SCHEDULER_PREFIX;
    this.settings = settings;
  }

  /** Connects, failing with `REDIS_UNAVAILABLE` (naming the URL) when Redis cannot be reached at start. */
  static async connect(options: BullMqSchedulerOptions): Promise<BullMqScheduler> {
    const settings = { ...DEFAULTS };
    for (const name of Object.keys(DEFAULTS) as (keyof typeof DEFAULTS)[]) {
      const value = options[name];
      if (value === undefined) continue;
      if (!Number.isInteger(value) || value <= 0) {
        throw new NdpError(
          'CONFIG_INVALID',
          `BullMqScheduler option ${name} must be a positive integer, got ${value}`,
        );
      }
      settings[name] = value as never;
    }
    if (options.timeZone !== undefined) {
      try {
        new Intl.DateTimeFormat('en-US', { timeZone: options.timeZone });
      } catch (cause) {
        throw new NdpError('CONFIG_INVALID', `unknown time zone "${options.timeZone}" for the scheduler`, {
          cause,
        });
      }
    }
    const prefix = options.prefix ?? DEFAULT_SCHEDULER_PREFIX;
    if (prefix === '' || prefix.includes(':')) {
      throw new NdpError(
        'CONFIG_INVALID',
        `BullMqScheduler prefix must be non-empty and without ":", got "${prefix}"`,
      );
    }
    const client = await connectRedis(options, { name: `ndp-scheduler-${options.nodeId ?? 'node'}` });
    const queue = new Queue<FireData>(QUEUE_NAME, { connection: client, prefix });
    queue.on('error', (error) => options.logger?.warn('scheduler queue error', { error: messageOf(error) }));
    return new BullMqScheduler(client, queue, options, settings);
  }

  async scheduleOnce(request: ScheduleOnceRequest): Promise<void> {
    this.assertOpen();
    const { pluginId, scheduleId } = request;
    const delay = Math.max(0, Math.ceil(request.delayMs));
    await this.call('schedule a one-time firing', async () => {
      const gen = await this.nextGeneration();
      const entry: RegistryEntry = { kind: 'once', gen, dueAt: Date.now() + delay };
      const old = await this.swap(pluginId, scheduleId, entry);
      try {
        if (old) await this.removeArtifacts(pluginId, scheduleId, old, 'once');
        await this.queue.add(JOB_NAME, this.data(request, gen, 'once'), {
          ...this.jobOptions(),
          jobId: onceJobId(pluginId, scheduleId, gen),
          delay,
        });
      } catch (error) {
        await this.undo(pluginId, scheduleId, gen);
        throw error;
      }
    });
  }

  async scheduleRecurring(request: ScheduleRecurringRequest): Promise<void> {
    this.assertOpen();
    const { pluginId, scheduleId, expression } = request;
    const parsed = parseScheduleExpression(expression);
    if (!parsed.ok) {
      throw new NdpError('SCHEDULE_INVALID', `invalid schedule expression: ${parsed.error}`, {
        details: { pluginId, scheduleId },
      });
    }
    const repeat =
      parsed.value.kind === 'every'
        ? // The first firing one interval from now, as in-process and in the original host (BullMQ would fire at once).
          { every: parsed.value.intervalMs, startDate: Date.now() + parsed.value.intervalMs }
        : {
            pattern: parsed.value.pattern,
            ...(this.options.timeZone === undefined ? {} : { tz: this.options.timeZone }),
          };
    await this.call('schedule a recurring firing', async () => {
      const gen = await this.nextGeneration();
      const old = await this.swap(pluginId, scheduleId, { kind: 'recurring', gen, expression });
      try {
        if (old) await this.removeArtifacts(pluginId, scheduleId, old, 'recurring');
        // Upserting the same scheduler id replaces its pattern and data: no window without a schedule.
        await this.queue.upsertJobScheduler(jobSchedulerId(pluginId, scheduleId), repeat, {
          name: JOB_NAME,
          data: this.data(request, gen, 'recurring'),
          opts: this.jobOptions(),
        });
      } catch (error) {
        await this.undo(pluginId, scheduleId, gen);
        throw error;
      }
    });
  }

  async cancel(pluginId: string, scheduleId: string): Promise<boolean> {
    this.assertOpen();
    return this.call('cancel a schedule', async () => {
      const raw = (await this.client.eval(TAKE_SCRIPT, 1, registryKey(this.prefix, pluginId), scheduleId)) as
        | string
        | null;
      const old = parseEntry(raw);
      if (!old) return false;
      await this.removeArtifacts(pluginId, scheduleId, old, undefined);
      return true;
    });
  }

  async cancelAll(pluginId: string): Promise<void> {
    this.assertOpen();
    await this.call('cancel a plugin’s schedules', async () => {
      const flat = (await this.client.eval(
        TAKE_ALL_SCRIPT,
        1,
        registryKey(this.prefix, pluginId),
      )) as string[];
      const removals: Promise<void>[] = [];
      for (let i = 0; i + 1 < flat.length; i += 2) {
        const entry = parseEntry(flat[i + 1]);
        if (entry) removals.push(this.removeArtifacts(pluginId, flat[i]!, entry, undefined));
      }
      await Promise.all(removals);
    });
  }

  async list(pluginId: string): Promise<ScheduleInfo[]> {
    this.assertOpen();
    return this.call('list schedules', async () => {
      const all = await this.client.hgetall(registryKey(this.prefix, pluginId));
      const infos = Object.entries(all).map(async ([scheduleId, raw]): Promise<ScheduleInfo | undefined> => {
        const entry = parseEntry(raw);
        if (!entry) return undefined;
        if (entry.kind === 'once') {
          return {
            scheduleId,
            isRecurring: false,
            ...(entry.dueAt === undefined ? {} : { nextFireAt: entry.dueAt }),
          };
        }
        const scheduler = await this.queue.getJobScheduler(jobSchedulerId(pluginId, scheduleId));
        return {
          scheduleId,
          isRecurring: true,
          ...(entry.expression === undefined ? {} : { expression: entry.expression }),
          ...(scheduler?.next === undefined ? {} : { nextFireAt: scheduler.next }),
        };
      });
      return (await Promise.all(infos)).filter((info): info is ScheduleInfo => info !== undefined);
    });
  }

  onFire(handler: ScheduleFireHandler): void {
    this.handler = handler;
  }

  async start(): Promise<void> {
    this.assertOpen();
    if (this.started) return;
    this.started = true;
    const s = this.settings;
    const workerClient = new Redis(
      this.options.url,
      redisClientOptions(this.options, {
        name: `ndp-scheduler-worker-${this.options.nodeId ?? 'node'}`,
        blocking: true,
      }),
    );
    workerClient.on('error', () => undefined); // reported through the worker's own 'error' events
    this.workerClient = workerClient;
    const worker = new Worker<FireData>(QUEUE_NAME, (job) => this.track(this.process(job)), {
      connection: workerClient,
      prefix: this.prefix,
      autorun: false,
      concurrency: s.concurrency,
      lockDuration: s.lockDurationMs,
      stalledInterval: s.stalledIntervalMs,
      // One recovery per firing: a firing whose node died is delivered once more, not in a loop.
      maxStalledCount: 1,
    });
    worker.on('error', (error) =>
      this.options.logger?.warn('scheduler worker error', { error: messageOf(error) }),
    );
    worker.on('failed', (job, error) =>
      this.options.logger?.warn('scheduler job failed', { jobId: job?.id, error: messageOf(error) }),
    );
    this.worker = worker;
    void worker
      .run()
      .catch((error: unknown) =>
        this.options.logger?.error('scheduler worker stopped', { error: messageOf(error) }),
      );
    // The worker's connection waits for Redis for ever (as BullMQ requires); `start` itself must not.
    const timeoutMs = this.options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      await redisCall(this.options.url, 'start the scheduler worker', () =>
        Promise.race([
          worker.waitUntilReady().then(() => undefined),
          new Promise<never>((_, reject) => {
            timer = setTimeout(() => reject(new Error(`not ready within ${timeoutMs} ms`)), timeoutMs);
          }),
        ]).finally(() => clearTimeout(timer)),
      );
    } catch (error) {
      // Back to "not started", so the caller may call `start` again once Redis is back.
      this.worker = undefined;
      this.workerClient = undefined;
      this.started = false;
      await worker.close(true).catch(() => undefined);
      await closeRedis(workerClient);
      throw error;
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const worker = this.worker;
    if (worker) {
      // Take no new firings, give the running ones `closeTimeoutMs`, then abandon the rest: their locks lapse
      // and BullMQ hands them to another node.
      await worker.pause(true).catch(() => undefined);
      const drained = Promise.all([...this.running]).then(() => true);
      const timedOut = new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(false), this.settings.closeTimeoutMs);
        void drained.then(() => clearTimeout(timer));
      });
      if (!(await Promise.race([drained, timedOut]))) {
        this.options.logger?.warn(
          'scheduler closed with firings still running; other nodes will run them again',
          {
            running: this.running.size,
          },
        );
      }
      await worker.close(true).catch(() => undefined);
    }
    await this.queue.close().catch(() => undefined);
    if (this.workerClient) await closeRedis(this.workerClient);
    await closeRedis(this.client);
  }

  private async process(job: Job<FireData>): Promise<void> {
    const data = job.data;
    const jobId = job.id ?? '';
    const verdict = (await this.client.eval(
      CLAIM_SCRIPT,
      3,
      registryKey(this.prefix, data.p),
      this.markerKey('done', jobId),
      this.markerKey('claim', jobId),
      data.s,
      String(data.g),
      data.k,
      String(this.settings.dedupeTtlMs),
    )) as 'done' | 'run' | 'stale';
    if (verdict !== 'run') {
      this.options.logger?.debug('scheduler firing skipped', {
        plugin: data.p,
        scheduleId: data.s,
        verdict,
        jobId,
      });
      return;
    }
    const fire: ScheduleFire = {
      pluginId: data.p,
      scheduleId: data.s,
      payload: new Uint8Array(Buffer.from(data.b, 'base64')),
      isRecurring: data.k === 'recurring',
    };
    const handler = this.handler;
    if (!handler) this.options.logger?.warn('schedule fired with no handler set', { plugin: fire.pluginId });
    else {
      try {
        await handler(fire);
      } catch (error) {
        this.report(error, fire);
      }
    }
    if (this.closed && this.worker?.closing) return; // abandoned: another node owns the firing now
    try {
      await this.client
        .multi()
        .set(this.markerKey('done', jobId), '1', 'PX', this.settings.dedupeTtlMs)
        .del(this.markerKey('claim', jobId))
        .exec();
    } catch (error) {
      this.options.logger?.warn('scheduler could not mark a firing done; a re-run may deliver it again', {
        plugin: fire.pluginId,
        scheduleId: fire.scheduleId,
        error: messageOf(error),
      });
    }
  }

  private track(work: Promise<void>): Promise<void> {
    this.running.add(work);
    void work.finally(() => this.running.delete(work)).catch(() => undefined);
    return work;
  }

  private markerKey(kind: 'done' | 'claim', jobId: string): string {
    return `${this.prefix}:fired:${kind}:${jobId}`;
  }

  private data(
    request: ScheduleOnceRequest | ScheduleRecurringRequest,
    gen: number,
    kind: FireData['k'],
  ): FireData {
    return {
      p: request.pluginId,
      s: request.scheduleId,
      g: gen,
      k: kind,
      b: Buffer.from(request.payload.buffer, request.payload.byteOffset, request.payload.byteLength).toString(
        'base64',
      ),
    };
  }

  private jobOptions(): JobsOptions {
    const keep = this.settings.keepJobs;
    // Retries only happen when the claim itself failed (Redis briefly gone); handler errors are not retried.
    return {
      attempts: 5,
      backoff: { type: 'fixed', delay: 1_000 },
      removeOnComplete: { count: keep },
      removeOnFail: { count: keep },
    };
  }

  private async nextGeneration(): Promise<number> {
    return this.client.incr(generationKey(this.prefix));
  }

  private async swap(
    pluginId: string,
    scheduleId: string,
    entry: RegistryEntry,
  ): Promise<RegistryEntry | undefined> {
    const raw = (await this.client.eval(
      SWAP_SCRIPT,
      1,
      registryKey(this.prefix, pluginId),
      scheduleId,
      JSON.stringify(entry),
    )) as string | null;
    return parseEntry(raw);
  }

  private async undo(pluginId: string, scheduleId: string, gen: number): Promise<void> {
    await this.client
      .eval(UNDO_SCRIPT, 1, registryKey(this.prefix, pluginId), scheduleId, String(gen))
      .catch(() => undefined);
  }

  /**
   * Removes what BullMQ holds for a replaced or cancelled schedule. `next` is the kind replacing it: a recurring
   * schedule replaced by a recurring one keeps its job scheduler (the upsert replaces it in place). Whatever is
   * left (a job already running) is stale by its generation and never delivered.
   */
  private async removeArtifacts(
    pluginId: string,
    scheduleId: string,
    old: RegistryEntry,
    next: RegistryEntry['kind'] | undefined,
  ): Promise<void> {
    if (old.kind === 'once') await this.queue.remove(onceJobId(pluginId, scheduleId, old.gen));
    else if (next !== 'recurring') await this.queue.removeJobScheduler(jobSchedulerId(pluginId, scheduleId));
  }

  private call<T>(what: string, operation: () => Promise<T>): Promise<T> {
    return redisCall(this.options.url, what, operation);
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('the BullMQ scheduler is closed');
  }

  private report(error: unknown, fire: ScheduleFire): void {
    try {
      if (this.options.onError) this.options.onError(error, fire);
      else
        this.options.logger?.error('schedule handler failed', {
          plugin: fire.pluginId,
          scheduleId: fire.scheduleId,
          isRecurring: fire.isRecurring,
          error: messageOf(error),
        });
    } catch {
      // A broken error reporter must not stop the worker.
    }
  }
}
