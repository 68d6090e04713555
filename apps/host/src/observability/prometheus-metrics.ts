import type {
  Counter,
  Gauge,
  Histogram,
  HistogramDefinition,
  MetricDefinition,
  MetricLabels,
  Metrics,
} from '@ndp/ports';

const DEFAULT_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

interface Family {
  readonly definition: MetricDefinition;
  readonly type: 'counter' | 'gauge' | 'histogram';
  render(): string[];
}

// Label values joined by a separator that cannot occur in them after escaping: cheap on the per-call path.
const SEPARATOR = '\u0000';

function labelKey(definition: MetricDefinition, labels: MetricLabels): string {
  const names = definition.labelNames;
  if (names.length === 1) return labels[names[0]!] ?? '';
  let key = '';
  for (let i = 0; i < names.length; i++) key += (i ? SEPARATOR : '') + (labels[names[i]!] ?? '');
  return key;
}

function labelValues(definition: MetricDefinition, key: string): string[] {
  return definition.labelNames.length === 0 ? [] : key.split(SEPARATOR);
}

function labelRecord(definition: MetricDefinition, key: string): Record<string, string> {
  const values = labelValues(definition, key);
  return Object.fromEntries(definition.labelNames.map((n, i) => [n, values[i] ?? '']));
}

/** One series of a counter or gauge, as the admin page reads it. */
export interface ScalarSample {
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

/** One series of a histogram: bucket upper bounds with cumulative counts, total count and sum. */
export interface HistogramSample {
  readonly labels: Readonly<Record<string, string>>;
  readonly buckets: readonly number[];
  readonly cumulativeCounts: readonly number[];
  readonly count: number;
  readonly sum: number;
}

function formatLabels(names: readonly string[], values: readonly string[], extra?: [string, string]): string {
  const pairs = names.map((n, i) => `${n}="${escape(values[i] ?? '')}"`);
  if (extra) pairs.push(`${extra[0]}="${extra[1]}"`);
  return pairs.length ? `{${pairs.join(',')}}` : '';
}

function escape(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

function formatNumber(n: number): string {
  return Number.isFinite(n) ? String(n) : n > 0 ? '+Inf' : n < 0 ? '-Inf' : 'NaN';
}

class ScalarFamily implements Family, Counter, Gauge {
  private readonly values = new Map<string, number>();
  constructor(
    readonly definition: MetricDefinition,
    readonly type: 'counter' | 'gauge',
  ) {}
  inc(labels: MetricLabels, by = 1): void {
    const k = labelKey(this.definition, labels);
    this.values.set(k, (this.values.get(k) ?? 0) + by);
  }
  dec(labels: MetricLabels, by = 1): void {
    this.inc(labels, -by);
  }
  set(labels: MetricLabels, value: number): void {
    this.values.set(labelKey(this.definition, labels), value);
  }
  read(): ScalarSample[] {
    return [...this.values].map(([k, value]) => ({ labels: labelRecord(this.definition, k), value }));
  }

  render(): string[] {
    return [...this.values].map(
      ([k, v]) =>
        `${this.definition.name}${formatLabels(this.definition.labelNames, labelValues(this.definition, k))} ${formatNumber(v)}`,
    );
  }
}

class HistogramFamily implements Family, Histogram {
  readonly type = 'histogram' as const;
  private readonly series = new Map<string, { counts: number[]; sum: number; count: number }>();
  private readonly buckets: readonly number[];
  constructor(readonly definition: HistogramDefinition) {
    this.buckets = [...(definition.buckets ?? DEFAULT_BUCKETS)].sort((a, b) => a - b);
  }
  observe(labels: MetricLabels, value: number): void {
    const k = labelKey(this.definition, labels);
    let s = this.series.get(k);
    if (!s) this.series.set(k, (s = { counts: this.buckets.map(() => 0), sum: 0, count: 0 }));
    this.buckets.forEach((b, i) => {
      if (value <= b) s.counts[i]!++;
    });
    s.sum += value;
    s.count++;
  }
  read(): HistogramSample[] {
    return [...this.series].map(([k, s]) => ({
      labels: labelRecord(this.definition, k),
      buckets: this.buckets,
      cumulativeCounts: [...s.counts],
      count: s.count,
      sum: s.sum,
    }));
  }

  render(): string[] {
    const { name, labelNames } = this.definition;
    return [...this.series].flatMap(([k, s]) => {
      const values = labelValues(this.definition, k);
      return [
        ...this.buckets.map(
          (b, i) => `${name}_bucket${formatLabels(labelNames, values, ['le', String(b)])} ${s.counts[i]}`,
        ),
        `${name}_bucket${formatLabels(labelNames, values, ['le', '+Inf'])} ${s.count}`,
        `${name}_sum${formatLabels(labelNames, values)} ${formatNumber(s.sum)}`,
        `${name}_count${formatLabels(labelNames, values)} ${s.count}`,
      ];
    });
  }
}

/**
 * The `Metrics` port kept in memory and rendered in the Prometheus text exposition format (version 0.0.4) for
 * `GET /metrics`. Asking twice for the same name returns the same series family.
 */
export class PrometheusMetrics implements Metrics {
  private readonly families = new Map<string, Family>();

  counter(definition: MetricDefinition): Counter {
    return this.family(definition, () => new ScalarFamily(definition, 'counter')) as ScalarFamily;
  }
  gauge(definition: MetricDefinition): Gauge {
    return this.family(definition, () => new ScalarFamily(definition, 'gauge')) as ScalarFamily;
  }
  histogram(definition: HistogramDefinition): Histogram {
    return this.family(definition, () => new HistogramFamily(definition)) as HistogramFamily;
  }

  /** The series of a counter or gauge family (`[]` when nothing was recorded under that name). */
  scalars(name: string): ScalarSample[] {
    const f = this.families.get(name);
    return f instanceof ScalarFamily ? f.read() : [];
  }

  /** The series of a histogram family (`[]` when nothing was recorded under that name). */
  histograms(name: string): HistogramSample[] {
    const f = this.families.get(name);
    return f instanceof HistogramFamily ? f.read() : [];
  }

  /** The exposition text of every family. */
  render(): string {
    const lines: string[] = [];
    for (const f of this.families.values()) {
      lines.push(`# HELP ${f.definition.name} ${f.definition.help.replace(/\n/g, ' ')}`);
      lines.push(`# TYPE ${f.definition.name} ${f.type}`);
      lines.push(...f.render());
    }
    return `${lines.join('\n')}\n`;
  }

  private family(definition: MetricDefinition, make: () => Family): Family {
    let f = this.families.get(definition.name);
    if (!f) this.families.set(definition.name, (f = make()));
    return f;
  }
}
