/**
 * vLLM `bench serve --save-result` / benchmarks/benchmark_serving.py: one JSON object per run,
 * several objects per file with --append-result. Every key is optional (harnesses trim files).
 */
import type { RunRecord } from '@/lib/record/schema';
import { buildRun, hintsFromName, isInfinite, isObj, num, posInt, shortModel, standardWarnings, str, vllmDate, type Obj } from '../common';
import { readJsonDocs } from '../text';
import { ImportError, type Importer, type ParseContext } from '../types';
import { latencyMetrics, vllmEnergy } from './serve-metrics';

/** Header/result keys that are not --metadata knobs. */
const KNOWN = new Set([
  'date', 'endpoint_type', 'backend', 'label', 'model_id', 'tokenizer_id', 'num_prompts', 'request_rate', 'burstiness', 'max_concurrency',
  'ramp_up_strategy', 'ramp_up_start_rps', 'ramp_up_end_rps', 'best_of', 'use_beam_search', 'duration', 'completed', 'failed',
  'total_input_tokens', 'total_output_tokens', 'request_throughput', 'request_goodput', 'request_goodput:', 'output_throughput',
  'total_token_throughput', 'max_output_tokens_per_s', 'max_concurrent_requests', 'rtfx', 'input_lens', 'output_lens', 'ttfts', 'itls',
  'start_times', 'generated_texts', 'errors', 'latencies', 'queue_times', 'energy_gpu_ids', 'gpu_energy_j', 'gpu_energy_duration_s',
  'gpu_avg_power_w', 'gpu_energy_per_output_token_j', 'num_samples', 'rps_change_events', 'tokenizer_mode', 'dataset_name', 'dataset_path',
]);
const ENGINES: Record<string, string> = {
  vllm: 'vllm', 'vllm-chat': 'vllm', sglang: 'sglang', 'sglang-oai': 'sglang', tgi: 'tgi', lmdeploy: 'lmdeploy', 'tensorrt-llm': 'tensorrt-llm',
  'trt-llm': 'tensorrt-llm', 'deepspeed-mii': 'deepspeed-mii', scalellm: 'scalellm',
};

export function looksLikeVllmServe(o: unknown): boolean {
  if (!isObj(o)) return false;
  const hasHeader = 'date' in o || 'backend' in o || 'model_id' in o;
  const hasResult = 'mean_ttft_ms' in o || 'request_throughput' in o || 'median_ttft_ms' in o || 'p99_ttft_ms' in o;
  return hasHeader && hasResult && !('total_output_tokens_retokenized' in o) && !('mean_e2e_latency_ms' in o);
}

function requestSamples(file: string, o: Obj, warnings: string[]): RunRecord['requests'] | undefined {
  const { input_lens, output_lens, ttfts } = o;
  if (!Array.isArray(ttfts) || !Array.isArray(output_lens) || !Array.isArray(input_lens)) return undefined;
  const n = ttfts.length;
  if (output_lens.length !== n || input_lens.length !== n)
    throw new ImportError(file, 'ttfts/input_lens/output_lens', `per-request arrays differ in length (${n}, ${input_lens.length}, ${output_lens.length})`);
  const itls = Array.isArray(o.itls) ? (o.itls as unknown[]) : undefined;
  const lat = Array.isArray(o.latencies) ? (o.latencies as unknown[]) : undefined;
  const starts = Array.isArray(o.start_times) ? (o.start_times as unknown[]) : undefined;
  const errors = Array.isArray(o.errors) ? (o.errors as unknown[]) : undefined;
  const req: NonNullable<RunRecord['requests']> = { start_s: [], ttft_ms: [], e2e_ms: [], tpot_ms: [], input_tokens: [], output_tokens: [], success: [] };
  const t0 = starts?.length ? Math.min(...starts.map((s, i) => num(file, `start_times[${i}]`, s, { allowNegative: true }) ?? Infinity)) : 0;
  for (let i = 0; i < n; i++) {
    const ok = !errors || errors[i] === '' || errors[i] === null || errors[i] === undefined;
    const ttftS = num(file, `ttfts[${i}]`, ttfts[i]);
    const out = num(file, `output_lens[${i}]`, output_lens[i]);
    let e2eS = lat ? num(file, `latencies[${i}]`, lat[i]) : undefined;
    if (e2eS === undefined && ttftS !== undefined && itls && Array.isArray(itls[i])) {
      // Older files have no per-request latency: TTFT + sum of inter-token gaps is what vLLM measures.
      let s = ttftS;
      for (const g of itls[i] as unknown[]) s += num(file, `itls[${i}]`, g) ?? 0;
      e2eS = s;
    }
    const st = starts ? (num(file, `start_times[${i}]`, starts[i], { allowNegative: true }) ?? t0) - t0 : 0;
    req.start_s.push(st);
    req.ttft_ms.push(ok && ttftS !== undefined && ttftS > 0 ? ttftS * 1000 : null);
    req.e2e_ms.push(ok && e2eS !== undefined && e2eS > 0 ? e2eS * 1000 : null);
    req.tpot_ms!.push(ok && e2eS !== undefined && ttftS !== undefined && out !== undefined && out > 1 ? ((e2eS - ttftS) * 1000) / (out - 1) : null);
    req.input_tokens.push(num(file, `input_lens[${i}]`, input_lens[i]) ?? null);
    req.output_tokens.push(out ?? null);
    req.success.push(ok);
  }
  if (!starts) warnings.push('per-request start times not in file: request samples have start_s = 0');
  if (!lat && itls) warnings.push('per-request E2E latency computed as TTFT + sum of inter-token gaps (file has no latencies array)');
  return req;
}

export function vllmServeRun(ctx: ParseContext, o: Obj, warnings: string[], where: string, format = 'vllm-serve'): RunRecord {
  const f = ctx.name;
  const knobs: Record<string, unknown> = {};
  if (o.request_rate !== undefined && o.request_rate !== null && !isInfinite(o.request_rate)) knobs.request_rate = num(f, 'request_rate', o.request_rate);
  knobs.max_concurrency = posInt(f, 'max_concurrency', o.max_concurrency);
  knobs.burstiness = num(f, 'burstiness', o.burstiness);
  if (typeof o.ramp_up_strategy === 'string') knobs.ramp_up_strategy = o.ramp_up_strategy;
  // --metadata KEY=VALUE pairs land at the top level as strings: keep them as knobs.
  let gpu: string | undefined;
  let gpuCount: number | undefined;
  for (const [k, v] of Object.entries(o)) {
    if (KNOWN.has(k) || /_ms$|_power_w$|toks_per|^probe_|^spec_decode_|^diffusion_|^cpu_/.test(k)) continue;
    if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') continue;
    const key = k.toLowerCase();
    if (['gpu', 'gpu_model', 'gpu_type', 'hardware'].includes(key)) gpu = String(v);
    else if (['gpu_count', 'num_gpus', 'gpus'].includes(key)) gpuCount = posInt(f, k, v);
    else if (['tp', 'tensor_parallel_size', 'tensor-parallel-size'].includes(key)) knobs.tp = posInt(f, k, v);
    else if (['pp', 'pipeline_parallel_size'].includes(key)) knobs.pp = posInt(f, k, v);
    else if (['sm_clock_mhz', 'power_limit_w', 'max_num_seqs'].includes(key)) knobs[key] = num(f, k, v);
    else knobs[k] = typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : v;
  }
  if (knobs.tp === undefined) {
    const h = hintsFromName(f);
    if (h.tp) {
      knobs.tp = h.tp;
      warnings.push(`tp=${h.tp} inferred from the file name`);
    }
  }
  const completed = num(f, 'completed', o.completed);
  const energy = vllmEnergy(f, o);
  const goodput = o['request_goodput'] ?? o['request_goodput:'];
  const backend = str(o.backend);
  const engine = backend ? ENGINES[backend.toLowerCase()] : undefined;
  if (backend && !engine) warnings.push(`server engine not recorded in file (backend "${backend}" is a client API): engine set to "unknown"`);
  const model = str(o.model_id);
  const requests = requestSamples(f, o, warnings);
  const rr = knobs.request_rate === undefined ? 'inf' : String(knobs.request_rate);
  return buildRun(
    ctx,
    format,
    {
      label: [str(o.label), model ? shortModel(model) : undefined, `rate ${rr}`, knobs.max_concurrency ? `conc ${knobs.max_concurrency}` : undefined].filter(Boolean).join(' '),
      model,
      engine,
      gpu_model: gpu,
      gpu_count: gpuCount,
      measured_at: vllmDate(o.date),
      knobs,
      workload: {
        dataset: str(o.dataset_name),
        num_requests: posInt(f, 'num_prompts', o.num_prompts),
        input_tokens_total: num(f, 'total_input_tokens', o.total_input_tokens),
        output_tokens_total: num(f, 'total_output_tokens', o.total_output_tokens),
      },
      metrics: {
        duration_s: num(f, 'duration', o.duration),
        completed,
        failed: num(f, 'failed', o.failed),
        request_throughput_rps: num(f, 'request_throughput', o.request_throughput),
        output_throughput_tps: num(f, 'output_throughput', o.output_throughput),
        total_throughput_tps: num(f, 'total_token_throughput', o.total_token_throughput),
        goodput_rps: num(f, o['request_goodput'] !== undefined ? 'request_goodput' : 'request_goodput:', goodput),
        ...latencyMetrics(f, o),
        ...energy.metrics,
      },
      energy_provenance: energy.provenance,
      requests,
      extra: {
        ...energy.extra,
        endpoint_type: str(o.endpoint_type),
        backend,
        tokenizer_id: str(o.tokenizer_id),
        max_output_tokens_per_s: num(f, 'max_output_tokens_per_s', o.max_output_tokens_per_s),
        max_concurrent_requests: num(f, 'max_concurrent_requests', o.max_concurrent_requests),
      },
    },
    warnings,
    where,
  );
}

export const vllmServeImporter: Importer = {
  id: 'vllm-serve',
  label: 'vLLM bench serve / benchmark_serving.py result (JSON, --append-result)',
  detect(text) {
    const h = text.trimStart().slice(0, 3000);
    if (!h.startsWith('{')) return false;
    // GenAI-Perf/AIPerf use metric objects ({"unit", "avg"}); vLLM writes plain numbers.
    if (/"(request_throughput|time_to_first_token|request_latency)"\s*:\s*\{/.test(text.slice(0, 50_000))) return false;
    return /"(date|backend|model_id)"\s*:/.test(h) && /"(duration|completed|request_throughput|mean_ttft_ms|median_ttft_ms|num_prompts)"\s*:/.test(text.slice(0, 200_000)) &&
      !text.includes('"total_output_tokens_retokenized"') && !/"mean_e2e_latency_ms"/.test(h);
  },
  parse(text, ctx) {
    const warnings: string[] = [];
    const docs = readJsonDocs(ctx.name, text);
    const runs = docs.map(({ value, line }, i) => {
      const where = docs.length > 1 ? `object ${i + 1} at line ${line}` : undefined;
      if (!isObj(value)) throw new ImportError(ctx.name, where, 'expected a JSON object with vLLM benchmark results');
      try {
        return vllmServeRun(ctx, value, warnings, where ?? '');
      } catch (e) {
        if (e instanceof ImportError && where && !e.where?.startsWith('object')) throw new ImportError(ctx.name, `${where}: ${e.where ?? ''}`.replace(/: $/, ''), e.reason);
        throw e;
      }
    });
    return { runs, warnings: [...warnings, ...standardWarnings(runs)] };
  },
};
