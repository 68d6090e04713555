/** Label values of one series, e.g. `{ plugin: 'lastfm', method: 'Scrobble' }`. */
export type MetricLabels = Readonly<Record<string, string>>;

/** How a metric is declared: a Prometheus-style name (`ndp_plugin_calls_total`), help text and label names. */
export interface MetricDefinition {
  readonly name: string;
  readonly help: string;
  readonly labelNames: readonly string[];
}

/** A histogram declaration; `buckets` are upper bounds in the metric's unit (seconds for latency). */
export interface HistogramDefinition extends MetricDefinition {
  readonly buckets?: readonly number[];
}

/** A monotonically increasing count. */
export interface Counter {
  inc(labels: MetricLabels, by?: number): void;
}

/** A distribution of observations (latencies). */
export interface Histogram {
  observe(labels: MetricLabels, value: number): void;
}

/** A value that goes up and down (pool sizes). */
export interface Gauge {
  set(labels: MetricLabels, value: number): void;
  inc(labels: MetricLabels, by?: number): void;
  dec(labels: MetricLabels, by?: number): void;
}

/**
 * Metrics registry: enough for per-plugin, per-method call counts, errors, latency histograms and pool sizes.
 *
 * Guarantees: declaring the same name twice with the same kind returns the same metric (so adapters and use
 * cases can declare what they use); recording never throws and never does I/O.
 * Does not guarantee: an export format (the app renders Prometheus text), or a bound on label cardinality
 * (keep labels to plugin ids, method names and error codes).
 *
 * @example
 * ```ts
 * const calls = metrics.counter({ name: 'ndp_plugin_calls_total', help: 'Guest calls', labelNames: ['plugin', 'method'] });
 * calls.inc({ plugin: 'lastfm', method: 'Scrobble' });
 * ```
 */
export interface Metrics {
  counter(definition: MetricDefinition): Counter;
  histogram(definition: HistogramDefinition): Histogram;
  gauge(definition: MetricDefinition): Gauge;
}
