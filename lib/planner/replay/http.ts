/**
 * Validation by replay over HTTP, against a server URL: the load generator's trace replay
 * (lib/runner/loadgen/replay.ts) sends each request at its time-compressed arrival time.
 *  - The simulated server (it answers GET /sim/state) is one instance: the plan must use one
 *    instance of the server's TP throughout. Knobs are set with POST /sim/knobs at each interval
 *    boundary, the device's energy counter is read there, and times are converted to the server's
 *    simulated time with its time scale (the replay's speed-up is that time scale).
 *  - Any other server: requests are replayed at the given speed-up and latencies measured, but
 *    GPU knobs cannot be set and energy cannot be read from here: the validation reports SLO
 *    attainment only and says so (energy check not passed).
 */
import { performance } from 'node:perf_hooks';
import { replayRequests } from '@/lib/runner/loadgen/replay';
import type { TraceRequest } from '@/lib/workloads/types';
import type { IntervalPlan, SloLimit } from '../types';
import { summarizeReplay, type Samples } from './measure';
import type { PlanValidation } from './types';

export type HttpReplayInput = {
  url: string;
  model: string;
  intervals: readonly IntervalPlan[];
  intervalS: number;
  durationS: number;
  requests: readonly TraceRequest[];
  slo: readonly SloLimit[];
  /** Real servers only; the simulated server's time scale is used for it. */
  speedup?: number;
};

type SimState = {
  time_scale: number;
  tp: number;
  max_num_seqs: number;
  lag_s: number;
  devices: Array<{ energy_mj: number }>;
};

async function simState(url: string): Promise<SimState | null> {
  try {
    const res = await fetch(new URL('/sim/state', url), { signal: AbortSignal.timeout(3000) });
    return res.ok ? ((await res.json()) as SimState) : null;
  } catch {
    return null;
  }
}

async function setSimKnobs(url: string, iv: IntervalPlan) {
  const k = iv.config.knobs;
  const res = await fetch(new URL('/sim/knobs', url), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      sm_clock_mhz_min: k.sm_clock_mhz,
      sm_clock_mhz_max: k.sm_clock_mhz,
      power_limit_w: k.power_limit_w,
    }),
  });
  if (!res.ok) throw new Error(`${url}/sim/knobs answered ${res.status}`);
}

const energyJ = (s: SimState) => s.devices.reduce((a, d) => a + d.energy_mj, 0) / 1000;

export async function replayOverHttp(o: HttpReplayInput): Promise<PlanValidation> {
  const wall0 = performance.now();
  const sim = await simState(o.url);
  const T = o.intervals.length;
  if (sim) {
    const many = o.intervals.find(
      (iv) =>
        iv.config.instances !== 1 || iv.config.knobs.tp !== sim.tp || iv.config.knobs.max_num_seqs !== sim.max_num_seqs,
    );
    if (many)
      throw new Error(
        `the simulated server at ${o.url} is one instance with TP${sim.tp}, max_num_seqs ${sim.max_num_seqs}; this plan uses ${many.config.instances} instance(s) of TP${many.config.knobs.tp}, max_num_seqs ${many.config.knobs.max_num_seqs} at ${many.startS} s: replay it on the simulated device in virtual time (without --url)`,
      );
  }
  const K = sim ? sim.time_scale : (o.speedup ?? 1);
  const readings: number[] = new Array(T + 1).fill(NaN);
  let lagS = 0;
  const read = async (k: number) => {
    const s = await simState(o.url);
    if (s) readings[k] = energyJ(s);
    if (s && k === T) lagS = s.lag_s - (sim?.lag_s ?? 0);
  };
  const events = sim
    ? [
        ...o.intervals.map((iv, k) => ({
          atS: iv.startS / K,
          run: async () => {
            await read(k);
            await setSimKnobs(o.url, iv);
          },
        })),
      ]
    : [];
  if (sim) await setSimKnobs(o.url, o.intervals[0]);
  const load = await replayRequests({
    endpoint: o.url,
    model: o.model,
    requests: o.requests.map((r) => ({ ...r, atS: r.atS / K })),
    events,
  });
  // The counter at the trace's end: wait for it if the last answers came back earlier.
  const endWall = load.t0Ms + (o.durationS / K) * 1000;
  const wait = endWall - (performance.timeOrigin + performance.now());
  if (sim && wait > 0) await new Promise((r) => setTimeout(r, wait));
  if (sim) await read(T);

  const samples: Samples[] = o.intervals.map(() => ({ ttft: [], tpot: [], e2e: [], itl: [], requests: 0 }));
  let completed = 0;
  for (const r of load.results) {
    const k = Math.min(T - 1, Math.floor((r.dueS * K) / o.intervalS));
    const s = samples[k];
    s.requests++;
    if (!r.success || !r.chunkMs.length || r.endMs === undefined) continue;
    completed++;
    s.ttft.push((r.chunkMs[0] - r.startMs) * K);
    s.e2e.push((r.endMs - r.startMs) * K);
    const n = r.chunkMs.length;
    s.tpot.push(n > 1 ? ((r.chunkMs[n - 1] - r.chunkMs[0]) / (n - 1)) * K : 0);
    for (let i = 1; i < n; i++) s.itl.push((r.chunkMs[i] - r.chunkMs[i - 1]) * K);
  }
  const measured = (k: number) => (sim ? readings[k + 1] - readings[k] : NaN);
  const { sloAttained, ...summary } = summarizeReplay(o.intervals, measured, samples, o.slo);
  // A server that fell behind skipped simulated time (host too busy): its energy is not comparable.
  const lagged = lagS > 0.01 * o.durationS;
  const energyOk = sim !== null && !lagged && Number.isFinite(summary.errorPct) && Math.abs(summary.errorPct) <= 10;
  return {
    device: sim ? `simulated server ${o.url} (time scale ${K})` : `server ${o.url}`,
    mode: 'http',
    simulated: sim !== null,
    ranAt: new Date().toISOString(),
    wallS: (performance.now() - wall0) / 1e3,
    requests: o.requests.length,
    completed,
    ...summary,
    passed: { energyWithin10Pct: energyOk, sloAttained },
    notes: [
      sim
        ? `Replayed over HTTP at ${K}x (the simulated server's time scale); latencies and energy in simulated time; knobs set with /sim/knobs at interval boundaries.`
        : `Replayed over HTTP at ${K}x. GPU knobs were NOT changed and energy was NOT measured (no power source for a remote server): only SLO attainment is checked.`,
      `Largest send delay behind schedule: ${Math.round(load.maxLateMs)} ms wall.`,
      ...(lagged
        ? [
            `The simulated server fell ${lagS.toFixed(1)} s of simulated time behind (host too busy for time scale ${K}): its energy is not comparable; replay at a lower time scale or in virtual time.`,
          ]
        : []),
      "Measured energy is serving energy; the plan's switching energy (a stated input) is left out of both sides.",
    ],
  };
}
