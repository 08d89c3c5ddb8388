/**
 * Synthetic workloads: an arrival-rate shape (constant, diurnal sinusoid, steps) with Poisson (or
 * evenly spaced) arrivals, and (input, output) length pairs resampled from a real trace so the
 * lengths keep their joint distribution. Seeded with the one PRNG (lib/stats/sample.ts): the same
 * spec gives the same requests.
 */
import { z } from 'zod';
import { rng } from '@/lib/stats/sample';
import { MAX_TRACE_ROWS } from './parse';
import type { TraceRequest, Workload } from './types';

const rate = z.number().finite().nonnegative().max(100_000);
const duration = z
  .number()
  .finite()
  .positive()
  .max(30 * 86_400);
const common = {
  name: z.string().trim().min(1).max(200).optional(),
  /** The workload whose (input, output) length pairs are resampled (default: the conversation trace). */
  lengthsFrom: z.string().min(1).max(200).default('builtin:azure-conv-2023'),
  seed: z
    .number()
    .int()
    .nonnegative()
    .max(2 ** 32 - 1)
    .default(0),
  arrival: z.enum(['poisson', 'uniform']).default('poisson'),
};

export const syntheticSpecSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('constant'), rateRps: rate, durationS: duration, ...common }).strict(),
  z
    .object({
      kind: z.literal('diurnal'),
      /** rate(t) = meanRps * (1 + amplitude * sin(2 pi (t - phaseS) / periodS)). */
      meanRps: rate,
      amplitude: z.number().min(0).max(1),
      periodS: duration,
      phaseS: z.number().finite().default(0),
      durationS: duration,
      ...common,
    })
    .strict(),
  z
    .object({
      kind: z.literal('step'),
      /** Consecutive phases: `rateRps` for `durationS` each. */
      steps: z
        .array(z.object({ rateRps: rate, durationS: duration }).strict())
        .min(1)
        .max(1000),
      ...common,
    })
    .strict(),
]);
export type SyntheticSpec = z.infer<typeof syntheticSpecSchema>;
export type SyntheticSpecInput = z.input<typeof syntheticSpecSchema>;

export function specDuration(s: SyntheticSpec): number {
  return s.kind === 'step' ? s.steps.reduce((a, p) => a + p.durationS, 0) : s.durationS;
}

/** The arrival rate (requests/s) at time t of the spec. */
export function rateAt(s: SyntheticSpec, t: number): number {
  if (s.kind === 'constant') return s.rateRps;
  if (s.kind === 'diurnal')
    return Math.max(0, s.meanRps * (1 + s.amplitude * Math.sin((2 * Math.PI * (t - s.phaseS)) / s.periodS)));
  let end = 0;
  for (const p of s.steps) {
    end += p.durationS;
    if (t < end) return p.rateRps;
  }
  return s.steps[s.steps.length - 1].rateRps;
}

function peakRate(s: SyntheticSpec): number {
  if (s.kind === 'constant') return s.rateRps;
  if (s.kind === 'diurnal') return s.meanRps * (1 + s.amplitude);
  return Math.max(...s.steps.map((p) => p.rateRps));
}

/** Expected request count (the integral of the rate), for the size check before generating. */
export function expectedRequests(s: SyntheticSpec): number {
  if (s.kind === 'constant') return s.rateRps * s.durationS;
  if (s.kind === 'step') return s.steps.reduce((a, p) => a + p.rateRps * p.durationS, 0);
  return peakRate(s) * s.durationS; // an upper bound is enough here
}

/**
 * Arrival times: Poisson by thinning (candidates at the peak rate, each kept with probability
 * rate(t)/peak), or 'uniform' (the i-th request when the integral of the rate reaches i).
 */
function arrivals(s: SyntheticSpec, rand: () => number): number[] {
  const T = specDuration(s);
  const peak = peakRate(s);
  const out: number[] = [];
  if (!(peak > 0)) return out;
  if (s.arrival === 'uniform') {
    // Integrate in small steps; at most MAX_TRACE_ROWS arrivals and T/dt steps (dt >= T/1e6).
    const dt = Math.max(T / 1_000_000, 1 / (peak * 20));
    let acc = 0;
    for (let t = 0; t < T && out.length < MAX_TRACE_ROWS; t += dt) {
      acc += rateAt(s, t) * dt;
      while (acc >= 1 && out.length < MAX_TRACE_ROWS) {
        out.push(t);
        acc -= 1;
      }
    }
    return out;
  }
  const maxCandidates = 2 * MAX_TRACE_ROWS;
  let t = 0;
  for (let k = 0; k < maxCandidates; k++) {
    t += -Math.log(1 - rand()) / peak;
    if (t >= T || out.length >= MAX_TRACE_ROWS) break;
    if (rand() * peak <= rateAt(s, t)) out.push(t);
  }
  return out;
}

/** Builds the synthetic workload of `spec`, lengths resampled from `lengths` (a non-empty trace). */
export function generateSynthetic(
  spec: SyntheticSpec,
  lengths: Pick<Workload, 'requests' | 'ref' | 'attribution'>,
  ref = 'synthetic',
): Workload {
  const expected = expectedRequests(spec);
  if (expected > MAX_TRACE_ROWS)
    throw new Error(
      `this spec would make about ${Math.round(expected)} requests (more than ${MAX_TRACE_ROWS}): lower the rate or the duration`,
    );
  if (!lengths.requests.length) throw new Error(`${lengths.ref} has no requests to take lengths from`);
  const rand = rng(spec.seed);
  const times = arrivals(spec, rand);
  const pool = lengths.requests;
  const requests: TraceRequest[] = times.map((t) => {
    const src = pool[Math.floor(rand() * pool.length)];
    return { atS: Math.round(t * 1e6) / 1e6, inputTokens: src.inputTokens, outputTokens: src.outputTokens };
  });
  return {
    ref,
    name: spec.name ?? describeSpec(spec),
    source: 'synthetic',
    durationS: specDuration(spec),
    requests,
    attribution: {
      // The lengths are derived from the source trace: its attribution travels with them (CC-BY).
      text: `Synthetic (${describeSpec(spec)}, seed ${spec.seed}); lengths resampled from ${lengths.ref}${lengths.attribution ? ` (${lengths.attribution.text})` : ''}`,
      license: lengths.attribution?.license,
      url: lengths.attribution?.url,
    },
  };
}

export function describeSpec(s: SyntheticSpec): string {
  if (s.kind === 'constant') return `constant ${s.rateRps} req/s for ${s.durationS} s`;
  if (s.kind === 'diurnal')
    return `diurnal ${s.meanRps} req/s ±${Math.round(s.amplitude * 100)}%, period ${s.periodS} s, for ${s.durationS} s`;
  return `steps ${s.steps.map((p) => `${p.rateRps} req/s x ${p.durationS} s`).join(', ')}`;
}
