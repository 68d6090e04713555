import { describe, expect, it } from 'vitest';
import { PrometheusMetrics } from './prometheus-metrics.js';

describe('PrometheusMetrics', () => {
  it('renders counters, gauges and histograms in the text exposition format', () => {
    const m = new PrometheusMetrics();
    const calls = m.counter({ name: 'ndp_calls_total', help: 'Calls', labelNames: ['plugin', 'method'] });
    calls.inc({ plugin: 'a', method: 'X' });
    calls.inc({ plugin: 'a', method: 'X' }, 2);
    calls.inc({ plugin: 'b"q', method: 'Y' });
    m.gauge({ name: 'ndp_idle', help: 'Idle', labelNames: [] }).set({}, 4);
    const h = m.histogram({
      name: 'ndp_seconds',
      help: 'Latency',
      labelNames: ['plugin'],
      buckets: [0.1, 1],
    });
    h.observe({ plugin: 'a' }, 0.05);
    h.observe({ plugin: 'a' }, 0.5);
    expect(m.render()).toBe(
      [
        '# HELP ndp_calls_total Calls',
        '# TYPE ndp_calls_total counter',
        'ndp_calls_total{plugin="a",method="X"} 3',
        'ndp_calls_total{plugin="b\\"q",method="Y"} 1',
        '# HELP ndp_idle Idle',
        '# TYPE ndp_idle gauge',
        'ndp_idle 4',
        '# HELP ndp_seconds Latency',
        '# TYPE ndp_seconds histogram',
        'ndp_seconds_bucket{plugin="a",le="0.1"} 1',
        'ndp_seconds_bucket{plugin="a",le="1"} 2',
        'ndp_seconds_bucket{plugin="a",le="+Inf"} 2',
        'ndp_seconds_sum{plugin="a"} 0.55',
        'ndp_seconds_count{plugin="a"} 2',
        '',
      ].join('\n'),
    );
    expect(m.counter({ name: 'ndp_calls_total', help: 'Calls', labelNames: ['plugin', 'method'] })).toBe(
      calls,
    );
  });
});
