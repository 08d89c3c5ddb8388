/** Statistics of repeated measurements (docs/models.md explains them in plain words). */
export { describe, finite, mean, sd, tInterval, type Described } from './describe';
export { incompleteBeta, logGamma, tCdf, tQuantile } from './t';
export { bootstrapInterval, resampleInto, DEFAULT_RESAMPLES, DEFAULT_SEED, type BootstrapOptions } from './bootstrap';
export { welch, ALPHA, type WelchResult } from './welch';
export { percentile, rng } from './sample';
