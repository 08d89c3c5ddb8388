/**
 * The metric catalogue: one entry per metric with label, unit, direction and a one-line definition
 * (shown in the UI and in docs/metrics.md), plus the only place derived metrics are computed.
 * Missing stays missing: a derivation runs only when all of its inputs are present.
 */
import { shallowCopy } from '@/lib/shallow-copy';
import { LATENCY_FAMILIES, METRIC_KEYS, PERCENTILES, type MetricKey } from './keys';

export type Direction = 'lower' | 'higher';
export type MetricGroup = 'energy' | 'latency' | 'throughput' | 'run';

export interface MetricDef {
  key: MetricKey;
  label: string;
  short: string;
  unit: string;
  direction: Direction;
  group: MetricGroup;
  definition: string;
  /** Human description of how it is derived when the source does not give it. */
  derivation?: string;
}

const FAMILY: Record<(typeof LATENCY_FAMILIES)[number], { name: string; def: string }> = {
  ttft: { name: 'TTFT', def: 'time to first token: from sending the request to receiving the first output token' },
  tpot: {
    name: 'TPOT',
    def: 'time per output token after the first: (E2E - TTFT) / (output tokens - 1), per request',
  },
  itl: { name: 'ITL', def: 'inter-token latency: gap between consecutive streamed tokens, over all gaps' },
  e2e: { name: 'E2E latency', def: 'end-to-end request latency: from sending the request to its last token' },
};
const PCT_LABEL = { mean: 'mean', p50: 'median (p50)', p90: 'p90', p95: 'p95', p99: 'p99' } as const;

const latencyDefs: MetricDef[] = LATENCY_FAMILIES.flatMap((f) =>
  PERCENTILES.map((p) => ({
    key: `${f}_ms_${p}` as MetricKey,
    label: `${p === 'mean' ? 'Mean' : p.toUpperCase()} ${FAMILY[f].name}`,
    short: `${p} ${FAMILY[f].name}`,
    unit: 'ms',
    direction: 'lower' as const,
    group: 'latency' as const,
    definition: `${PCT_LABEL[p]} ${FAMILY[f].def}.`,
  })),
);

export const METRICS: readonly MetricDef[] = [
  {
    key: 'energy_per_output_token_j',
    label: 'Energy per output token',
    short: 'J/out tok',
    unit: 'J/token',
    direction: 'lower',
    group: 'energy',
    definition:
      'GPU energy of the run divided by the number of OUTPUT (generated) tokens only. Input tokens are not counted.',
    derivation:
      'energy_j / output tokens, or avg_power_w / output_throughput_tps, or energy_per_request_j / mean output tokens per request',
  },
  {
    key: 'energy_per_token_j',
    label: 'Energy per token (input + output)',
    short: 'J/tok (in+out)',
    unit: 'J/token',
    direction: 'lower',
    group: 'energy',
    definition:
      'GPU energy of the run divided by input plus output tokens. Several times lower than per output token on long-prompt workloads.',
    derivation: 'energy_j / (input + output tokens), or avg_power_w / total_throughput_tps',
  },
  {
    key: 'energy_per_request_j',
    label: 'Energy per request',
    short: 'J/req',
    unit: 'J/request',
    direction: 'lower',
    group: 'energy',
    definition: 'GPU energy of the run divided by the number of completed requests.',
    derivation: 'energy_j / completed, or avg_power_w / request_throughput_rps',
  },
  {
    key: 'kwh_per_1m_output_tokens',
    label: 'kWh per 1M output tokens',
    short: 'kWh/1M out',
    unit: 'kWh/1M tokens',
    direction: 'lower',
    group: 'energy',
    definition: 'Energy per output token scaled to one million tokens, in kilowatt-hours.',
    derivation: 'energy_per_output_token_j * 1e6 / 3.6e6',
  },
  {
    key: 'kwh_per_1m_tokens',
    label: 'kWh per 1M tokens (input + output)',
    short: 'kWh/1M tok',
    unit: 'kWh/1M tokens',
    direction: 'lower',
    group: 'energy',
    definition: 'Energy per input+output token scaled to one million tokens, in kilowatt-hours.',
    derivation: 'energy_per_token_j * 1e6 / 3.6e6',
  },
  {
    key: 'energy_j',
    label: 'Energy',
    short: 'energy',
    unit: 'J',
    direction: 'lower',
    group: 'energy',
    definition:
      "GPU energy over the measurement window (summed over GPUs); see the run's energy provenance for method and window.",
    derivation: 'avg_power_w * duration_s',
  },
  {
    key: 'avg_power_w',
    label: 'Average power',
    short: 'avg W',
    unit: 'W',
    direction: 'lower',
    group: 'energy',
    definition: 'Mean total GPU power over the window (summed over GPUs).',
    derivation: 'energy_j / duration_s, or energy_per_output_token_j * output_throughput_tps',
  },
  {
    key: 'peak_power_w',
    label: 'Peak power',
    short: 'peak W',
    unit: 'W',
    direction: 'lower',
    group: 'energy',
    definition: 'Highest total GPU power sample in the window.',
  },
  {
    key: 'output_throughput_tps',
    label: 'Output token throughput',
    short: 'out tok/s',
    unit: 'tokens/s',
    direction: 'higher',
    group: 'throughput',
    definition: 'Generated (output) tokens per second over the run, all GPUs together. Excludes input tokens.',
    derivation: 'output tokens / duration_s',
  },
  {
    key: 'total_throughput_tps',
    label: 'Total token throughput (input + output)',
    short: 'tok/s (in+out)',
    unit: 'tokens/s',
    direction: 'higher',
    group: 'throughput',
    definition: 'Input plus output tokens per second over the run.',
    derivation: '(input + output tokens) / duration_s',
  },
  {
    key: 'request_throughput_rps',
    label: 'Request throughput',
    short: 'req/s',
    unit: 'requests/s',
    direction: 'higher',
    group: 'throughput',
    definition: 'Completed requests per second over the run.',
    derivation: 'completed / duration_s, or avg_power_w / energy_per_request_j',
  },
  {
    key: 'goodput_rps',
    label: 'Goodput',
    short: 'goodput',
    unit: 'requests/s',
    direction: 'higher',
    group: 'throughput',
    definition: "Completed requests per second that met the benchmark's own per-request SLOs.",
  },
  ...latencyDefs,
  {
    key: 'duration_s',
    label: 'Duration',
    short: 'duration',
    unit: 's',
    direction: 'lower',
    group: 'run',
    definition: 'Wall-clock length of the measured run (benchmark duration).',
  },
  {
    key: 'completed',
    label: 'Completed requests',
    short: 'completed',
    unit: 'requests',
    direction: 'higher',
    group: 'run',
    definition: 'Requests that finished successfully.',
  },
  {
    key: 'failed',
    label: 'Failed requests',
    short: 'failed',
    unit: 'requests',
    direction: 'lower',
    group: 'run',
    definition: 'Requests that errored or were cut off.',
  },
];

export const METRIC_BY_KEY: ReadonlyMap<MetricKey, MetricDef> = new Map(METRICS.map((m) => [m.key, m]));

export function metricDef(key: MetricKey): MetricDef {
  const d = METRIC_BY_KEY.get(key);
  if (!d) throw new Error(`unknown metric ${key}`);
  return d;
}

// Guard at module load: the catalogue must cover every key exactly once.
if (METRICS.length !== METRIC_KEYS.length || METRIC_KEYS.some((k) => !METRIC_BY_KEY.has(k))) {
  throw new Error('metric catalogue does not match METRIC_KEYS');
}

type M = Partial<Record<MetricKey, number>>;
interface DeriveInput {
  metrics: M;
  workload?: {
    input_tokens_total?: number;
    output_tokens_total?: number;
    num_requests?: number;
    mean_output_len?: number;
  } & Record<string, unknown>;
}

const ok = (v: number | undefined): v is number => typeof v === 'number' && Number.isFinite(v);
const pos = (v: number | undefined): v is number => ok(v) && v > 0;

/**
 * Fills in derived metrics where the inputs exist. Returns the new metrics and the list of keys
 * that were derived (not given by the source). Given values are never overwritten.
 */
export function deriveMetrics({ metrics, workload = {} }: DeriveInput): { metrics: M; derived: MetricKey[] } {
  const m: M = shallowCopy(metrics);
  const derived: MetricKey[] = [];
  const set = (k: MetricKey, v: number | undefined) => {
    if (!ok(m[k]) && ok(v) && v >= 0) {
      m[k] = v;
      derived.push(k);
    }
  };
  const outTok = workload.output_tokens_total;
  const inTok = workload.input_tokens_total;
  const allTok = ok(outTok) && ok(inTok) ? outTok + inTok : undefined;

  // Rates and totals first; a few passes let chains resolve (e.g. power -> energy -> per token).
  for (let pass = 0; pass < 3; pass++) {
    if (pos(m.duration_s)) {
      if (pos(outTok)) set('output_throughput_tps', outTok / m.duration_s);
      if (pos(allTok)) set('total_throughput_tps', allTok / m.duration_s);
      if (ok(m.completed)) set('request_throughput_rps', m.completed / m.duration_s);
      if (ok(m.energy_j)) set('avg_power_w', m.energy_j / m.duration_s);
      if (ok(m.avg_power_w)) set('energy_j', m.avg_power_w * m.duration_s);
    }
    if (ok(m.energy_j)) {
      if (pos(outTok)) set('energy_per_output_token_j', m.energy_j / outTok);
      if (pos(allTok)) set('energy_per_token_j', m.energy_j / allTok);
      if (pos(m.completed)) set('energy_per_request_j', m.energy_j / m.completed);
    }
    if (ok(m.avg_power_w)) {
      if (pos(m.output_throughput_tps)) set('energy_per_output_token_j', m.avg_power_w / m.output_throughput_tps);
      if (pos(m.total_throughput_tps)) set('energy_per_token_j', m.avg_power_w / m.total_throughput_tps);
      if (pos(m.request_throughput_rps)) set('energy_per_request_j', m.avg_power_w / m.request_throughput_rps);
    }
    // Per-request energy sources (ML.ENERGY v1/v2) give energy per response and the mean response
    // length: their ratio is the energy per output token of the same requests.
    const meanOut = workload.mean_output_len;
    if (ok(m.energy_per_request_j) && pos(meanOut)) set('energy_per_output_token_j', m.energy_per_request_j / meanOut);
    if (ok(m.avg_power_w) && pos(m.energy_per_request_j))
      set('request_throughput_rps', m.avg_power_w / m.energy_per_request_j);
    if (ok(m.energy_per_output_token_j) && pos(m.output_throughput_tps)) {
      set('avg_power_w', m.energy_per_output_token_j * m.output_throughput_tps);
    }
  }
  if (ok(m.energy_per_output_token_j)) set('kwh_per_1m_output_tokens', (m.energy_per_output_token_j * 1e6) / 3.6e6);
  if (ok(m.energy_per_token_j)) set('kwh_per_1m_tokens', (m.energy_per_token_j * 1e6) / 3.6e6);
  return { metrics: m, derived };
}

/** Display-unit conversions for energy-per-token axes (explorer "units" switch). */
export type EnergyUnit = 'j' | 'kwh_1m' | 'gco2_1m' | 'cost_1m';
export function convertEnergyPerToken(
  j: number,
  unit: EnergyUnit,
  opts: { gridGco2PerKwh: number; pricePerKwh: number },
): number {
  const kwh1m = (j * 1e6) / 3.6e6;
  switch (unit) {
    case 'j':
      return j;
    case 'kwh_1m':
      return kwh1m;
    case 'gco2_1m':
      return kwh1m * opts.gridGco2PerKwh;
    case 'cost_1m':
      return kwh1m * opts.pricePerKwh;
  }
}
