import { describe, expect, it } from 'vitest';
import { parsePrometheusText } from './prometheus-text.js';

const valid = [
  '# HELP http_duration_seconds Request duration',
  '# TYPE http_duration_seconds histogram',
  'http_duration_seconds_bucket{le="0.1",route="/a/:id"} 1',
  'http_duration_seconds_bucket{le="+Inf",route="/a/:id"} 2',
  'http_duration_seconds_sum{route="/a/:id"} 0.3',
  'http_duration_seconds_count{route="/a/:id"} 2',
  '',
  '# HELP up_total Things with "quotes" in values',
  '# TYPE up_total counter',
  'up_total{msg="a \\"b\\" \\\\ c\\nd"} 3 1700000000000',
  'plain_untyped 1e-3',
].join('\n');

describe('strict Prometheus text parser', () => {
  it('parses families, labels with escapes, histograms and timestamps', () => {
    const families = parsePrometheusText(valid);
    expect(families.get('http_duration_seconds')?.type).toBe('histogram');
    expect(families.get('http_duration_seconds')?.samples).toHaveLength(4);
    expect(families.get('up_total')?.samples[0]).toEqual({
      name: 'up_total',
      labels: { msg: 'a "b" \\ c\nd' },
      value: 3,
    });
    expect(families.get('plain_untyped')?.samples[0]?.value).toBe(0.001);
  });

  it.each([
    ['a bad metric name', '9bad 1'],
    ['an unquoted label value', 'm{a=b} 1'],
    ['a duplicate label', 'm{a="1",a="2"} 1'],
    ['a bad escape', 'm{a="\\t"} 1'],
    ['a non-numeric value', 'm 1,5'],
    ['an unknown type', '# TYPE m countr'],
    ['a TYPE after samples', 'm 1\n# TYPE m gauge'],
    ['a duplicate series', 'm{a="1"} 1\nm{a="1"} 2'],
    ['a family split in two', 'a 1\nb 1\na{x="1"} 2'],
    [
      'a decreasing histogram',
      '# TYPE h histogram\nh_bucket{le="1"} 2\nh_bucket{le="+Inf"} 1\nh_count 1',
    ],
    ['a histogram without +Inf', '# TYPE h histogram\nh_bucket{le="1"} 2\nh_count 2'],
    ['a count that is not the +Inf bucket', '# TYPE h histogram\nh_bucket{le="+Inf"} 2\nh_count 3'],
  ])('rejects %s', (_what, text) => {
    expect(() => parsePrometheusText(text)).toThrow();
  });
});
