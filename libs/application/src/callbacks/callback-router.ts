import type {
  ConnectionRef,
  Counter,
  Logger,
  Metrics,
  ScheduleFire,
  Scheduler,
  WebSocketClient,
  WebSocketEventSink,
} from '@ndp/ports';
import type { PluginInvoker } from '../dispatch/capability-types.js';
import { SchedulerCallbackClient } from '../dispatch/scheduler-callback-client.js';
import { WebSocketCallbackClient } from '../dispatch/websocket-callback-client.js';

/** Whether a plugin id is loaded and not disabled or failed (loading counts: the call waits for it). */
export type ServingCheck = (pluginId: string) => boolean;

/**
 * Routes scheduler firings to the owning plugin's `OnSchedulerCallback` and socket events to its WebSocketCallback
 * methods, with the plugin-visible ids. Events of one connection are delivered one after another in arrival order
 * (so `OnError` always precedes the `OnClose` that follows it). Failures are logged and counted (the call metrics
 * count them per method); an event for a plugin that is gone is dropped with a log line and counted.
 */
export class CallbackRouter implements WebSocketEventSink {
  private readonly chains = new Map<string, Map<string, Promise<void>>>();
  private readonly dropped: Counter;
  private readonly log: Logger;

  constructor(
    private readonly invoker: PluginInvoker,
    private readonly isServing: ServingCheck,
    logger: Logger,
    metrics: Metrics,
  ) {
    this.log = logger.child({ component: 'callbacks' });
    this.dropped = metrics.counter({
      name: 'ndp_plugin_callbacks_dropped_total',
      help: 'Scheduler and WebSocket events dropped because their plugin is gone',
      labelNames: ['plugin', 'kind'],
    });
  }

  /** Makes this router the scheduler's fire handler and the WebSocket client's event sink. */
  attach(scheduler: Scheduler, websocket: WebSocketClient): void {
    scheduler.onFire((fire) => this.onFire(fire));
    websocket.setEventSink(this);
  }

  /** Delivers one firing; settles when the plugin's callback has run (or failed, which is logged). */
  async onFire(fire: ScheduleFire): Promise<void> {
    if (!this.accept(fire.pluginId, 'scheduler')) return;
    const client = new SchedulerCallbackClient(this.invoker, fire.pluginId);
    await this.guard(fire.pluginId, 'OnSchedulerCallback', () =>
      client.onSchedulerCallback({
        scheduleId: fire.scheduleId,
        payload: fire.payload,
        isRecurring: fire.isRecurring,
      }),
    );
  }

  onText(ref: ConnectionRef, message: string): void {
    this.enqueue(ref, 'OnTextMessage', (c) => c.onTextMessage({ connectionId: ref.connectionId, message }));
  }

  onBinary(ref: ConnectionRef, data: Uint8Array): void {
    this.enqueue(ref, 'OnBinaryMessage', (c) => c.onBinaryMessage({ connectionId: ref.connectionId, data }));
  }

  onError(ref: ConnectionRef, error: string): void {
    this.enqueue(ref, 'OnError', (c) => c.onError({ connectionId: ref.connectionId, error }));
  }

  onClose(ref: ConnectionRef, code: number, reason: string): void {
    this.enqueue(ref, 'OnClose', (c) => c.onClose({ connectionId: ref.connectionId, code, reason }));
  }

  /** Resolves when every queued socket event has been delivered (for orderly shutdown and tests). */
  async idle(): Promise<void> {
    while (this.chains.size > 0) await Promise.all([...this.chains.values()].flatMap((m) => [...m.values()]));
  }

  private enqueue(
    ref: ConnectionRef,
    method: string,
    deliver: (c: WebSocketCallbackClient) => Promise<unknown>,
  ): void {
    let byConnection = this.chains.get(ref.pluginId);
    if (!byConnection) this.chains.set(ref.pluginId, (byConnection = new Map()));
    const previous = byConnection.get(ref.connectionId) ?? Promise.resolve();
    const next = previous.then(async () => {
      if (!this.accept(ref.pluginId, 'websocket')) return;
      await this.guard(ref.pluginId, method, () =>
        deliver(new WebSocketCallbackClient(this.invoker, ref.pluginId)),
      );
    });
    byConnection.set(ref.connectionId, next);
    void next.then(() => {
      // Only the tail of a chain removes it: a later event has already chained onto it otherwise.
      if (byConnection.get(ref.connectionId) !== next) return;
      byConnection.delete(ref.connectionId);
      if (byConnection.size === 0 && this.chains.get(ref.pluginId) === byConnection)
        this.chains.delete(ref.pluginId);
    });
  }

  private accept(pluginId: string, kind: 'scheduler' | 'websocket'): boolean {
    if (this.isServing(pluginId)) return true;
    this.dropped.inc({ plugin: pluginId, kind });
    this.log.info('plugin not found for callback; event dropped', { plugin: pluginId, kind });
    return false;
  }

  private async guard(pluginId: string, method: string, run: () => Promise<unknown>): Promise<void> {
    try {
      await run();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.log.warn('plugin callback failed', { plugin: pluginId, method, error: message });
    }
  }
}
