/**
 * The planner's shapes: what a plan is asked (PlanInputs), the measured operating points it plans
 * from, and what it answers (PlanResult). Client-safe (no server imports): the plan page renders
 * a stored PlanResult as it is.
 */
import type { LatencyFamily, Percentile } from '@/lib/metrics/keys';

/** A latency SLO: the `pct` percentile of `family` must stay at or under `limitMs`. */
export type SloLimit = { key: string; family: LatencyFamily; pct: Exclude<Percentile, 'mean'>; limitMs: number };

/** One interval of the workload's load (what bucketing a trace gives). */
export type LoadInterval = { startS: number; requests: number; rateRps: number; meanIn: number; meanOut: number };

/** Knobs the planner may change every interval (cheap) or only with a switching cost (costly). */
export type CheapKnobs = { sm_clock_mhz: number; power_limit_w: number };
export type CostlyKnobs = { tp: number; max_num_seqs: number };
export type PlanKnobs = CheapKnobs & CostlyKnobs;

export type SwitchCost = { timeS: number; energyJ: number };

export type BaselineKind = 'max_clock_static' | 'best_static';

export type PlannerOptions = {
  intervalS: number;
  slo: SloLimit[];
  /** Highest share of an instance's measured capacity the planner loads it to (queueing headroom). */
  maxUtilisation: number;
  /** Idle power of one GPU (W): what an instance draws between requests. */
  idleWPerGpu: number;
  /** Cost of (re)starting one instance with other costly knobs: model load time and its energy. */
  switchCost: SwitchCost;
  maxInstances: number;
  baseline: BaselineKind;
  /** Only cheap knobs change per interval (costly ones fixed to the best static choice) when false. */
  allowCostly: boolean;
};

/** Measured means of one configuration at one concurrency, converted to the workload's request mix. */
export type CurvePoint = {
  concurrency: number;
  /** Requests per second one instance completes (workload-mix requests). */
  throughputRps: number;
  /** Power of the whole instance (all its GPUs), W. */
  powerW: number;
  /** Latency percentiles by metric key (e.g. ttft_ms_p99). */
  latencyMs: Record<string, number>;
  runs: number;
};

/** One configuration's measured points over concurrency (max_num_seqs = concurrency, closed loop). */
export type OperatingCurve = {
  knobs: CheapKnobs & { tp: number };
  gpuCount: number;
  points: CurvePoint[];
  /** Fitted over the clock at an unmeasured clock (lib/planner/predicted.ts), not measured. */
  predicted: boolean;
};

export type Prediction = {
  energyJ: number;
  avgPowerW: number;
  /** Per-instance load as a share of the capacity the planner allows (maxUtilisation x measured). */
  utilisation: number;
  latencyMs: Record<string, number>;
  /** Smallest (limit - predicted) / limit over the SLOs; >= 0 when all are met. */
  sloMargin: number;
  switchEnergyJ: number;
};

export type IntervalPlan = LoadInterval & {
  /** predicted: the SM clock was not measured, its curve is fitted (absent in plans stored before predictions). */
  config: { knobs: PlanKnobs; instances: number; gpus: number; predicted?: boolean };
  predicted: Prediction;
  /** The costly knobs changed at this interval's start. */
  reconfigured: boolean;
};

export type PeriodTotals = { kwh: number; cost: number; tco2e: number };

export type PlanTotals = {
  energyKwh: number;
  baselineEnergyKwh: number;
  bestStaticEnergyKwh: number;
  maxClockStaticEnergyKwh: number;
  savingsPct: number;
  savingsVsBestStaticPct: number;
  savingsVsMaxClockPct: number;
  switchEnergyKwh: number;
  reconfigurations: number;
  durationS: number;
  requests: number;
  /** At the trace's own rate, repeated all day. */
  atTraceRate: { perDay: PeriodTotals; perMonth: PeriodTotals; perYear: PeriodTotals };
  /** Scaled to the user-set volume (requests per day), when given. */
  atVolume: { requestsPerDay: number; perDay: PeriodTotals; perMonth: PeriodTotals; perYear: PeriodTotals } | null;
  baselineAtTraceRate: { perMonth: PeriodTotals; perYear: PeriodTotals };
};

export type StaticPlan = {
  name: string;
  knobs: PlanKnobs;
  instances: number;
  energyJ: number;
  intervals: Prediction[];
  /** Its SM clock is a predicted one (absent in plans stored before predictions). */
  predicted?: boolean;
};

/** What the predicted clocks contributed to a plan (absent in plans stored before predictions). */
export type PredictionInfo = {
  /** Whether the plan was asked to use predicted clocks. */
  enabled: boolean;
  /** Clock families whose curves were used, and the predicted points they gave. */
  families: number;
  points: number;
  /** Intervals whose chosen configuration is at a predicted clock. */
  chosenIntervals: number;
  /** The best plan from measured clocks alone (null: they cannot meet the SLOs everywhere). */
  measuredOnlyEnergyKwh: number | null;
  notes: string[];
};

export type Reason = { knob: string; text: string; savedKwh: number };

export type PlanResult = {
  intervals: IntervalPlan[];
  totals: PlanTotals;
  baseline: StaticPlan;
  bestStatic: StaticPlan;
  maxClockStatic: StaticPlan;
  reasons: Reason[];
  assumptions: string[];
  warnings: string[];
  predictions?: PredictionInfo;
};
