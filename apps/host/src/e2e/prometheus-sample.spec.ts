import { describe, expect, it } from 'vitest';
import { prometheusSample } from './prometheus-sample.js';

const TEXT = [
  '# HELP ndp_plugin_calls_total Plugin calls, per plugin and method',
  '# TYPE ndp_plugin_calls_total counter',
  'ndp_plugin_calls_total{plugin="notes",method="GetArtistBiography"} 5',
  'ndp_plugin_calls_total{plugin="notes",method="GetArtistURL"} 2',
  'ndp_plugin_calls_total{plugin="we\\"ird\\\\id",method="GetArtistURL"} 7',
  'ndp_plugin_call_duration_seconds_bucket{plugin="notes",method="GetArtistURL",le="+Inf"} 2',
  'ndp_up 1',
].join('\n');

describe('prometheusSample', () => {
  it('finds the sample whose label set is exactly the one asked for, in any order', () => {
    expect(
      prometheusSample(TEXT, 'ndp_plugin_calls_total', { method: 'GetArtistURL', plugin: 'notes' }),
    ).toBe(2);
    expect(
      prometheusSample(TEXT, 'ndp_plugin_calls_total', { plugin: 'notes', method: 'GetArtistBiography' }),
    ).toBe(5);
    expect(
      prometheusSample(TEXT, 'ndp_plugin_call_duration_seconds_bucket', {
        plugin: 'notes',
        method: 'GetArtistURL',
        le: '+Inf',
      }),
    ).toBe(2);
    expect(prometheusSample(TEXT, 'ndp_up')).toBe(1);
  });

  it('reads escaped label values', () => {
    expect(
      prometheusSample(TEXT, 'ndp_plugin_calls_total', { plugin: 'we"ird\\id', method: 'GetArtistURL' }),
    ).toBe(7);
  });

  it('answers undefined for an absent series, a subset of labels or another name with the same prefix', () => {
    expect(
      prometheusSample(TEXT, 'ndp_plugin_calls_total', { plugin: 'agent', method: 'GetArtistURL' }),
    ).toBeUndefined();
    expect(prometheusSample(TEXT, 'ndp_plugin_calls_total', { plugin: 'notes' })).toBeUndefined();
    expect(prometheusSample(TEXT, 'ndp_plugin_calls')).toBeUndefined();
  });
});
