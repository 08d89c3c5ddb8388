/**
 * Hugging Face optimum-benchmark benchmark.json ({config, report}) or benchmark_report.json (the
 * report alone). One run per inference target (prefill, decode, generate, per_token, forward,
 * call, per_step) with knob `phase`. Energy is kWh per single call (CodeCarbon) -> J; the GPU
 * part is energy_j, CPU/RAM/total go to extra. Tokens (or samples) per call come from efficiency x
 * total energy; energy per token/sample is derived by the metric catalogue, not here.
 */
import type { MetricKey } from '@/lib/metrics/keys';
import type { RunRecord } from '@/lib/record/schema';
import { buildRun, isObj, num, posInt, shortModel, standardWarnings, str, toJ, toMs, type Obj } from '../common';
import { readJson } from '../text';
import { ImportError, type Importer } from '../types';

const PHASES = ['prefill', 'decode', 'generate', 'per_token', 'forward', 'call', 'per_step'];
const TARGETS = [...PHASES, 'load_model', 'first_generate', 'load_dataset', 'preprocess_dataset', 'preprocess'];

export const optimumBenchmarkImporter: Importer = {
  id: 'optimum-benchmark',
  confidence: 0.9,
  label: 'optimum-benchmark benchmark.json / benchmark_report.json',
  detect(text) {
    const h = text.slice(0, 5000);
    if (!h.trimStart().startsWith('{')) return false;
    // benchmark.json: {"config": {"backend": {...}, "scenario": {...}, ...}, "report": {...}}
    if (
      /"config"\s*:\s*\{/.test(h) &&
      /"report"\s*:\s*\{/.test(text) &&
      (/optimum_benchmark/.test(h) || (/"backend"\s*:\s*\{/.test(h) && /"scenario"\s*:\s*\{/.test(text)))
    )
      return true;
    // benchmark_report.json: targets holding {"memory", "latency", "throughput", "energy", "efficiency"}
    return /"(prefill|decode|forward|generate|load_model|per_token|call)"\s*:\s*\{\s*"memory"/.test(h);
  },
  parse(text, ctx) {
    const f = ctx.name;
    const o = readJson(f, text);
    if (!isObj(o)) throw new ImportError(f, undefined, 'expected a JSON object');
    const report = isObj(o.report) ? o.report : o;
    const cfg = isObj(o.config) ? o.config : undefined;
    const backend = cfg && isObj(cfg.backend) ? cfg.backend : {};
    const env = cfg && isObj(cfg.environment) ? cfg.environment : {};
    const scenario = cfg && isObj(cfg.scenario) ? cfg.scenario : {};
    for (const k of Object.keys(report))
      if (!TARGETS.includes(k) && !isObj(report[k])) throw new ImportError(f, k, `unexpected report target value`);
    const warnings = [
      'energy is kWh per call of the target (the whole dataset in energy_star scenarios; optimum-benchmark / CodeCarbon): converted to J; energy_j is the GPU part, total (CPU+RAM+GPU) kept in extra',
    ];
    if (!cfg)
      warnings.push(
        'benchmark_report.json has no config: model, GPU and engine unknown (upload benchmark.json instead, or fill the batch fields)',
      );
    const hw = hardwareOf(f, backend, env, warnings);
    const newTokens = newTokensPerCall(f, scenario);
    const runs: RunRecord[] = [];
    for (const phase of PHASES) {
      const t = report[phase];
      if (!isObj(t)) continue;
      const metrics: Partial<Record<MetricKey, number>> = {};
      const extra: Obj = {};
      const workload: Record<string, unknown> = {};
      let provenance: RunRecord['energy_provenance'];
      const e = isObj(t.energy) ? t.energy : undefined;
      const eff = isObj(t.efficiency) ? t.efficiency : undefined;
      if (e) {
        const unit = str(e.unit) ?? 'kWh';
        const gpuJ = toJ(num(f, `${phase}.energy.gpu`, e.gpu), unit);
        const totalJ = toJ(num(f, `${phase}.energy.total`, e.total), unit);
        if (gpuJ === undefined && totalJ === undefined && (e.gpu !== undefined || e.total !== undefined))
          throw new ImportError(f, `${phase}.energy.unit`, `unknown energy unit "${unit}"`);
        metrics.energy_j = gpuJ;
        extra.energy_total_j = totalJ;
        extra.energy_cpu_j = toJ(num(f, `${phase}.energy.cpu`, e.cpu), unit);
        extra.energy_ram_j = toJ(num(f, `${phase}.energy.ram`, e.ram), unit);
        provenance = {
          method: 'reported',
          scope: 'gpu',
          source: 'optimum-benchmark energy tracker (CodeCarbon), per call',
        };
        if (hw.cpu) {
          // A CPU backend's energy is the CPU's (+ RAM), never the idle GPU's.
          metrics.energy_j = extra.energy_cpu_j as number | undefined;
          provenance = { ...provenance, scope: 'cpu', notes: 'CPU backend: energy_j is the CPU energy' };
        }
        if (eff && gpuJ !== undefined && totalJ) {
          const effUnit = str(eff.unit) ?? '';
          const effV = num(f, `${phase}.efficiency.value`, eff.value);
          // efficiency = volume / energy.total  =>  volume per call = efficiency * total kWh (a count
          // the file implies). The per-token / per-sample energy is then derived by the metric
          // catalogue from energy_j and that count (energy_j / output tokens, energy_j / completed).
          const volume = effV !== undefined ? effV * (num(f, `${phase}.energy.total`, e.total) ?? 0) : undefined;
          if (volume && /^tokens\//.test(effUnit)) workload.output_tokens_total = volume;
          else if (volume && /^samples\//.test(effUnit)) metrics.completed = volume;
          extra.efficiency = { value: effV, unit: effUnit };
        }
      }
      const lat = isObj(t.latency) ? t.latency : undefined;
      if (lat) {
        const unit = str(lat.unit) ?? 's';
        const fam = phase === 'prefill' ? 'ttft' : phase === 'decode' || phase === 'per_token' ? 'tpot' : 'e2e';
        // The decode target's latency is the whole decode of one call (new_tokens - 1 tokens after
        // the prefill's first): per output token it is that / (new_tokens - 1). per_token is already per token.
        const perTokenDiv = phase === 'decode' ? (newTokens && newTokens > 1 ? newTokens - 1 : undefined) : 1;
        if (perTokenDiv === undefined)
          warnings.push(
            'decode latency is per call and the tokens generated per call are not fixed (new_tokens, or max_new_tokens = min_new_tokens): decode TPOT not stored',
          );
        else {
          const scale = (v: number | undefined) => (v === undefined ? undefined : v / perTokenDiv);
          metrics[`${fam}_ms_mean` as MetricKey] = scale(toMs(num(f, `${phase}.latency.mean`, lat.mean), unit));
          for (const p of ['p50', 'p90', 'p95', 'p99'])
            metrics[`${fam}_ms_${p}` as MetricKey] = scale(toMs(num(f, `${phase}.latency.${p}`, lat[p]), unit));
          if (phase === 'decode') extra.decode_tokens_per_call = perTokenDiv;
        }
        // Energy is per call, so the run's duration is one call (the mean latency); the total over
        // all iterations is kept in extra.
        const meanMs = toMs(num(f, `${phase}.latency.mean`, lat.mean), unit);
        metrics.duration_s = meanMs !== undefined && meanMs > 0 ? meanMs / 1000 : undefined;
        extra.latency_total_s = (toMs(num(f, `${phase}.latency.total`, lat.total), unit) ?? NaN) / 1000;
        extra.latency_count = num(f, `${phase}.latency.count`, lat.count);
      }
      const thr = isObj(t.throughput) ? t.throughput : undefined;
      if (thr) {
        const v = num(f, `${phase}.throughput.value`, thr.value);
        const u = str(thr.unit) ?? '';
        if (/^tokens\/s/.test(u)) metrics.output_throughput_tps = v;
        else if (/^samples\/s/.test(u)) metrics.request_throughput_rps = v;
        extra.throughput = { value: v, unit: u };
      }
      if (!Object.values(metrics).some((v) => v !== undefined)) continue;
      const model = str(backend.model);
      const gen = isObj(scenario.generate_kwargs) ? scenario.generate_kwargs : {};
      const shapes = isObj(scenario.input_shapes) ? scenario.input_shapes : {};
      runs.push(
        buildRun(
          ctx,
          'optimum-benchmark',
          {
            label: `${model ? shortModel(model) : 'optimum-benchmark'} ${phase}`,
            model,
            gpu_model: hw.gpuModel,
            gpu_count: hw.gpuCount,
            gpu_memory_gb: hw.gpuMemoryGb,
            engine: str(backend.name) ? `${str(backend.name)}` : undefined,
            engine_version: str(backend.version),
            knobs: {
              phase,
              batch_size: num(f, 'scenario.input_shapes.batch_size', shapes.batch_size),
              output_len: num(f, 'scenario.generate_kwargs.max_new_tokens', gen.max_new_tokens),
              input_len: num(f, 'scenario.input_shapes.sequence_length', shapes.sequence_length),
            },
            workload: {
              ...workload,
              dataset: str(scenario.dataset_name),
              num_requests: posInt(f, 'scenario.num_samples', scenario.num_samples),
            },
            metrics,
            energy_provenance: provenance,
            extra: { ...extra, scenario: str(scenario.name), task: str(backend.task) },
          },
          warnings,
          phase,
        ),
      );
    }
    if (!runs.length)
      throw new ImportError(f, 'report', `no inference target with measurements (looked for ${PHASES.join(', ')})`);
    return { runs, warnings: [...warnings, ...standardWarnings(runs)] };
  },
};

/** Display adapters some hosts list next to the accelerators (BMC graphics); never the GPU of a run. */
const DISPLAY_ADAPTER = /\b(ASPEED|Matrox|G200|VGA|Display|Hi1710|Cirrus)\b/i;

interface Hardware {
  gpuModel?: string;
  gpuCount?: number;
  gpuMemoryGb?: number;
  cpu: boolean;
}

/**
 * GPU model, count and per-GPU memory of the run. The count is the configured device_ids (the
 * devices the benchmark used), not the machine's adapters (which may include a display adapter);
 * environment.gpu_vram_mb is, despite its name, the byte total over all of the machine's GPUs.
 * A CPU backend ran on the CPU: it is labelled as such, never with the machine's GPU.
 */
function hardwareOf(f: string, backend: Obj, env: Obj, warnings: string[]): Hardware {
  const device = str(backend.device)?.toLowerCase();
  if (device === 'cpu') {
    const cpu = str(env.cpu)?.trim();
    warnings.push(`CPU backend: hardware recorded as the CPU${cpu ? ` (${cpu})` : ''}, not the machine's GPU`);
    return { gpuModel: cpu ? `CPU ${cpu}` : 'CPU', gpuCount: 1, cpu: true };
  }
  const listed = (Array.isArray(env.gpu) ? env.gpu : []).map((g) => str(g)).filter((g): g is string => !!g);
  const accel = listed.filter((g) => !DISPLAY_ADAPTER.test(g));
  if (accel.length < listed.length)
    warnings.push(
      `display adapter(s) in environment.gpu ignored: ${listed.filter((g) => DISPLAY_ADAPTER.test(g)).join(', ')}`,
    );
  const ids = deviceIds(f, backend.device_ids);
  const gpuCount = ids ?? (accel.length || undefined);
  const totalBytes = typeof env.gpu_vram_mb === 'number' && env.gpu_vram_mb > 0 ? env.gpu_vram_mb : undefined;
  // The byte total covers the accelerators the environment lists; per GPU = total / that count.
  const perGpu = totalBytes && accel.length ? totalBytes / accel.length / 1e9 : undefined;
  return { gpuModel: accel[0]?.replace(/^NVIDIA\s+/i, ''), gpuCount, gpuMemoryGb: perGpu, cpu: false };
}

/** backend.device_ids: "0", "0,1", [0, 1] or 0 -> how many devices. */
function deviceIds(f: string, v: unknown): number | undefined {
  if (v === null || v === undefined || v === '') return undefined;
  if (typeof v === 'number') return Number.isInteger(v) && v >= 0 ? 1 : undefined;
  const parts = Array.isArray(v) ? v.map(String) : String(v).split(',');
  const ids = parts.map((p) => p.trim()).filter(Boolean);
  if (!ids.every((p) => /^\d+$/.test(p)))
    throw new ImportError(f, 'config.backend.device_ids', `expected device indices, got ${JSON.stringify(v)}`);
  return new Set(ids).size || undefined;
}

/** Tokens generated per call: scenario.new_tokens, else max_new_tokens when min_new_tokens equals it. */
function newTokensPerCall(f: string, scenario: Obj): number | undefined {
  const gen = isObj(scenario.generate_kwargs) ? scenario.generate_kwargs : {};
  const fixed = posInt(f, 'scenario.new_tokens', scenario.new_tokens);
  if (fixed !== undefined) return fixed;
  const max = posInt(f, 'scenario.generate_kwargs.max_new_tokens', gen.max_new_tokens);
  const min = posInt(f, 'scenario.generate_kwargs.min_new_tokens', gen.min_new_tokens);
  // With min < max the model may stop early: the tokens per call are not known.
  return max !== undefined && (min === undefined || min === max) ? max : undefined;
}
