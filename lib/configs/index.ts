/** Configurations (repeats of the same setup) with per-metric uncertainty (docs/models.md). */
export { configKey, configLabel, groupConfigs, groupFamilies, varyingKnobs, type Family } from './group';
export { summarizeConfig, summarizeValues, metricValues, RATIO_METRICS, BOOTSTRAP_MIN_N, seedOf } from './summary';
export {
  pickConfiguration,
  TIE_BREAK_RULE,
  DEFAULT_CONFIDENCE_RESAMPLES,
  type ConfigView,
  type Recommendation,
  type Distinction,
  type ConfigPickOptions,
} from './recommend';
export { noiseVerdict, NOISE_METRICS, type NoiseVerdict } from './compare';
export type { Configuration, MetricSummary, RunForConfig, KnobValue } from './types';
