/**
 * Client-safe list of the typed knob columns the explorer filters, colours and plots by.
 * Mirrors KNOB_COLUMNS in db/mappers/run-row.ts (which a client bundle must not import: it pulls
 * node:crypto); tests/explore/state.test.ts asserts the two lists agree.
 */
export const EXPLORE_KNOBS = [
  'sm_clock_mhz',
  'power_limit_w',
  'tp',
  'pp',
  'max_num_seqs',
  'max_concurrency',
  'request_rate',
  'input_len',
  'output_len',
] as const;
export type ExploreKnob = (typeof EXPLORE_KNOBS)[number];

export const KNOB_LABELS: Record<ExploreKnob, { label: string; unit: string; definition: string }> = {
  sm_clock_mhz: { label: 'SM clock', unit: 'MHz', definition: 'GPU streaming-multiprocessor clock locked for the run (nvidia-smi -lgc).' },
  power_limit_w: { label: 'Power limit', unit: 'W', definition: 'GPU power cap set for the run (nvidia-smi -pl).' },
  tp: { label: 'Tensor parallel', unit: 'GPUs', definition: 'Tensor-parallel degree: GPUs each layer is split across.' },
  pp: { label: 'Pipeline parallel', unit: 'stages', definition: 'Pipeline-parallel degree: stages the layers are split into.' },
  max_num_seqs: { label: 'max_num_seqs', unit: 'seqs', definition: 'Maximum number of sequences the engine batches together (vLLM max_num_seqs).' },
  max_concurrency: { label: 'Max concurrency', unit: 'requests', definition: 'Maximum requests the load generator keeps in flight.' },
  request_rate: { label: 'Request rate', unit: 'req/s', definition: 'Offered request arrival rate of the load generator (absent = unlimited).' },
  input_len: { label: 'Input length', unit: 'tokens', definition: 'Configured input (prompt) length.' },
  output_len: { label: 'Output length', unit: 'tokens', definition: 'Configured output (generation) length.' },
};

export function isExploreKnob(k: string): k is ExploreKnob {
  return (EXPLORE_KNOBS as readonly string[]).includes(k);
}

/** Categorical run attributes the explorer can colour or facet by. */
export const CATEGORY_KEYS = ['model', 'gpu', 'engine', 'study', 'simulated'] as const;
export type CategoryKey = (typeof CATEGORY_KEYS)[number];
export const CATEGORY_LABELS: Record<CategoryKey, string> = {
  model: 'Model',
  gpu: 'GPU',
  engine: 'Engine',
  study: 'Study',
  simulated: 'Measured / simulated',
};
