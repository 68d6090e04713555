import type { Counter, Gauge, Histogram, Metrics } from '@ndp/ports';
import type { PoolSizes } from '../pool/instance-pool.js';

/** Latency buckets in seconds: from a warm in-process call (~µs) to the 10 s deadline. */
const LATENCY_BUCKETS = [0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 2.5, 5, 10];

/**
 * The metrics of plugin calls (per plugin and method: calls, errors by code, latency) and pool sizes (per plugin).
 * Names follow Prometheus conventions; labels are plugin ids, method names and error codes only.
 */
export class CallMetrics {
  private readonly calls: Counter;
  private readonly errors: Counter;
  private readonly latency: Histogram;
  private readonly idle: Gauge;
  private readonly inUse: Gauge;

  constructor(metrics: Metrics) {
    this.calls = metrics.counter({
      name: 'ndp_plugin_calls_total',
      help: 'Plugin calls, per plugin and method',
      labelNames: ['plugin', 'method'],
    });
    this.errors = metrics.counter({
      name: 'ndp_plugin_call_errors_total',
      help: 'Failed plugin calls, per plugin, method and error code',
      labelNames: ['plugin', 'method', 'code'],
    });
    this.latency = metrics.histogram({
      name: 'ndp_plugin_call_duration_seconds',
      help: 'Plugin call latency in seconds, pool wait included',
      labelNames: ['plugin', 'method'],
      buckets: LATENCY_BUCKETS,
    });
    this.idle = metrics.gauge({
      name: 'ndp_plugin_pool_idle_instances',
      help: 'Idle pooled instances per plugin',
      labelNames: ['plugin'],
    });
    this.inUse = metrics.gauge({
      name: 'ndp_plugin_pool_in_use_instances',
      help: 'Checked-out instances per plugin',
      labelNames: ['plugin'],
    });
  }

  /** Records one call; `errorCode` is set when it failed. */
  recordCall(plugin: string, method: string, seconds: number, errorCode?: string): void {
    this.calls.inc({ plugin, method });
    this.latency.observe({ plugin, method }, seconds);
    if (errorCode !== undefined) this.errors.inc({ plugin, method, code: errorCode });
  }

  /** Sets the pool gauges of a plugin. */
  recordPool(plugin: string, sizes: PoolSizes): void {
    this.idle.set({ plugin }, sizes.idle);
    this.inUse.set({ plugin }, sizes.inUse);
  }
}
