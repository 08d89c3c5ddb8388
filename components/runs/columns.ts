/** Columns of the runs table: typed knobs and the key metrics, with units from the catalogue. */
import { KNOB_BY_KEY, type ColumnKnob } from '@/lib/knobs/catalogue';
import { METRIC_BY_KEY } from '@/lib/metrics/catalogue';
import type { MetricKey } from '@/lib/metrics/keys';
import { gpuDisplayName } from '@/lib/explore/display-names';

export interface RunColumn {
  id: string;
  header: string;
  title?: string;
  unit?: string;
  sortKey?: string;
  numeric?: boolean;
  get: (r: RunLike) => unknown;
}

export interface RunLike {
  id?: string | number;
  label: string;
  model: { id: string };
  hardware: { gpu_model: string; gpu_count: number; simulated: boolean };
  engine: { name: string };
  knobs: Record<string, unknown>;
  metrics: Record<string, number | undefined>;
  study_id?: number;
}

const metricCol = (key: MetricKey): RunColumn => {
  const d = METRIC_BY_KEY.get(key)!;
  return {
    id: key,
    header: d.short,
    title: `${d.label} (${d.unit}): ${d.definition}`,
    unit: d.unit,
    sortKey: key,
    numeric: true,
    get: (r) => r.metrics[key],
  };
};
const knobCol = (key: ColumnKnob): RunColumn => {
  const { label, short, unit, definition } = KNOB_BY_KEY.get(key)!;
  return {
    id: key,
    header: short,
    unit: unit || undefined,
    sortKey: key,
    numeric: true,
    title: `${label}${unit ? ` (${unit})` : ''}: ${definition}`,
    get: (r) => r.knobs[key],
  };
};

/** Key metrics first (energy, latency, throughput), then the knobs that were set, then the engine. */
export const RUN_COLUMNS: RunColumn[] = [
  { id: 'model', header: 'model', sortKey: 'model', get: (r) => r.model.id },
  // One name per GPU model for reading; the recorded name is in the run's provenance.
  {
    id: 'gpu',
    header: 'GPU',
    sortKey: 'gpu',
    title: 'GPU model (normalised name; the recorded name is on the run page)',
    get: (r) => `${r.hardware.gpu_count}× ${gpuDisplayName(r.hardware.gpu_model)}`,
  },
  metricCol('energy_per_output_token_j'),
  metricCol('itl_ms_p99'),
  metricCol('tpot_ms_p99'),
  metricCol('ttft_ms_p99'),
  metricCol('output_throughput_tps'),
  metricCol('avg_power_w'),
  metricCol('energy_per_token_j'),
  knobCol('sm_clock_mhz'),
  knobCol('power_limit_w'),
  knobCol('tp'),
  knobCol('max_num_seqs'),
  knobCol('request_rate'),
  { id: 'engine', header: 'engine', sortKey: 'engine', get: (r) => r.engine.name },
];
