/** What a replay of a plan measured, per interval and in total (stored as the plan's validation). */
export type IntervalValidation = {
  startS: number;
  requests: number;
  predictedEnergyJ: number;
  measuredEnergyJ: number;
  errorPct: number;
  /** Measured percentiles (ms) of the SLO families, by metric key. */
  measuredMs: Record<string, number>;
  /** Share of the interval's requests (tokens for ITL) within each SLO limit, by metric key. */
  attainment: Record<string, number>;
};

export type PlanValidation = {
  device: string;
  mode: 'sim-virtual-time' | 'http';
  simulated: boolean;
  ranAt: string;
  wallS: number;
  requests: number;
  completed: number;
  intervals: IntervalValidation[];
  /** Serving energy (switching energy is a stated input, not replayed). */
  predictedEnergyJ: number;
  measuredEnergyJ: number;
  errorPct: number;
  attainment: Record<string, number>;
  targets: Record<string, number>;
  passed: { energyWithin10Pct: boolean; sloAttained: boolean };
  notes: string[];
};
