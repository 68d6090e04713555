import type { HistogramSample, PrometheusMetrics } from '../observability/prometheus-metrics.js';

/** The live figures of one plugin, summed over its methods, as the admin page shows them. */
export interface PluginFigures {
  readonly calls: number;
  readonly errors: number;
  /** Failed calls by error code. */
  readonly errorsByCode: Readonly<Record<string, number>>;
  /** Latency estimates in milliseconds from the latency histogram (`null` before the first call). */
  readonly p50Ms: number | null;
  readonly p99Ms: number | null;
}

const EMPTY: PluginFigures = { calls: 0, errors: 0, errorsByCode: {}, p50Ms: null, p99Ms: null };

/**
 * Every plugin's figures, read from the host's own metrics (the same series `GET /metrics` exposes), so the page and
 * a Prometheus scrape never disagree.
 */
export function pluginFigures(metrics: PrometheusMetrics): (pluginId: string) => PluginFigures {
  const calls = new Map<string, number>();
  for (const s of metrics.scalars('ndp_plugin_calls_total')) add(calls, s.labels['plugin']!, s.value);
  const errors = new Map<string, Record<string, number>>();
  for (const s of metrics.scalars('ndp_plugin_call_errors_total')) {
    const byCode = errors.get(s.labels['plugin']!) ?? {};
    byCode[s.labels['code']!] = (byCode[s.labels['code']!] ?? 0) + s.value;
    errors.set(s.labels['plugin']!, byCode);
  }
  const latency = new Map<string, HistogramSample[]>();
  for (const s of metrics.histograms('ndp_plugin_call_duration_seconds')) {
    const list = latency.get(s.labels['plugin']!) ?? [];
    list.push(s);
    latency.set(s.labels['plugin']!, list);
  }
  return (pluginId) => {
    const byCode = errors.get(pluginId) ?? {};
    const series = latency.get(pluginId) ?? [];
    if (!calls.has(pluginId) && series.length === 0) return EMPTY;
    return {
      calls: calls.get(pluginId) ?? 0,
      errors: Object.values(byCode).reduce((a, b) => a + b, 0),
      errorsByCode: byCode,
      p50Ms: quantileMs(series, 0.5),
      p99Ms: quantileMs(series, 0.99),
    };
  };
}

function add(map: Map<string, number>, key: string, by: number): void {
  map.set(key, (map.get(key) ?? 0) + by);
}

/**
 * The q-quantile of the merged histograms, interpolated linearly inside its bucket (what Prometheus's
 * `histogram_quantile` does); the last finite bound when it falls in the +Inf bucket.
 */
export function quantileMs(series: readonly HistogramSample[], q: number): number | null {
  const first = series[0];
  if (!first) return null;
  const bounds = first.buckets;
  const cumulative = bounds.map((_, i) => series.reduce((sum, s) => sum + (s.cumulativeCounts[i] ?? 0), 0));
  const total = series.reduce((sum, s) => sum + s.count, 0);
  if (total === 0) return null;
  const rank = q * total;
  for (let i = 0; i < bounds.length; i++) {
    if (cumulative[i]! >= rank) {
      const lower = i === 0 ? 0 : bounds[i - 1]!;
      const below = i === 0 ? 0 : cumulative[i - 1]!;
      const inBucket = cumulative[i]! - below;
      const fraction = inBucket === 0 ? 1 : (rank - below) / inBucket;
      return round((lower + (bounds[i]! - lower) * fraction) * 1000);
    }
  }
  return round((bounds[bounds.length - 1] ?? 0) * 1000);
}

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}
