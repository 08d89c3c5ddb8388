/** Workload statistics against hand-computed values and independent recomputations. */
import { describe, expect, it } from 'vitest';
import {
  bucketRates,
  defaultRateBinS,
  lengthHistogram,
  lengthStats,
  loadBuckets,
  summarizeWorkload,
} from '@/lib/workloads/stats';
import { loadBuiltin } from '@/lib/workloads/builtin';
import type { Workload } from '@/lib/workloads/types';

const req = (atS: number, inputTokens: number, outputTokens: number) => ({ atS, inputTokens, outputTokens });
const small: Workload = {
  ref: 'test:small',
  name: 'small',
  source: 'upload',
  durationS: 25,
  requests: [req(0, 100, 10), req(1, 300, 30), req(9.99, 50, 5), req(10, 10, 1), req(25, 7, 7)],
};

describe('bucketRates', () => {
  it('counts requests per interval, rate over the full interval, mean lengths; the last arrival goes in the last interval', () => {
    expect(bucketRates(small, 10)).toEqual([
      { startS: 0, requests: 3, rateRps: 0.3, meanIn: 150, meanOut: 15 },
      { startS: 10, requests: 1, rateRps: 0.1, meanIn: 10, meanOut: 1 },
      { startS: 20, requests: 1, rateRps: 0.1, meanIn: 7, meanOut: 7 },
    ]);
    // An empty interval has zero rate and zero means.
    expect(bucketRates(small, 5)[3]).toEqual({ startS: 15, requests: 0, rateRps: 0, meanIn: 0, meanOut: 0 });
  });

  it('covers every request of a built-in trace exactly once', () => {
    const w = loadBuiltin('azure-code-2023')!;
    const b = bucketRates(w, 60);
    expect(b).toHaveLength(58);
    expect(b.reduce((a, x) => a + x.requests, 0)).toBe(8819);
    // Independent count for one interval.
    const n = w.requests.filter((r) => r.atS >= 600 && r.atS < 660).length;
    expect(b[10].requests).toBe(n);
    expect(b[10].rateRps).toBeCloseTo(n / 60, 12);
  });

  it('refuses a bad or too fine interval', () => {
    expect(() => bucketRates(small, 0)).toThrow('interval must be > 0 s (got 0)');
    expect(() => bucketRates({ durationS: 1e6, requests: [] }, 1)).toThrow(
      /more than 100000\): choose a longer interval/,
    );
  });

  it('picks a clock-friendly chart bin (1 h -> 1 min)', () => {
    expect(defaultRateBinS(3501)).toBe(60);
    expect(defaultRateBinS(50)).toBe(1);
    expect(defaultRateBinS(86_400)).toBe(1800);
  });
});

describe('length distributions', () => {
  it('stats are numpy percentiles', () => {
    const s = lengthStats([100, 1, 3, 2, 4])!;
    expect(s).toMatchObject({ min: 1, mean: 22, p50: 3, max: 100 });
    expect(s.p90).toBeCloseTo(61.6, 9);
    expect(s.p99).toBeCloseTo(96.16, 9);
    expect(lengthStats([])).toBeNull();
  });

  it('the histogram counts every value once (bins + overflow beyond the 99th percentile)', () => {
    const w = loadBuiltin('azure-conv-2023')!;
    const ins = w.requests.map((r) => r.inputTokens);
    const h = lengthHistogram(ins);
    expect(h.counts.reduce((a, b) => a + b, 0) + h.overflow).toBe(ins.length);
    expect(h.edges).toHaveLength(h.counts.length + 1);
    const width = h.edges[1] - h.edges[0];
    expect(h.counts[3]).toBe(ins.filter((v) => v >= 3 * width && v < 4 * width).length);
    expect(h.overflow).toBe(ins.filter((v) => v >= h.edges[h.edges.length - 1]).length);
  });
});

describe('loadBuckets', () => {
  it('splits intervals by rate quartiles; shares add up to 1', () => {
    const rates = [1, 2, 3, 4, 5, 6, 7, 8].map((r, i) => ({
      startS: i,
      requests: r,
      rateRps: r,
      meanIn: 0,
      meanOut: 0,
    }));
    const b = loadBuckets(rates);
    expect(b.map((x) => x.label)).toEqual(['low', 'medium-low', 'medium-high', 'high']);
    expect(b.map((x) => x.intervals)).toEqual([2, 2, 2, 2]);
    expect(b[0]).toMatchObject({
      fromRps: 1,
      toRps: 2.75,
      meanRateRps: 1.5,
      shareOfTime: 0.25,
      shareOfRequests: 3 / 36,
    });
    expect(b.reduce((a, x) => a + x.shareOfRequests, 0)).toBeCloseTo(1, 12);
  });

  it('a summary of a built-in trace is consistent with its parts', () => {
    const s = summarizeWorkload(loadBuiltin('azure-conv-2023')!);
    expect(s.requestCount).toBe(19_366);
    expect(s.rateBinS).toBe(60);
    expect(s.rate.reduce((a, r) => a + r.requests, 0)).toBe(19_366);
    expect(s.peakRateRps).toBe(Math.max(...s.rate.map((r) => r.rateRps)));
    expect(s.loadBuckets.reduce((a, b) => a + b.intervals, 0)).toBe(s.rate.length);
    expect(s.input.stats!.max).toBe(14_050);
    expect(s.output.stats!.max).toBe(1000);
  });
});
