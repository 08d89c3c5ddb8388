/**
 * The schedule: per interval, a costly state (TP, max_num_seqs, instance count) and the cheapest
 * feasible cheap knobs for it, chosen by dynamic programming over the whole trace so that the sum
 * of interval energies plus switching energies is least. This is the hysteresis: a costly change
 * is made only when the energy it saves in the following intervals exceeds what switching costs
 * (instances started x (stated switch energy + their idle power over the stated switch time)).
 */
import { bestCheap, type Choice, type CostlyState } from './evaluate';
import type { CheapKnobs, LoadInterval, OperatingCurve, PlannerOptions } from './types';

export type IntervalInput = { iv: LoadInterval; seconds: number; curves: readonly OperatingCurve[] };
export type Restriction = { fixedState?: CostlyState; allowCheap?: (k: CheapKnobs) => boolean };
export type ScheduleStep = Choice & { switchEnergyJ: number; reconfigured: boolean };

const sameShape = (a: CostlyState, b: CostlyState) => a.tp === b.tp && a.mns === b.mns;

/** Instances that must be (re)started to go from a to b: new TP/max_num_seqs restarts all of b's. */
export function instancesStarted(a: CostlyState, b: CostlyState): number {
  return sameShape(a, b) ? Math.max(0, b.n - a.n) : b.n;
}

export function switchEnergy(a: CostlyState, b: CostlyState, opts: PlannerOptions, gpusPerInstance: number): number {
  const started = instancesStarted(a, b);
  if (!started) return 0;
  if (!opts.allowCostly) return Infinity;
  return started * (opts.switchCost.energyJ + opts.idleWPerGpu * gpusPerInstance * opts.switchCost.timeS);
}

/** Every costly state the curves allow: TP x measured concurrency x 1..maxInstances. */
export function costlyStates(curves: readonly OperatingCurve[], maxInstances: number): CostlyState[] {
  const shapes = new Map<string, { tp: number; mns: number }>();
  for (const c of curves)
    for (const p of c.points) shapes.set(`${c.knobs.tp}|${p.concurrency}`, { tp: c.knobs.tp, mns: p.concurrency });
  const out: CostlyState[] = [];
  for (const s of shapes.values()) for (let n = 1; n <= maxInstances; n++) out.push({ ...s, n });
  return out;
}

/** Least-energy schedule, or the index of the first interval no state can serve (null when some state can but no path does). */
export function planSchedule(
  inputs: readonly IntervalInput[],
  states: readonly CostlyState[],
  opts: PlannerOptions,
  r: Restriction = {},
): { steps: ScheduleStep[] } | { infeasibleAt: number } {
  const allowed = r.fixedState ? [r.fixedState] : states;
  const T = inputs.length;
  const S = allowed.length;
  // Interval by interval, so that a state infeasible somewhere (most static candidates) stops early.
  const choice: Array<Array<Choice | null>> = [];
  for (let t = 0; t < T; t++) {
    const { iv, seconds, curves } = inputs[t];
    const row = allowed.map((st) => bestCheap(curves, st, iv, seconds, opts, r.allowCheap));
    if (row.every((c) => !c)) return { infeasibleAt: t };
    choice.push(row);
  }
  const gpusOf = (t: number, s: number) => choice[t][s]?.curve.gpuCount ?? allowed[s].tp;
  let cost = choice[0].map((c) => (c ? c.prediction.energyJ : Infinity));
  const from: number[][] = [cost.map(() => -1)];
  for (let t = 1; t < T; t++) {
    const next = new Array<number>(S).fill(Infinity);
    const back = new Array<number>(S).fill(-1);
    for (let s = 0; s < S; s++) {
      const c = choice[t][s];
      if (!c) continue;
      for (let p = 0; p < S; p++) {
        if (!Number.isFinite(cost[p])) continue;
        const total = cost[p] + switchEnergy(allowed[p], allowed[s], opts, gpusOf(t, s)) + c.prediction.energyJ;
        if (total < next[s]) {
          next[s] = total;
          back[s] = p;
        }
      }
    }
    cost = next;
    from.push(back);
  }
  let s = cost.reduce((bi, v, i) => (v < cost[bi] ? i : bi), 0);
  if (!Number.isFinite(cost[s])) return { infeasibleAt: -1 };
  const path: number[] = [];
  for (let t = T - 1; t >= 0; t--) {
    path.unshift(s);
    s = from[t][s];
  }
  const steps = path.map((si, t) => {
    const c = choice[t][si]!;
    const prev = t > 0 ? allowed[path[t - 1]] : null;
    const sw = prev ? switchEnergy(prev, allowed[si], opts, c.curve.gpuCount) : 0;
    return {
      ...c,
      prediction: { ...c.prediction, switchEnergyJ: sw },
      switchEnergyJ: sw,
      reconfigured: !!prev && (prev.tp !== allowed[si].tp || prev.mns !== allowed[si].mns || prev.n !== allowed[si].n),
    };
  });
  return { steps };
}
