/** The knobs a sweep grid may vary (no dependencies: shared by the form and the validation). */
/** Grid knobs: name -> how it is applied and its bounds. */
export const GRID_KNOBS = {
  sm_clock_mhz: { label: 'SM clock (MHz)', int: true, min: 100, max: 5000, applies: 'harness' },
  power_limit_w: { label: 'Power limit (W)', int: true, min: 50, max: 2000, applies: 'harness' },
  tp: { label: 'Tensor parallel', int: true, min: 1, max: 64, applies: 'server' },
  max_num_seqs: { label: 'max_num_seqs', int: true, min: 1, max: 65536, applies: 'server' },
  max_concurrency: { label: 'Concurrency', int: true, min: 1, max: 100000, applies: 'harness' },
  request_rate: { label: 'Request rate (req/s)', int: false, min: 0.001, max: 1e6, applies: 'harness' },
  input_len: { label: 'Input length', int: true, min: 1, max: 1_000_000, applies: 'harness' },
  output_len: { label: 'Output length', int: true, min: 1, max: 1_000_000, applies: 'harness' },
} as const;
export type GridKnob = keyof typeof GRID_KNOBS;
export const GRID_KNOB_NAMES = Object.keys(GRID_KNOBS) as GridKnob[];
