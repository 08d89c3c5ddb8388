/**
 * What a workload looks like: the arrival rate per interval (what the planner plans on), the
 * input/output length distributions and the load levels (quantiles of the per-interval rate).
 * Client-safe (no node imports): the workload page computes nothing itself, but tests and the
 * API share these functions.
 */
import { percentile } from '@/lib/stats/sample';
import type { TraceRequest, Workload } from './types';

/** One interval of a workload: [startS, startS + intervalS). */
export type RateBucket = { startS: number; requests: number; rateRps: number; meanIn: number; meanOut: number };

/** A trace longer than this many intervals is refused (bounded work and memory). */
export const MAX_BUCKETS = 100_000;

function bucketCount(durationS: number, intervalS: number): number {
  if (!(intervalS > 0) || !Number.isFinite(intervalS)) throw new Error(`interval must be > 0 s (got ${intervalS})`);
  const n = Math.max(1, Math.ceil(durationS / intervalS - 1e-9));
  if (n > MAX_BUCKETS)
    throw new Error(`${n} intervals of ${intervalS} s (more than ${MAX_BUCKETS}): choose a longer interval`);
  return n;
}

/**
 * Requests per interval, from 0 to the last arrival. The rate of an interval is its request count
 * over the full interval length (the last interval too: the trace is taken to end with it).
 * Intervals without requests have meanIn = meanOut = 0.
 */
export function bucketRates(w: Pick<Workload, 'durationS' | 'requests'>, intervalS: number): RateBucket[] {
  const n = bucketCount(w.durationS, intervalS);
  const count = new Array<number>(n).fill(0);
  const sumIn = new Array<number>(n).fill(0);
  const sumOut = new Array<number>(n).fill(0);
  for (const r of w.requests) {
    const i = Math.min(n - 1, Math.max(0, Math.floor(r.atS / intervalS)));
    count[i]++;
    sumIn[i] += r.inputTokens;
    sumOut[i] += r.outputTokens;
  }
  return count.map((c, i) => ({
    startS: i * intervalS,
    requests: c,
    rateRps: c / intervalS,
    meanIn: c ? sumIn[i] / c : 0,
    meanOut: c ? sumOut[i] / c : 0,
  }));
}

/** A round bin width (1, 2, 5 x 10^k) near `raw`. */
export function niceStep(raw: number): number {
  if (!(raw > 0)) return 1;
  const p = 10 ** Math.floor(Math.log10(raw));
  const m = raw / p;
  return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * p;
}

const TIME_STEPS_S = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 21_600, 43_200, 86_400];

/** The rate chart's bin: a clock-friendly step giving at most ~60 bins over the trace (1 h -> 1 min). */
export function defaultRateBinS(durationS: number): number {
  return TIME_STEPS_S.find((s) => durationS / s <= 60) ?? niceStep(durationS / 60);
}

export type LengthStats = { min: number; mean: number; p50: number; p90: number; p99: number; max: number };
export type Histogram = {
  /** Bin i counts values in [edges[i], edges[i+1]); the last edge is exclusive too. */
  edges: number[];
  counts: number[];
  /** Values at or above the last edge (the long tail beyond the 99th percentile). */
  overflow: number;
};

export function lengthStats(values: readonly number[]): LengthStats | null {
  if (!values.length) return null;
  const s = [...values].sort((a, b) => a - b);
  const sum = s.reduce((a, b) => a + b, 0);
  return {
    min: s[0],
    mean: sum / s.length,
    p50: percentile(s, 50)!,
    p90: percentile(s, 90)!,
    p99: percentile(s, 99)!,
    max: s[s.length - 1],
  };
}

/** Linear bins of a round width up to about the 99th percentile (~30 bins), the rest in `overflow`. */
export function lengthHistogram(values: readonly number[], targetBins = 30): Histogram {
  if (!values.length) return { edges: [0, 1], counts: [0], overflow: 0 };
  const s = [...values].sort((a, b) => a - b);
  const top = Math.max(1, percentile(s, 99)!);
  const width = Math.max(1, niceStep(top / targetBins));
  const bins = Math.ceil((top + 1) / width);
  const counts = new Array<number>(bins).fill(0);
  let overflow = 0;
  for (const v of s) {
    const i = Math.floor(v / width);
    if (i < bins) counts[i]++;
    else overflow++;
  }
  return { edges: Array.from({ length: bins + 1 }, (_, i) => i * width), counts, overflow };
}

/** A load level: the intervals whose rate lies in (fromRps, toRps] (the lowest includes fromRps). */
export type LoadBucket = {
  label: string;
  fromRps: number;
  toRps: number;
  intervals: number;
  shareOfTime: number;
  shareOfRequests: number;
  meanRateRps: number;
};

const LEVEL_NAMES = ['low', 'medium-low', 'medium-high', 'high'];

/**
 * Load levels as quantiles of the per-interval rate: with 4 levels, the quartiles. The planner's
 * per-level configuration and the workload page's "how often is the load this high" both read it.
 */
export function loadBuckets(rates: readonly RateBucket[], levels = 4): LoadBucket[] {
  if (!rates.length) return [];
  const sorted = rates.map((r) => r.rateRps).sort((a, b) => a - b);
  const edges = Array.from({ length: levels + 1 }, (_, i) => percentile(sorted, (100 * i) / levels)!);
  const total = rates.reduce((a, r) => a + r.requests, 0);
  const out: LoadBucket[] = [];
  for (let k = 0; k < levels; k++) {
    const lo = edges[k];
    const hi = edges[k + 1];
    const inLevel = rates.filter((r) => (k === 0 ? r.rateRps >= lo : r.rateRps > lo) && r.rateRps <= hi);
    const reqs = inLevel.reduce((a, r) => a + r.requests, 0);
    out.push({
      label: levels === 4 ? LEVEL_NAMES[k] : `level ${k + 1}`,
      fromRps: lo,
      toRps: hi,
      intervals: inLevel.length,
      shareOfTime: inLevel.length / rates.length,
      shareOfRequests: total ? reqs / total : 0,
      meanRateRps: inLevel.length ? inLevel.reduce((a, r) => a + r.rateRps, 0) / inLevel.length : 0,
    });
  }
  return out;
}

export type WorkloadSummary = {
  ref: string;
  name: string;
  source: Workload['source'];
  attribution?: Workload['attribution'];
  startedAt?: string;
  requestCount: number;
  durationS: number;
  meanRateRps: number;
  peakRateRps: number;
  rateBinS: number;
  rate: RateBucket[];
  input: { stats: LengthStats | null; histogram: Histogram };
  output: { stats: LengthStats | null; histogram: Histogram };
  loadBuckets: LoadBucket[];
};

/** Everything the workload page and GET /api/workloads/:id show, not the requests themselves. */
export function summarizeWorkload(w: Workload, rateBinS = defaultRateBinS(w.durationS)): WorkloadSummary {
  const rate = bucketRates(w, rateBinS);
  const ins = w.requests.map((r: TraceRequest) => r.inputTokens);
  const outs = w.requests.map((r: TraceRequest) => r.outputTokens);
  return {
    ref: w.ref,
    name: w.name,
    source: w.source,
    attribution: w.attribution,
    startedAt: w.startedAt,
    requestCount: w.requests.length,
    durationS: w.durationS,
    // Over the trace's span (first to last arrival), as the list shows it.
    meanRateRps: w.requests.length / (w.durationS > 0 ? w.durationS : rateBinS),
    peakRateRps: Math.max(...rate.map((r) => r.rateRps)),
    rateBinS,
    rate,
    input: { stats: lengthStats(ins), histogram: lengthHistogram(ins) },
    output: { stats: lengthStats(outs), histogram: lengthHistogram(outs) },
    loadBuckets: loadBuckets(rate),
  };
}
