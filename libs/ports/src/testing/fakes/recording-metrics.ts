import type { Counter, Gauge, Histogram, MetricLabels, Metrics } from '../../metrics.js';

const key = (labels: MetricLabels) =>
  JSON.stringify(Object.entries(labels).sort(([a], [b]) => a.localeCompare(b)));

/** A Metrics test double that keeps values by metric name and labels. Test support only. */
export class RecordingMetrics implements Metrics {
  private readonly values = new Map<string, Map<string, number>>();
  private readonly observations = new Map<string, Map<string, number[]>>();

  counter(definition: { name: string }): Counter {
    return {
      inc: (labels, by = 1) => this.add(definition.name, labels, by),
    };
  }

  gauge(definition: { name: string }): Gauge {
    const series = () => this.series(definition.name);
    return {
      set: (labels, value) => void series().set(key(labels), value),
      inc: (labels, by = 1) => this.add(definition.name, labels, by),
      dec: (labels, by = 1) => this.add(definition.name, labels, -by),
    };
  }

  histogram(definition: { name: string }): Histogram {
    return {
      observe: (labels, value) => {
        let byLabels = this.observations.get(definition.name);
        if (!byLabels) this.observations.set(definition.name, (byLabels = new Map()));
        const list = byLabels.get(key(labels)) ?? [];
        list.push(value);
        byLabels.set(key(labels), list);
      },
    };
  }

  /** The current value of a counter or gauge series (0 when never touched). */
  value(name: string, labels: MetricLabels): number {
    return this.values.get(name)?.get(key(labels)) ?? 0;
  }

  /** The observations of a histogram series. */
  observed(name: string, labels: MetricLabels): number[] {
    return this.observations.get(name)?.get(key(labels)) ?? [];
  }

  private series(name: string): Map<string, number> {
    let s = this.values.get(name);
    if (!s) this.values.set(name, (s = new Map()));
    return s;
  }

  private add(name: string, labels: MetricLabels, by: number): void {
    const s = this.series(name);
    s.set(key(labels), (s.get(key(labels)) ?? 0) + by);
  }
}
