/** Fitted models of energy, latency and power (docs/models.md). */
export {
  fitBilinear,
  predictBilinear,
  BILINEAR_FORM,
  BILINEAR_MIN_N,
  type BilinearFit,
  type IoPoint,
} from './bilinear';
export {
  fitPowerLaw,
  predictPowerLaw,
  POWER_LAW_FORM,
  POWER_LAW_MIN_N,
  POWER_LAW_MIN_CLOCKS,
  type PowerLawFit,
  type ClockPoint,
} from './power-law';
export { MIN_R2, midpointClocks, missNote, type ClockMiss } from './clock-grid';
export { crossValidate, foldAssignment, mape, rSquared } from './quality';
export { fitLinear } from './linear';
export type { FitQuality, FitRefusal, Prediction, Residual } from './types';
