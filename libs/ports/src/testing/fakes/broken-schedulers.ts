import type { Scheduler } from '../../scheduler.js';
import type {
  ScheduleFireHandler,
  ScheduleInfo,
  ScheduleOnceRequest,
  ScheduleRecurringRequest,
} from '../../schedule-types.js';
import { InMemoryScheduler } from './in-memory-scheduler.js';

/**
 * Deliberately faulty schedulers, each with one defect the scheduler contract suite must catch (the specs
 * beside them prove it). Never use them for anything else.
 */
abstract class SchedulerDecorator implements Scheduler {
  protected readonly inner = new InMemoryScheduler();
  scheduleOnce(request: ScheduleOnceRequest): Promise<void> {
    return this.inner.scheduleOnce(request);
  }
  scheduleRecurring(request: ScheduleRecurringRequest): Promise<void> {
    return this.inner.scheduleRecurring(request);
  }
  cancel(pluginId: string, scheduleId: string): Promise<boolean> {
    return this.inner.cancel(pluginId, scheduleId);
  }
  cancelAll(pluginId: string): Promise<void> {
    return this.inner.cancelAll(pluginId);
  }
  list(pluginId: string): Promise<ScheduleInfo[]> {
    return this.inner.list(pluginId);
  }
  onFire(handler: ScheduleFireHandler): void {
    this.inner.onFire(handler);
  }
  start(): Promise<void> {
    return this.inner.start();
  }
  close(): Promise<void> {
    return this.inner.close();
  }
}

/** Defect: scheduling an existing id adds a second schedule instead of replacing the first. */
export class DuplicatingScheduler extends SchedulerDecorator {
  private next = 0;
  private readonly strip = (id: string) => id.slice(0, id.lastIndexOf('#'));

  override scheduleOnce(request: ScheduleOnceRequest): Promise<void> {
    return super.scheduleOnce({ ...request, scheduleId: `${request.scheduleId}#${this.next++}` });
  }
  override scheduleRecurring(request: ScheduleRecurringRequest): Promise<void> {
    return super.scheduleRecurring({ ...request, scheduleId: `${request.scheduleId}#${this.next++}` });
  }
  override async cancel(pluginId: string, scheduleId: string): Promise<boolean> {
    let any = false;
    for (const s of await super.list(pluginId)) {
      if (this.strip(s.scheduleId) === scheduleId) any = (await super.cancel(pluginId, s.scheduleId)) || any;
    }
    return any;
  }
  override async list(pluginId: string): Promise<ScheduleInfo[]> {
    return (await super.list(pluginId)).map((s) => ({ ...s, scheduleId: this.strip(s.scheduleId) }));
  }
  override onFire(handler: ScheduleFireHandler): void {
    super.onFire((fire) => handler({ ...fire, scheduleId: this.strip(fire.scheduleId) }));
  }
}

/** Defect: a one-time schedule stays listed until its handler has finished. */
export class LateRemovalScheduler extends SchedulerDecorator {
  private readonly running = new Map<string, ScheduleInfo[]>();

  override async list(pluginId: string): Promise<ScheduleInfo[]> {
    return [...(this.running.get(pluginId) ?? []), ...(await super.list(pluginId))];
  }
  override onFire(handler: ScheduleFireHandler): void {
    super.onFire(async (fire) => {
      if (fire.isRecurring) return handler(fire);
      const info: ScheduleInfo = { scheduleId: fire.scheduleId, isRecurring: false };
      const running = this.running.get(fire.pluginId) ?? [];
      this.running.set(fire.pluginId, [...running, info]);
      try {
        await handler(fire);
      } finally {
        this.running.set(
          fire.pluginId,
          (this.running.get(fire.pluginId) ?? []).filter((i) => i !== info),
        );
      }
    });
  }
}

/** Defect: schedule ids are global, so one plugin's id replaces or cancels another plugin's schedule. */
export class GlobalIdScheduler extends SchedulerDecorator {
  private readonly owners = new Map<string, string>();

  override scheduleOnce(request: ScheduleOnceRequest): Promise<void> {
    this.owners.set(request.scheduleId, request.pluginId);
    return super.scheduleOnce({ ...request, pluginId: 'global' });
  }
  override scheduleRecurring(request: ScheduleRecurringRequest): Promise<void> {
    this.owners.set(request.scheduleId, request.pluginId);
    return super.scheduleRecurring({ ...request, pluginId: 'global' });
  }
  override cancel(_pluginId: string, scheduleId: string): Promise<boolean> {
    return super.cancel('global', scheduleId);
  }
  override async cancelAll(pluginId: string): Promise<void> {
    for (const [id, owner] of this.owners) if (owner === pluginId) await super.cancel('global', id);
  }
  override async list(pluginId: string): Promise<ScheduleInfo[]> {
    return (await super.list('global')).filter((s) => this.owners.get(s.scheduleId) === pluginId);
  }
  override onFire(handler: ScheduleFireHandler): void {
    super.onFire((fire) => handler({ ...fire, pluginId: this.owners.get(fire.scheduleId) ?? fire.pluginId }));
  }
}
