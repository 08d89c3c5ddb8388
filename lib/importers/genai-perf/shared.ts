/**
 * Shared by GenAI-Perf and AIPerf (AIPerf's export was designed to match GenAI-Perf): metric
 * objects `{unit, avg, pXX, min, max, std}` with units read from each metric's `unit`, and DCGM
 * telemetry whose `energy_consumption` is a cumulative counter (energy = max - min, per GPU).
 */
import type { MetricKey } from '@/lib/metrics/keys';
import type { RunRecord } from '@/lib/record/schema';
import { isObj, isTimeUnit, num, toJ, toMs, toW, type Obj } from '../common';

/** Request metric name -> latency family. ITL in these tools is per request
 *  (latency - TTFT)/(tokens - 1), i.e. TPOT; AIPerf's inter_chunk_latency is the raw gap (ITL). */
const LATENCY: Record<string, 'ttft' | 'tpot' | 'itl' | 'e2e'> = {
  time_to_first_token: 'ttft',
  inter_token_latency: 'tpot',
  inter_chunk_latency: 'itl',
  request_latency: 'e2e',
};
const STAT: Record<string, string> = { avg: 'mean', p50: 'p50', p90: 'p90', p95: 'p95', p99: 'p99' };

export interface StatsResult {
  metrics: Partial<Record<MetricKey, number>>;
  workload: Record<string, number | undefined>;
  warnings: string[];
}

/** Reads the metric objects at the top level of a GenAI-Perf/AIPerf JSON export. */
export function statsMetrics(file: string, o: Obj): StatsResult {
  const metrics: Partial<Record<MetricKey, number>> = {};
  const warnings: string[] = [];
  const avg = (key: string) => {
    const m = o[key];
    return isObj(m) ? num(file, `${key}.avg`, m.avg) : undefined;
  };
  for (const [name, fam] of Object.entries(LATENCY)) {
    const m = o[name];
    if (!isObj(m)) continue;
    const unit = typeof m.unit === 'string' ? m.unit : 'ms';
    if (!isTimeUnit(unit)) {
      warnings.push(`${name}: unknown unit "${unit}", skipped`);
      continue;
    }
    if (typeof m.unit !== 'string') warnings.push(`${name}: no unit given, assumed ms`);
    for (const [s, p] of Object.entries(STAT)) {
      const v = toMs(num(file, `${name}.${s}`, m[s]), unit);
      if (v !== undefined) metrics[`${fam}_ms_${p}` as MetricKey] = v;
    }
  }
  metrics.request_throughput_rps = avg('request_throughput');
  metrics.output_throughput_tps = avg('output_token_throughput');
  metrics.total_throughput_tps = avg('total_token_throughput');
  metrics.goodput_rps = avg('request_goodput') ?? avg('goodput');
  metrics.completed = avg('request_count');
  metrics.failed = avg('error_request_count');
  const dur = o.benchmark_duration;
  if (isObj(dur)) {
    const unit = typeof dur.unit === 'string' ? dur.unit : 's';
    metrics.duration_s = (toMs(num(file, 'benchmark_duration.avg', dur.avg), unit) ?? NaN) / 1000;
    if (!Number.isFinite(metrics.duration_s)) delete metrics.duration_s;
  }
  const workload: Record<string, number | undefined> = {
    mean_input_len: avg('input_sequence_length'),
    mean_output_len: avg('output_sequence_length'),
    input_tokens_total: avg('total_isl'),
    output_tokens_total: avg('total_osl') ?? avg('total_output_tokens'),
  };
  return { metrics, workload, warnings };
}

export interface GpuTelemetry {
  index: string;
  name?: string;
  /** Identity of the physical GPU (UUID, else host + index): two endpoints can report the same GPU. */
  identity?: string;
  energyJ?: number;
  powerAvgW?: number;
  powerMaxW?: number;
  powerLimitW?: number;
  smClockMhz?: number;
  active: boolean;
}

/** One GPU's metric map (GenAI-Perf: per-metric {"<gpu>": stats}; AIPerf: per-GPU {metric: stats}). */
export function gpuFromMetrics(file: string, index: string, metrics: Obj, name?: string, prefix = ''): GpuTelemetry {
  const g: GpuTelemetry = { index, name, active: false };
  const get = (k: string) => (isObj(metrics[k]) ? (metrics[k] as Obj) : undefined);
  const e = get('energy_consumption');
  if (e) {
    const unit = typeof e.unit === 'string' ? e.unit : 'MJ';
    const max = num(file, `${prefix}energy_consumption.max`, e.max);
    const min = num(file, `${prefix}energy_consumption.min`, e.min);
    if (max !== undefined && min !== undefined) g.energyJ = toJ(max - min, unit);
  }
  const p = get('gpu_power_usage');
  if (p) {
    const unit = typeof p.unit === 'string' ? p.unit : 'W';
    g.powerAvgW = toW(num(file, `${prefix}gpu_power_usage.avg`, p.avg), unit);
    g.powerMaxW = toW(num(file, `${prefix}gpu_power_usage.max`, p.max), unit);
  }
  const pl = get('gpu_power_limit');
  if (pl)
    g.powerLimitW = toW(num(file, `${prefix}gpu_power_limit.avg`, pl.avg), typeof pl.unit === 'string' ? pl.unit : 'W');
  const clk = get('sm_clock_frequency') ?? get('gpu_clock_sm');
  if (clk) g.smClockMhz = num(file, `${prefix}sm_clock.avg`, clk.avg);
  const util = get('gpu_utilization');
  const mem = get('gpu_memory_used');
  const utilMax = util ? num(file, `${prefix}gpu_utilization.max`, util.max) : undefined;
  const memMax = mem ? num(file, `${prefix}gpu_memory_used.max`, mem.max) : undefined;
  g.active = (utilMax ?? 0) > 0 || (memMax ?? 0) > 0 || (!util && !mem);
  return g;
}

/** One entry per physical GPU: endpoints that scrape the same GPU (same UUID, or host + index) count once. */
export function dedupeGpus(gpus: GpuTelemetry[], warnings: string[]): GpuTelemetry[] {
  const seen = new Map<string, GpuTelemetry>();
  const out: GpuTelemetry[] = [];
  for (const g of gpus) {
    if (g.identity && seen.has(g.identity)) {
      warnings.push(
        `GPU ${g.identity} is reported by two telemetry endpoints (${seen.get(g.identity)!.index}, ${g.index}): counted once`,
      );
      continue;
    }
    if (g.identity) seen.set(g.identity, g);
    out.push(g);
  }
  return out;
}

export interface TelemetryWindow {
  /** Length of the telemetry window in seconds, when the file says (AIPerf telemetry_data.summary). */
  seconds?: number;
}

/** Counter-derived power this far from the sampled mean power means the windows differ (GenAI-Perf has no window times). */
const WINDOW_MISMATCH_RATIO = 1.5;
/** Window lengths within this fraction are the same window. */
const WINDOW_TOLERANCE = 0.05;

/**
 * GPU energy of the measurement from DCGM telemetry. The energy counter covers the telemetry
 * window; when that window is the measurement (same length, or counter power agrees with the
 * sampled power), energy = sum over GPUs of (max - min). When it is not (GenAI-Perf's telemetry
 * runs through warm-up and teardown), mixing windows would divide a long window's energy by a
 * short measurement: the sampled mean power over the run is used instead and the catalogue
 * derives energy = power x measurement duration (and per-token energy from that same energy).
 * Idle GPUs on the same host (no utilisation, no memory) are excluded and reported.
 */
export function telemetryEnergy(
  allGpus: GpuTelemetry[],
  durationS: number | undefined,
  warnings: string[],
  tool: string,
  window: TelemetryWindow = {},
) {
  const gpus = dedupeGpus(allGpus, warnings);
  const withE = gpus.filter((g) => g.energyJ !== undefined || g.powerAvgW !== undefined);
  if (!withE.length) return undefined;
  let used = withE.filter((g) => g.active);
  if (!used.length) used = withE;
  const idle = withE.filter((g) => !used.includes(g));
  if (idle.length)
    warnings.push(
      `${idle.length} idle GPU(s) in telemetry (no utilisation, no memory used) excluded from energy: ${idle.map((g) => g.index).join(', ')}`,
    );
  const counterJ = used.every((g) => g.energyJ !== undefined)
    ? used.reduce((a, g) => a + (g.energyJ ?? 0), 0)
    : undefined;
  const sampledW = used.every((g) => g.powerAvgW !== undefined)
    ? used.reduce((a, g) => a + (g.powerAvgW ?? 0), 0)
    : undefined;
  const windowDiffers = windowMismatch(counterJ, sampledW, durationS, window);
  let energyJ: number | undefined;
  let avgPowerW: number | undefined;
  let provenance: RunRecord['energy_provenance'];
  if (counterJ !== undefined && !windowDiffers) {
    energyJ = counterJ;
    warnings.push(
      `energy_consumption is a cumulative DCGM counter: energy taken as (max - min) per GPU, summed over ${used.length} GPU(s)`,
    );
    provenance = {
      method: 'dcgm_counter',
      scope: 'gpu',
      source: `${tool} telemetry energy_consumption (DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION), max - min`,
      notes:
        window.seconds !== undefined
          ? `telemetry window ${window.seconds.toFixed(1)} s = the measurement`
          : 'telemetry window covers the profiling run',
    };
  } else if (sampledW !== undefined) {
    avgPowerW = sampledW;
    const why = windowDiffers ? windowDiffers : 'no energy counter in telemetry';
    warnings.push(
      `${why}: energy = mean sampled GPU power ${sampledW.toFixed(1)} W x measurement duration (one window for energy, power, duration and per-token energy)`,
    );
    provenance = {
      method: 'power_integration',
      scope: 'gpu',
      source: `${tool} telemetry gpu_power_usage (mean of DCGM samples) x benchmark duration`,
      notes: why,
    };
  } else if (counterJ !== undefined) {
    energyJ = counterJ;
    warnings.push(
      `${windowDiffers}; no sampled power to fall back on: energy kept from the counter over the telemetry window`,
    );
    provenance = {
      method: 'dcgm_counter',
      scope: 'gpu',
      source: `${tool} telemetry energy_consumption, max - min`,
      notes: String(windowDiffers),
    };
  }
  const peak = used.every((g) => g.powerMaxW !== undefined)
    ? used.reduce((a, g) => a + (g.powerMaxW ?? 0), 0)
    : undefined;
  const limits = used.map((g) => g.powerLimitW).filter((x): x is number => x !== undefined);
  const clocks = used.map((g) => g.smClockMhz).filter((x): x is number => x !== undefined);
  return {
    energyJ,
    avgPowerW,
    counterEnergyJ: counterJ,
    gpuCount: used.length,
    gpuName: used[0].name,
    peakW: peak,
    powerLimitW: limits.length ? limits[0] : undefined,
    smClockMhz: clocks.length ? clocks.reduce((a, b) => a + b, 0) / clocks.length : undefined,
    perGpu: Object.fromEntries(used.map((g) => [g.index, { energy_j: g.energyJ, avg_power_w: g.powerAvgW }])),
    provenance,
  };
}

/** Why the telemetry window is not the measurement window, or undefined when they agree (or cannot be told apart). */
function windowMismatch(
  counterJ: number | undefined,
  sampledW: number | undefined,
  durationS: number | undefined,
  window: TelemetryWindow,
): string | undefined {
  if (counterJ === undefined || !durationS) return undefined;
  if (window.seconds !== undefined && window.seconds > 0) {
    const d = Math.abs(window.seconds - durationS) / Math.max(window.seconds, durationS);
    return d > WINDOW_TOLERANCE
      ? `telemetry window ${window.seconds.toFixed(1)} s differs from the ${durationS.toFixed(1)} s measurement`
      : undefined;
  }
  if (!sampledW) return undefined;
  const ratio = counterJ / durationS / sampledW;
  if (ratio > WINDOW_MISMATCH_RATIO || ratio < 1 / WINDOW_MISMATCH_RATIO)
    return `counter energy / measurement duration = ${(counterJ / durationS).toFixed(1)} W against ${sampledW.toFixed(1)} W sampled: the telemetry window is not the measurement window`;
  return undefined;
}

/** "NVIDIA A100-SXM4-80GB" -> "A100-SXM4-80GB" */
export const cleanGpuName = (n: string | undefined) => n?.replace(/^NVIDIA\s+/i, '').trim() || undefined;

/** AIPerf's own keys (GenAI-Perf never writes them): tell the two JSON exports apart. */
export function hasAiperfSignature(text: string): boolean {
  const h = text.slice(0, 50_000);
  return (
    /"(schema_version|aiperf_version|benchmark_duration|telemetry_data)"\s*:/.test(text) || /aiperf profile/.test(h)
  );
}
