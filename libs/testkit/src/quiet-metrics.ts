import type { Counter, Gauge, Histogram, Metrics } from '@ndp/ports';

const counter: Counter = { inc: () => {} };
const histogram: Histogram = { observe: () => {} };
const gauge: Gauge = { set: () => {}, inc: () => {}, dec: () => {} };

/** Metrics that go nowhere: a plugin test asserts behaviour, not counters. */
export const quietMetrics: Metrics = {
  counter: () => counter,
  histogram: () => histogram,
  gauge: () => gauge,
};
