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
  /** The plan ran a predicted (fitted, unmeasured) clock in this interval. */
  predictedClock?: boolean;
};

/** Measured vs predicted energy over the intervals at predicted clocks: the check of the clock fits. */
export type PredictedClockCheck = {
  intervals: number;
  clocksMhz: number[];
  predictedEnergyJ: number;
  measuredEnergyJ: number;
  errorPct: number;
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
  /** null: no interval ran a predicted clock; absent in validations stored before predictions. */
  predictedClocks?: PredictedClockCheck | null;
  notes: string[];
};
