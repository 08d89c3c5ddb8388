/**
 * Latency SLOs of a plan: `{ "ttft_ms_p99": 2000, "tpot_ms_p99": 100 }` -> limits. Only latency
 * percentiles (p50..p99) of the catalogue's families qualify: a plan's SLO is a tail promise, and a
 * mean has no "share of requests" to attain.
 */
import { ValidationError } from '@/lib/errors';
import { LATENCY_FAMILIES, type LatencyFamily } from '@/lib/metrics/keys';
import type { SloLimit } from './types';

const PCTS = ['p50', 'p90', 'p95', 'p99'] as const;
const KEY = /^(ttft|tpot|itl|e2e)_ms_(p50|p90|p95|p99)$/;

export function parseSlo(input: unknown): SloLimit[] {
  if (!input || typeof input !== 'object' || Array.isArray(input))
    throw new ValidationError('slo: expected an object such as {"ttft_ms_p99": 2000}');
  const out: SloLimit[] = [];
  for (const [key, v] of Object.entries(input as Record<string, unknown>)) {
    const m = KEY.exec(key);
    if (!m)
      throw new ValidationError(
        `slo.${key}: not a latency percentile (use ${LATENCY_FAMILIES.join('|')}_ms_${PCTS.join('|')})`,
      );
    if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0 || v > 3.6e6)
      throw new ValidationError(`slo.${key}: expected a positive number of milliseconds`);
    out.push({ key, family: m[1] as LatencyFamily, pct: m[2] as SloLimit['pct'], limitMs: v });
  }
  if (!out.length) throw new ValidationError('slo: give at least one limit, e.g. {"ttft_ms_p99": 2000}');
  return out;
}

/** The share of requests each limit promises (p99 -> 0.99). */
export const targetShare = (s: SloLimit) => Number(s.pct.slice(1)) / 100;

/** Smallest relative margin (limit - value) / limit; -Infinity when a value is missing. */
export function sloMargin(slo: readonly SloLimit[], latencyMs: Record<string, number>): number {
  let m = Infinity;
  for (const s of slo) {
    const v = latencyMs[s.key];
    if (v === undefined || !Number.isFinite(v)) return -Infinity;
    m = Math.min(m, (s.limitMs - v) / s.limitMs);
  }
  return m;
}
