/**
 * MLPerf Inference loadgen logs and power files -> facts, and facts -> one run. The summary,
 * detail log, PTDaemon spl.txt, power/server.json and a system description of the same run are
 * joined in lib/importers/join.ts; each file alone still parses.
 */
import type { MetricKey } from '@/lib/metrics/keys';
import type { RunRecord } from '@/lib/record/schema';
import { buildRun, standardWarnings } from '../common';
import type { ParseContext } from '../types';

export type Family = 'e2e' | 'ttft' | 'tpot';
export interface MlperfFacts {
  kind: 'mlperf-perf';
  source: 'summary' | 'detail';
  scenario?: string;
  sut?: string;
  mode?: string;
  valid?: boolean;
  samplesPerQuery?: number;
  queryCount?: number;
  samplesPerSec?: number;
  queriesPerSec?: number;
  tokensPerSec?: number;
  /** latency statistics in ns: family -> stat (mean|p50|p90|p95|p99) -> ns */
  lat: Partial<Record<Family, Record<string, number>>>;
  powerBeginMs?: number;
  powerEndMs?: number;
  params: Record<string, number | string>;
  loadgenVersion?: string;
}

export interface SplSample {
  t: number;
  w: number;
  mark: string;
}
export interface SplMeta {
  kind: 'mlperf-spl';
  samples: SplSample[];
}
export interface PowerServerMeta {
  kind: 'mlperf-power-server';
  meter?: string;
  testingWattsAvg?: number;
  testingSamples?: number;
  sessionName?: string;
}
export interface SystemMeta {
  kind: 'mlperf-system';
  gpu_model?: string;
  gpu_count?: number;
  host?: string;
  engine?: string;
}

/** "MM-DD-YYYY HH:MM:SS.fff" (UTC in loadgen; same clock basis as spl.txt) -> epoch ms. */
export function mlperfTime(s: string): number | undefined {
  const m = /^(\d{2})-(\d{2})-(\d{4}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?$/.exec(s.trim());
  if (!m) return undefined;
  const ms = m[7] ? Number(m[7].padEnd(3, '0').slice(0, 3)) : 0;
  return Date.UTC(Number(m[3]), Number(m[1]) - 1, Number(m[2]), Number(m[4]), Number(m[5]), Number(m[6]), ms);
}

const PCT: Record<string, string> = { '50.00': 'p50', '90.00': 'p90', '95.00': 'p95', '99.00': 'p99' };
/** MLPerf benchmark ids; results paths write the dot of "llama3.1" as "_" (llama3_1-405b). */
const MODEL_IN_NAME =
  /(gptj|llama2-70b|llama-?3[._]1-(?:405b|70b|8b)|llama-?3[._]3-70b|mixtral-8x7b|deepseek-r1|bert|resnet50|retinanet|3d-unet|rnnt|dlrm-v2|stable-diffusion-xl)(-99(?:\.9)?)?(?![\w.])/i;
/** Canonical benchmark id: llama3_1-405b -> llama3.1-405b. */
const canonicalModel = (id: string) => id.toLowerCase().replace(/^llama-?3[._]([13])/, 'llama3.$1');
/** "H200-SXM-141GBx8_TRT", "8xH100", "DGX-H100_H100-SXM-80GBx8": the GPU count in a system name. */
export function gpuCountInName(name: string): number | undefined {
  const m = /[A-Za-z0-9]x(\d{1,3})(?=$|[_\-/ .])/.exec(name) ?? /(?:^|[_\-/ ])(\d{1,3})x[A-Z]+\d/.exec(name);
  const n = m ? Number(m[1]) : NaN;
  return Number.isInteger(n) && n > 0 ? n : undefined;
}
const GPU_IN_NAME = /(B200|H200|H100|GH200|GB200|A100|L40S|L4|MI300X|MI325X|A30|T4)/i;

/** Builds the run from merged facts plus optional power samples / meter / system description. */
export function mlperfRun(
  ctx: ParseContext,
  format: string,
  f: MlperfFacts,
  extras: { spl?: SplMeta; server?: PowerServerMeta; system?: SystemMeta; names: string[] },
  warnings: string[],
): RunRecord {
  const m: Partial<Record<MetricKey, number>> = {};
  const ns = (v: number | undefined) => (v === undefined ? undefined : v / 1e6);
  for (const fam of ['e2e', 'ttft', 'tpot'] as const)
    for (const [stat, v] of Object.entries(f.lat[fam] ?? {})) m[`${fam}_ms_${stat}` as MetricKey] = ns(v);
  m.request_throughput_rps =
    f.samplesPerSec ?? (f.queriesPerSec !== undefined ? f.queriesPerSec * (f.samplesPerQuery ?? 1) : undefined);
  m.output_throughput_tps = f.tokensPerSec;
  const spq = f.samplesPerQuery ?? 1;
  const extra: Record<string, unknown> = {
    scenario: f.scenario,
    sut_name: f.sut,
    mode: f.mode,
    result_valid: f.valid,
    samples_per_query: spq,
    loadgen_version: f.loadgenVersion,
    test_parameters: f.params,
  };
  let provenance: RunRecord['energy_provenance'];
  const haveWindow = f.powerBeginMs !== undefined && f.powerEndMs !== undefined && f.powerEndMs > f.powerBeginMs;
  if (haveWindow) {
    m.duration_s = (f.powerEndMs! - f.powerBeginMs!) / 1000;
    if (f.queryCount !== undefined) m.completed = f.queryCount * spq;
  }
  if (extras.spl) {
    const all = extras.spl.samples;
    // Official rule (submission_checker get_power_metric): samples with W > 0 strictly inside the window.
    const inWin = haveWindow
      ? all.filter((s) => s.t > f.powerBeginMs! && s.t < f.powerEndMs! && s.w > 0)
      : all.filter((s) => /testing$/i.test(s.mark) && s.w > 0);
    if (!haveWindow)
      warnings.push(
        'power_begin/power_end not available (upload mlperf_log_detail.txt of the same run): average power taken over all PTDaemon samples marked "testing", energy per sample derived from power / throughput',
      );
    if (!inWin.length) warnings.push('no PTDaemon samples inside the testing window: energy not computed');
    else {
      const avgW = inWin.reduce((a, s) => a + s.w, 0) / inWin.length;
      m.avg_power_w = avgW;
      m.peak_power_w = Math.max(...inWin.map((s) => s.w));
      // Energy = avg W x window and energy per sample = energy / samples are derived by the metric
      // catalogue (energy_j, energy_per_request_j) from the raw avg_power_w, duration_s, completed.
      // The checker's own figure is one of them, named here, not recomputed.
      if (haveWindow) {
        const isStream = /stream/i.test(f.scenario ?? '');
        extra.mlperf_power_metric =
          isStream && f.queryCount
            ? { unit: 'mJ/query', equals: `energy_per_request_j x ${spq * 1000} (samples per query x 1000)` }
            : { unit: 'W', equals: 'avg_power_w' };
      }
      const span = inWin.length > 1 ? (inWin[inWin.length - 1].t - inWin[0].t) / 1000 : 0;
      provenance = {
        method: 'wall_meter',
        scope: 'system',
        sample_hz: span > 0 ? (inWin.length - 1) / span : undefined,
        source: `MLPerf PTDaemon spl.txt${extras.server?.meter ? ` (${extras.server.meter})` : ''}`,
        ...(haveWindow ? { window: { start_s: 0, end_s: m.duration_s!, steady_state: true } } : {}),
        notes: `mean of ${inWin.length} samples with W > 0 inside ${haveWindow ? 'power_begin..power_end' : 'the PTDaemon testing mark'}; whole-system wall power, not GPU only`,
      };
      warnings.push('MLPerf power is measured at the wall for the whole system (scope "system"), not GPU only');
      if (extras.server?.testingWattsAvg !== undefined) extra.ptd_testing_watts_avg = extras.server.testingWattsAvg;
    }
  } else if (extras.server?.testingWattsAvg !== undefined) {
    m.avg_power_w = extras.server.testingWattsAvg;
    provenance = {
      method: 'wall_meter',
      scope: 'system',
      source: 'MLPerf power/server.json PTDaemon "Watts" reply (whole testing phase)',
      notes: 'average over the whole PTDaemon testing phase, which is longer than the loadgen window',
    };
    warnings.push(
      'average power from power/server.json covers the whole PTDaemon testing phase (upload spl.txt + mlperf_log_detail.txt for the exact window)',
    );
  }
  const names = extras.names.join(' ');
  const modelM = MODEL_IN_NAME.exec(names);
  const model = modelM ? canonicalModel(modelM[0]) : undefined;
  if (model) warnings.push(`model "${model}" inferred from the file name (MLPerf benchmark id)`);
  let gpuCount = extras.system?.gpu_count;
  if (gpuCount === undefined) {
    for (const src of [extras.system?.host, f.sut, ...extras.names]) {
      const n = src ? gpuCountInName(src) : undefined;
      if (n !== undefined) {
        gpuCount = n;
        warnings.push(`GPU count ${n} inferred from the system name "${src}"`);
        break;
      }
    }
  }
  let gpu = extras.system?.gpu_model;
  if (!gpu) {
    const g = GPU_IN_NAME.exec(names) ?? GPU_IN_NAME.exec(f.sut ?? '');
    if (g) {
      gpu = g[1].toUpperCase();
      warnings.push(`GPU model "${gpu}" inferred from the file/SUT name`);
    }
  }
  if (f.valid === false) warnings.push('loadgen result is INVALID');
  const knobs: Record<string, unknown> = {};
  if (typeof f.params.target_qps === 'number' && /server/i.test(f.scenario ?? ''))
    knobs.request_rate = f.params.target_qps;
  if (f.scenario) knobs.scenario = f.scenario;
  return buildRun(
    ctx,
    format,
    {
      label: `MLPerf ${model ?? f.sut ?? ''} ${f.scenario ?? ''}`.replace(/\s+/g, ' ').trim(),
      model,
      gpu_model: gpu,
      gpu_count: gpuCount,
      host: extras.system?.host,
      engine: extras.system?.engine,
      knobs,
      metrics: m,
      energy_provenance: provenance,
      stability:
        f.valid !== undefined ? { stable: f.valid, reason: f.valid ? 'loadgen VALID' : 'loadgen INVALID' } : undefined,
      extra,
    },
    warnings,
  );
}

export function finish(runs: RunRecord[], warnings: string[]) {
  return { runs, warnings: [...new Set([...warnings, ...standardWarnings(runs)])] };
}

export function numOr(v: string): number | string {
  const t = v.trim();
  return /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(t) ? Number(t) : t;
}

export { PCT };
