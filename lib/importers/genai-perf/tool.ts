/**
 * Builds runs from GenAI-Perf / AIPerf exports (JSON or CSV). The CSV is turned into the same
 * metric-object shape as the JSON so both go through one mapping.
 */
import { buildRun, isObj, num, posInt, shortModel, standardWarnings, str, type Obj } from '../common';
import { readCsvRows } from '../text';
import { ImportError, type ParseContext, type ParseResult } from '../types';
import {
  cleanGpuName,
  gpuFromMetrics,
  statsMetrics,
  telemetryEnergy,
  type GpuTelemetry,
  type TelemetryWindow,
} from './shared';

type Tool = 'genai-perf' | 'aiperf';

function dig(o: unknown, ...path: string[]): unknown {
  let cur = o;
  for (const p of path) cur = isObj(cur) ? cur[p] : undefined;
  return cur;
}

/** AIPerf 0.11+: `models: {items: [{name}]}`; older: a list of names or one name. */
function modelOf(cfg: Obj): string | undefined {
  const items = dig(cfg, 'models', 'items');
  if (Array.isArray(items)) {
    const first = items.find((i) => isObj(i) && str(i.name));
    if (isObj(first)) return str(first.name);
  }
  const models = (cfg.model ?? cfg.model_names ?? dig(cfg, 'endpoint', 'model_names')) as unknown;
  return Array.isArray(models) ? str(models[0]) : str(models);
}

/** AIPerf 0.11+ keeps load settings per phase: `phases` as a list ({name|type: "profiling"}) or keyed by phase. */
function profilingPhase(cfg: Obj): Obj | undefined {
  const phases = cfg.phases;
  if (Array.isArray(phases)) {
    const p = phases.find(
      (x) => isObj(x) && [x.name, x.type, x.phase].some((v) => typeof v === 'string' && /^profil/i.test(v)),
    );
    return isObj(p) ? p : undefined;
  }
  if (isObj(phases)) {
    const p = phases.profiling ?? phases.profile;
    return isObj(p) ? p : undefined;
  }
  return undefined;
}

function configFacts(f: string, cfg: Obj) {
  const model = modelOf(cfg);
  const phase = profilingPhase(cfg);
  const tokenizer = str(cfg.tokenizer) ?? str(dig(cfg, 'tokenizer', 'name'));
  const conc =
    cfg.concurrency ??
    phase?.concurrency ??
    dig(cfg, 'perf_analyzer', 'stimulus', 'concurrency') ??
    dig(cfg, 'loadgen', 'concurrency');
  const rate =
    cfg.request_rate ??
    phase?.request_rate ??
    dig(cfg, 'perf_analyzer', 'stimulus', 'request_rate') ??
    dig(cfg, 'loadgen', 'request_rate');
  const inLen =
    cfg.synthetic_input_tokens_mean ??
    dig(cfg, 'input', 'synthetic_tokens', 'mean') ??
    dig(cfg, 'input', 'prompt', 'input_tokens', 'mean');
  const outLen =
    cfg.output_tokens_mean ??
    dig(cfg, 'input', 'output_tokens', 'mean') ??
    dig(cfg, 'input', 'prompt', 'output_tokens', 'mean');
  const serviceKind = str(cfg.service_kind);
  const backend = str(cfg.backend);
  return {
    model,
    engine: serviceKind === 'triton' && backend ? backend : undefined,
    knobs: {
      max_concurrency: posInt(f, 'input_config.concurrency', conc),
      request_rate: num(f, 'input_config.request_rate', rate),
      input_len: num(f, 'input_config.synthetic_input_tokens_mean', inLen),
      output_len: num(f, 'input_config.output_tokens_mean', outLen),
      streaming:
        typeof cfg.streaming === 'boolean' ? cfg.streaming : (dig(cfg, 'endpoint', 'streaming') as boolean | undefined),
    },
    extra: { service_kind: serviceKind, backend, cli_command: str(cfg.cli_command), tokenizer },
  };
}

/** AIPerf's telemetry summary gives the telemetry window; GenAI-Perf's does not. */
function telemetryWindow(o: Obj): TelemetryWindow {
  const sum = dig(o, 'telemetry_data', 'summary');
  if (!isObj(sum)) return {};
  const a = Date.parse(String(sum.start_time ?? ''));
  const b = Date.parse(String(sum.end_time ?? ''));
  return Number.isFinite(a) && Number.isFinite(b) && b > a ? { seconds: (b - a) / 1000 } : {};
}

export function runFromExport(
  ctx: ParseContext,
  tool: Tool,
  format: string,
  o: Obj,
  gpus: GpuTelemetry[],
  extraWarnings: string[] = [],
): ParseResult {
  const f = ctx.name;
  const s = statsMetrics(f, o);
  const warnings = [...s.warnings, ...extraWarnings];
  const cfg = isObj(o.input_config) ? o.input_config : {};
  const facts = configFacts(f, cfg);
  const m = s.metrics;
  if (m.duration_s === undefined && m.completed && m.request_throughput_rps) {
    m.duration_s = m.completed / m.request_throughput_rps;
    warnings.push('no benchmark duration in file: duration = request_count / request_throughput');
  }
  const wl = { ...s.workload };
  if (wl.output_tokens_total === undefined && wl.mean_output_len !== undefined && m.completed)
    wl.output_tokens_total = wl.mean_output_len * m.completed;
  if (wl.input_tokens_total === undefined && wl.mean_input_len !== undefined && m.completed)
    wl.input_tokens_total = wl.mean_input_len * m.completed;
  const tel = telemetryEnergy(
    gpus,
    m.duration_s,
    warnings,
    tool === 'aiperf' ? 'AIPerf' : 'GenAI-Perf',
    telemetryWindow(o),
  );
  if (tel) {
    m.energy_j = tel.energyJ;
    m.avg_power_w = tel.avgPowerW;
    if (tel.peakW !== undefined) m.peak_power_w = tel.peakW;
  }
  // Knobs are settings. The power limit DCGM reports is the configured cap; the SM clock it
  // reports is a measured average, so it is a measurement (extra.sm_clock_mhz_avg), not a knob.
  const knobs: Record<string, unknown> = { ...facts.knobs };
  if (tel?.powerLimitW !== undefined) knobs.power_limit_w = tel.powerLimitW;
  const derived: string[] = [];
  if (s.workload.output_tokens_total === undefined && wl.output_tokens_total !== undefined)
    derived.push('workload.output_tokens_total');
  const run = buildRun(
    ctx,
    format,
    {
      label: [
        tool,
        facts.model ? shortModel(facts.model) : undefined,
        knobs.max_concurrency ? `conc ${knobs.max_concurrency}` : undefined,
        knobs.request_rate ? `rate ${knobs.request_rate}` : undefined,
      ]
        .filter(Boolean)
        .join(' '),
      model: facts.model,
      engine: facts.engine,
      gpu_model: cleanGpuName(tel?.gpuName),
      gpu_count: tel?.gpuCount,
      measured_at: str(o.start_time),
      knobs,
      workload: wl,
      metrics: m,
      derived,
      energy_provenance: tel?.provenance,
      extra: {
        ...facts.extra,
        per_gpu: tel?.perGpu,
        tool,
        sm_clock_mhz_avg: tel?.smClockMhz,
        telemetry_counter_energy_j: tel && tel.energyJ === undefined ? tel.counterEnergyJ : undefined,
        ...unknownMetrics(o),
      },
    },
    warnings,
  );
  return { runs: [run], warnings: [...warnings, ...standardWarnings([run])] };
}

/** GenAI-Perf: {metric: {unit, "<gpu>": stats}}; AIPerf: endpoints.<ep>.gpus.<gpu>.metrics. */
export function jsonTelemetry(f: string, o: Obj): GpuTelemetry[] {
  const out: GpuTelemetry[] = [];
  const ts = o.telemetry_stats;
  if (isObj(ts)) {
    const perGpu = new Map<string, Obj>();
    for (const [metric, v] of Object.entries(ts)) {
      if (!isObj(v)) continue;
      for (const [gpu, stats] of Object.entries(v)) {
        if (gpu === 'unit' || !isObj(stats)) continue;
        const g = perGpu.get(gpu) ?? {};
        g[metric] = { unit: v.unit, ...stats };
        perGpu.set(gpu, g);
      }
    }
    for (const [gpu, metrics] of perGpu)
      out.push(gpuFromMetrics(f, `gpu${gpu}`, metrics, undefined, `telemetry_stats.gpu${gpu}.`));
  }
  const eps = dig(o, 'telemetry_data', 'endpoints');
  if (isObj(eps)) {
    for (const [ep, epv] of Object.entries(eps)) {
      const gpus = dig(epv, 'gpus');
      if (!isObj(gpus)) continue;
      for (const [gid, g] of Object.entries(gpus)) {
        if (!isObj(g) || !isObj(g.metrics)) continue;
        const gpu = gpuFromMetrics(f, `${ep}/${gid}`, g.metrics, str(g.gpu_name), `telemetry_data.${gid}.`);
        gpu.identity = gpuIdentity(g.gpu_uuid, g.hostname, g.gpu_index);
        out.push(gpu);
      }
    }
  }
  return out;
}

/** The physical GPU behind a telemetry entry: its UUID, else host + index. */
function gpuIdentity(uuid: unknown, host: unknown, index: unknown): string | undefined {
  const u = str(uuid);
  if (u) return u;
  const h = str(host);
  const i = str(index);
  return h && i !== undefined ? `${h}#${i}` : undefined;
}

/** Metrics the mapping reads; anything else in an export is kept as read (never rejects the file). */
const READ_METRICS = new Set([
  'time_to_first_token',
  'inter_token_latency',
  'inter_chunk_latency',
  'request_latency',
  'request_throughput',
  'output_token_throughput',
  'total_token_throughput',
  'request_goodput',
  'goodput',
  'request_count',
  'error_request_count',
  'benchmark_duration',
  'input_sequence_length',
  'output_sequence_length',
  'total_isl',
  'total_osl',
  'total_output_tokens',
]);

/** Unknown/irrelevant metrics' averages, kept in extra (only finite numbers). */
function unknownMetrics(o: Obj): Obj {
  const out: Obj = {};
  for (const [k, v] of Object.entries(o)) {
    if (READ_METRICS.has(k) || !isObj(v) || !('avg' in v)) continue;
    if (typeof v.avg === 'number' && Number.isFinite(v.avg)) out[`metric_${k}`] = v.avg;
  }
  return Object.keys(out).length ? { other_metrics: out } : {};
}

const snake = (s: string) =>
  s
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_|_$/g, '');
const csvNum = (f: string, where: string, v: string | undefined) =>
  num(f, where, v === undefined ? undefined : v.replace(/,/g, '').trim());

/** Parses the sectioned GenAI-Perf/AIPerf CSV into the JSON export shape. */
export function csvToExport(f: string, text: string): { obj: Obj; gpus: GpuTelemetry[]; warnings: string[] } {
  const rows = readCsvRows(f, text);
  const obj: Obj = {};
  const warnings: string[] = [];
  const gpuMetrics = new Map<string, { name?: string; identity?: string; metrics: Obj }>();
  let header: string[] | null = null;
  for (const { cells, line } of rows) {
    if (!cells.some((c) => c.trim())) {
      header = null;
      continue;
    }
    const first = cells[0].trim();
    if (first === 'Metric' || first === 'Endpoint') {
      header = cells.map((c) => c.trim());
      continue;
    }
    if (!header)
      throw new ImportError(f, `line ${line}`, 'row outside a section (expected a "Metric,..." header first)');
    const col = (name: string) => header!.indexOf(name);
    const metricCell = header[0] === 'Endpoint' ? cells[col('Metric')] : first;
    const nm = /^(.*?)\s*\(([^)]*)\)\s*$/.exec(metricCell ?? '');
    const key = snake(nm ? nm[1] : (metricCell ?? ''));
    const unit = nm ? nm[2] : undefined;
    const stats: Obj = unit ? { unit: unit === 'sec' ? 's' : unit === 'per sec' ? 'requests/sec' : unit } : {};
    const gpuIdx = header.includes('GPU')
      ? cells[col('GPU')]
      : header.includes('GPU_Index')
        ? cells[col('GPU_Index')]
        : undefined;
    // Metrics the mapping reads are validated strictly (errors name line and column); any other
    // metric (e.g. "OSL Mismatch Diff %", which can be negative) never rejects the file.
    const strict = gpuIdx !== undefined || READ_METRICS.has(key);
    let dropped = false;
    header.forEach((h, i) => {
      if (['Metric', 'GPU', 'Endpoint', 'GPU_Index', 'GPU_Name', 'GPU_UUID'].includes(h)) return;
      const where = `line ${line}, ${metricCell} ${h}`;
      const raw = cells[i] === undefined ? undefined : cells[i].replace(/,/g, '').trim();
      const v = strict
        ? csvNum(f, where, cells[i])
        : raw && /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(raw)
          ? Number(raw)
          : undefined;
      if (!strict && raw && v === undefined) dropped = true;
      if (v !== undefined) stats[h === 'Value' ? 'avg' : h] = v;
    });
    if (dropped)
      warnings.push(
        `line ${line}: "${metricCell}" is not a metric Joulebench reads and has non-numeric values: dropped`,
      );
    if (gpuIdx !== undefined) {
      const id = header[0] === 'Endpoint' ? `${cells[0]}/gpu_${gpuIdx}` : `gpu${gpuIdx}`;
      const uuid = header.includes('GPU_UUID') ? cells[col('GPU_UUID')] : undefined;
      const g = gpuMetrics.get(id) ?? {
        name: header.includes('GPU_Name') ? cells[col('GPU_Name')] : undefined,
        identity: gpuIdentity(uuid, undefined, undefined),
        metrics: {},
      };
      g.metrics[key] = stats;
      gpuMetrics.set(id, g);
    } else obj[key] = stats;
  }
  const gpus = [...gpuMetrics].map(([id, g]) =>
    Object.assign(gpuFromMetrics(f, id, g.metrics, g.name, `${id}.`), g.identity ? { identity: g.identity } : {}),
  );
  return { obj, gpus, warnings };
}
