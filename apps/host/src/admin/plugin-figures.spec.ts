import { describe, expect, it } from 'vitest';
import { PrometheusMetrics } from '../observability/prometheus-metrics.js';
import { pluginFigures, quantileMs } from './plugin-figures.js';

describe('pluginFigures', () => {
  it('sums calls and errors over methods and estimates p50/p99 from the latency buckets', () => {
    const metrics = new PrometheusMetrics();
    const calls = metrics.counter({
      name: 'ndp_plugin_calls_total',
      help: 'h',
      labelNames: ['plugin', 'method'],
    });
    const errors = metrics.counter({
      name: 'ndp_plugin_call_errors_total',
      help: 'h',
      labelNames: ['plugin', 'method', 'code'],
    });
    const latency = metrics.histogram({
      name: 'ndp_plugin_call_duration_seconds',
      help: 'h',
      labelNames: ['plugin', 'method'],
      buckets: [0.001, 0.01, 0.1],
    });
    for (let i = 0; i < 98; i++) latency.observe({ plugin: 'a', method: 'M' }, 0.0005);
    latency.observe({ plugin: 'a', method: 'N' }, 0.05);
    latency.observe({ plugin: 'a', method: 'N' }, 5);
    calls.inc({ plugin: 'a', method: 'M' }, 98);
    calls.inc({ plugin: 'a', method: 'N' }, 2);
    errors.inc({ plugin: 'a', method: 'N', code: 'GUEST_TIMEOUT' });
    errors.inc({ plugin: 'a', method: 'M', code: 'GUEST_TIMEOUT' });
    errors.inc({ plugin: 'a', method: 'M', code: 'PLUGIN_ERROR' });
    const figures = pluginFigures(metrics)('a');
    expect(figures).toMatchObject({
      calls: 100,
      errors: 3,
      errorsByCode: { GUEST_TIMEOUT: 2, PLUGIN_ERROR: 1 },
    });
    expect(figures.p50Ms).toBeCloseTo(0.51, 2); // inside the first bucket, interpolated
    expect(figures.p99Ms).toBe(100); // the slowest call lies past the last bound
    expect(pluginFigures(metrics)('b')).toEqual({
      calls: 0,
      errors: 0,
      errorsByCode: {},
      p50Ms: null,
      p99Ms: null,
    });
  });

  it('has no quantile without observations', () => {
    expect(quantileMs([], 0.5)).toBeNull();
  });
});
