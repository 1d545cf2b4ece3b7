/** The hot-path series of the hub's metrics, as the Prometheus text format Prometheus would read. */
import { describe, expect, it } from 'vitest';
import { BoundCounter, BoundHistogram } from '../../../hub/observability/bound-series.js';

describe('bound series', () => {
  it('a counter: one line per label values, label values escaped', () => {
    const counter = new BoundCounter('demo_total', 'Demo.', ['name']);
    counter.bind({ name: 'a"b\\c\nd' }).inc();
    const plain = counter.bind({ name: 'plain' });
    plain.inc(2);
    plain.inc();
    expect(counter.bind({ name: 'plain' })).toBe(plain);
    expect(counter.exposition()).toBe(
      [
        '# HELP demo_total Demo.',
        '# TYPE demo_total counter',
        'demo_total{name="a\\"b\\\\c\\nd"} 1',
        'demo_total{name="plain"} 3',
      ].join('\n'),
    );
  });

  it('a histogram: cumulative buckets, +Inf, sum and count', () => {
    const histogram = new BoundHistogram('demo_seconds', 'Demo.', ['side'], [0.1, 1]);
    const series = histogram.bind({ side: 'hub' });
    for (const value of [0.05, 0.1, 0.5, 3]) series.observe(value);
    expect(histogram.exposition().split('\n').slice(2)).toEqual([
      'demo_seconds_bucket{side="hub",le="0.1"} 2',
      'demo_seconds_bucket{side="hub",le="1"} 3',
      'demo_seconds_bucket{side="hub",le="+Inf"} 4',
      'demo_seconds_sum{side="hub"} 3.65',
      'demo_seconds_count{side="hub"} 4',
    ]);
  });
});
