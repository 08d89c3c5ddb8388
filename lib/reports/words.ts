/**
 * Report wording for people who do not read metric keys: knobs as engineers say them ("TP 1",
 * "max_num_seqs 256"), SLOs as targets ("p99 ITL ≤ 50 ms"), one date format with its time zone,
 * signed percentages. Client-safe.
 */
import { METRIC_BY_KEY } from '@/lib/metrics/catalogue';
import type { MetricKey } from '@/lib/metrics/keys';
import type { ExploreKnob } from '@/lib/explore/knobs';
import { fmtNum } from '@/lib/format';

/** Knob names and units as they are said ("TP 1", "SM clock 1,410 MHz"); no unit where the name says it. */
const KNOB_WORDS: Record<ExploreKnob, { name: string; unit: string }> = {
  sm_clock_mhz: { name: 'SM clock', unit: 'MHz' },
  power_limit_w: { name: 'power limit', unit: 'W' },
  tp: { name: 'TP', unit: '' },
  pp: { name: 'PP', unit: '' },
  max_num_seqs: { name: 'max_num_seqs', unit: '' },
  max_concurrency: { name: 'concurrency', unit: '' },
  request_rate: { name: 'request rate', unit: 'req/s' },
  input_len: { name: 'input', unit: 'tokens' },
  output_len: { name: 'output', unit: 'tokens' },
};

export function knobName(k: ExploreKnob): string {
  return KNOB_WORDS[k].name;
}

export function knobPhrase(k: ExploreKnob, v: number): string {
  const w = KNOB_WORDS[k];
  return `${w.name} ${fmtNum(v)}${w.unit ? ` ${w.unit}` : ''}`;
}

/** "p99 ITL" for latencies (their short name), the catalogue label otherwise. */
export function metricWords(key: string): string {
  const d = METRIC_BY_KEY.get(key as MetricKey);
  if (!d) return key;
  return d.group === 'latency' ? d.short : d.label;
}

export function metricUnit(key: string): string {
  return METRIC_BY_KEY.get(key as MetricKey)?.unit ?? '';
}

export interface SloLike {
  metric: string;
  bound: number;
  kind: 'max' | 'min';
}

/** "p99 ITL ≤ 50 ms" */
export function sloPhrase(b: SloLike): string {
  const u = metricUnit(b.metric);
  return `${metricWords(b.metric)} ${b.kind === 'max' ? '≤' : '≥'} ${fmtNum(b.bound)}${u ? ` ${u}` : ''}`;
}

/** "50 ms p99 ITL" for an upper bound, "at least 100 tokens/s output token throughput" for a lower one. */
function targetWords(b: SloLike): string {
  const u = metricUnit(b.metric);
  const v = `${fmtNum(b.bound)}${u ? ` ${u}` : ''}`;
  return b.kind === 'max' ? `${v} ${metricWords(b.metric)}` : `${metricWords(b.metric)} of at least ${v}`;
}

/** "the 50 ms p99 ITL target", "the 50 ms p99 ITL and 2,000 ms p99 TTFT targets". */
export function targetsPhrase(bounds: SloLike[]): string {
  if (!bounds.length) return '';
  const parts = bounds.map(targetWords);
  const list = parts.length === 1 ? parts[0] : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
  return `the ${list} target${parts.length > 1 ? 's' : ''}`;
}

/** Percent of a fraction for a headline: "27%", "4.5%" (one decimal under 10 %). */
export function pctWords(f: number): string {
  const p = Math.abs(f) * 100;
  return `${p >= 10 ? Math.round(p) : Number(p.toFixed(1))}%`;
}

// The one date format lives in lib/format.ts (app-wide); reports import it from here too.
export { fmtDate, fmtDateTime } from '@/lib/format';

/** Large counts as people say them: "1 billion", "50 million", "12,000". */
export function countWords(n: number): string {
  for (const [v, w] of [
    [1e12, 'trillion'],
    [1e9, 'billion'],
    [1e6, 'million'],
  ] as const)
    if (Math.abs(n) >= v) return `${fmtNum(n / v)} ${w}`;
  return fmtNum(n);
}
