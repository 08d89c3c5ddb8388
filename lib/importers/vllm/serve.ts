/**
 * vLLM `bench serve --save-result` / benchmarks/benchmark_serving.py: one JSON object per run,
 * several objects per file with --append-result. Every key is optional (harnesses trim files).
 */
import type { RunRecord } from '@/lib/record/schema';
import {
  buildRun,
  hintsFromName,
  isInfinite,
  isObj,
  num,
  posInt,
  shortModel,
  standardWarnings,
  str,
  vllmDate,
  type Obj,
} from '../common';
import { streamTopLevelObjects } from '../stream-json';
import { readJsonDocs } from '../text';
import { ImportError, type Importer, type ParseContext } from '../types';
import { latencyMetrics, vllmEnergy } from './serve-metrics';

/** Header/result keys that are not --metadata knobs. */
const KNOWN = new Set([
  'date',
  'endpoint_type',
  'backend',
  'label',
  'model_id',
  'tokenizer_id',
  'num_prompts',
  'request_rate',
  'burstiness',
  'max_concurrency',
  'ramp_up_strategy',
  'ramp_up_start_rps',
  'ramp_up_end_rps',
  'best_of',
  'use_beam_search',
  'duration',
  'completed',
  'failed',
  'total_input_tokens',
  'total_output_tokens',
  'request_throughput',
  'request_goodput',
  'request_goodput:',
  'output_throughput',
  'total_token_throughput',
  'max_output_tokens_per_s',
  'max_concurrent_requests',
  'rtfx',
  'input_lens',
  'output_lens',
  'ttfts',
  'itls',
  'start_times',
  'generated_texts',
  'errors',
  'latencies',
  'queue_times',
  'energy_gpu_ids',
  'gpu_energy_j',
  'gpu_energy_duration_s',
  'gpu_avg_power_w',
  'gpu_energy_per_output_token_j',
  'num_samples',
  'rps_change_events',
  'tokenizer_mode',
  'dataset_name',
  'dataset_path',
  'run_number',
]);
const ENGINES: Record<string, string> = {
  vllm: 'vllm',
  'vllm-chat': 'vllm',
  sglang: 'sglang',
  'sglang-oai': 'sglang',
  tgi: 'tgi',
  lmdeploy: 'lmdeploy',
  'tensorrt-llm': 'tensorrt-llm',
  'trt-llm': 'tensorrt-llm',
  'deepspeed-mii': 'deepspeed-mii',
  scalellm: 'scalellm',
};

export function looksLikeVllmServe(o: unknown): boolean {
  if (!isObj(o)) return false;
  const hasHeader = 'date' in o || 'backend' in o || 'model_id' in o;
  const hasResult = 'mean_ttft_ms' in o || 'request_throughput' in o || 'median_ttft_ms' in o || 'p99_ttft_ms' in o;
  return hasHeader && hasResult && !('total_output_tokens_retokenized' in o) && !('mean_e2e_latency_ms' in o);
}

/**
 * Per-request columns of a vLLM result, as read from the file: raw values (validated in
 * requestSamples), except ITLs, which are reduced to one sum per request as they are read (the
 * samples only need TTFT + sum(ITL) when the file has no latencies array).
 */
export interface RequestColumns {
  ttfts?: unknown[];
  input_lens?: unknown[];
  output_lens?: unknown[];
  latencies?: unknown[];
  start_times?: unknown[];
  errors?: unknown[];
  /** Sum of each request's inter-token gaps (s); undefined where itls[i] is not an array. */
  itlSums?: (number | undefined)[];
}

/** Top-level keys holding per-request arrays (streamed element by element for large files). */
export const REQUEST_ARRAY_KEYS = new Set([
  'input_lens',
  'output_lens',
  'ttfts',
  'itls',
  'start_times',
  'generated_texts',
  'errors',
  'latencies',
  'queue_times',
]);

export function itlSum(file: string, i: number, v: unknown): number | undefined {
  if (!Array.isArray(v)) return undefined;
  let s = 0;
  for (const g of v) s += num(file, `itls[${i}]`, g) ?? 0;
  return s;
}

/** Columns of an object parsed whole (small files). */
export function columnsOf(file: string, o: Obj): RequestColumns {
  const arr = (v: unknown) => (Array.isArray(v) ? v : undefined);
  return {
    ttfts: arr(o.ttfts),
    input_lens: arr(o.input_lens),
    output_lens: arr(o.output_lens),
    latencies: arr(o.latencies),
    start_times: arr(o.start_times),
    errors: arr(o.errors),
    itlSums: Array.isArray(o.itls) ? o.itls.map((v, i) => itlSum(file, i, v)) : undefined,
  };
}

function requestSamples(file: string, c: RequestColumns, warnings: string[]): RunRecord['requests'] | undefined {
  const { input_lens, output_lens, ttfts } = c;
  if (!ttfts || !output_lens || !input_lens) return undefined;
  const n = ttfts.length;
  if (output_lens.length !== n || input_lens.length !== n)
    throw new ImportError(
      file,
      'ttfts/input_lens/output_lens',
      `per-request arrays differ in length (${n}, ${input_lens.length}, ${output_lens.length})`,
    );
  const itls = c.itlSums;
  const lat = c.latencies;
  const starts = c.start_times;
  const errors = c.errors;
  const req: NonNullable<RunRecord['requests']> = {
    ttft_ms: [],
    e2e_ms: [],
    tpot_ms: [],
    input_tokens: [],
    output_tokens: [],
    success: [],
  };
  // Start times are perf_counter seconds: kept relative to the first request. Missing stays
  // missing: without start_times the record has no start_s column (never zeros).
  let t0 = Infinity;
  if (starts?.length)
    for (let i = 0; i < starts.length; i++)
      t0 = Math.min(t0, num(file, `start_times[${i}]`, starts[i], { allowNegative: true }) ?? Infinity);
  const startS: number[] | undefined = starts ? [] : undefined;
  for (let i = 0; i < n; i++) {
    const ok = !errors || errors[i] === '' || errors[i] === null || errors[i] === undefined;
    const ttftS = num(file, `ttfts[${i}]`, ttfts[i]);
    const out = num(file, `output_lens[${i}]`, output_lens[i]);
    let e2eS = lat ? num(file, `latencies[${i}]`, lat[i]) : undefined;
    // Older files have no per-request latency: TTFT + sum of inter-token gaps is what vLLM measures.
    if (e2eS === undefined && ttftS !== undefined && itls?.[i] !== undefined) e2eS = ttftS + itls[i]!;
    if (startS) {
      const st = num(file, `start_times[${i}]`, starts![i], { allowNegative: true });
      startS.push(st === undefined ? NaN : st - t0);
    }
    req.ttft_ms.push(ok && ttftS !== undefined && ttftS > 0 ? ttftS * 1000 : null);
    req.e2e_ms.push(ok && e2eS !== undefined && e2eS > 0 ? e2eS * 1000 : null);
    req.tpot_ms!.push(
      ok && e2eS !== undefined && ttftS !== undefined && out !== undefined && out > 1
        ? ((e2eS - ttftS) * 1000) / (out - 1)
        : null,
    );
    req.input_tokens.push(num(file, `input_lens[${i}]`, input_lens[i]) ?? null);
    req.output_tokens.push(out ?? null);
    req.success.push(ok);
  }
  if (startS) {
    if (startS.length !== n || startS.some((v) => Number.isNaN(v)))
      warnings.push('start_times incomplete: per-request start times not stored');
    else req.start_s = startS;
  } else warnings.push('per-request start times not in file: request samples have no start times');
  if (!lat && itls)
    warnings.push('per-request E2E latency computed as TTFT + sum of inter-token gaps (file has no latencies array)');
  return req;
}

export function vllmServeRun(
  ctx: ParseContext,
  o: Obj,
  warnings: string[],
  where: string,
  format = 'vllm-serve',
  columns?: RequestColumns,
): RunRecord {
  const f = ctx.name;
  const knobs: Record<string, unknown> = {};
  if (o.request_rate !== undefined && o.request_rate !== null && !isInfinite(o.request_rate))
    knobs.request_rate = num(f, 'request_rate', o.request_rate);
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
  // vLLM writes 0.0 for every latency statistic when no request completed: those are absent, not 0 ms.
  const noneCompleted = completed === 0;
  if (noneCompleted)
    warnings.push('no request completed (every request failed): latency statistics the file gives as 0 are absent');
  const energy = vllmEnergy(f, o);
  const goodput = o['request_goodput'] ?? o['request_goodput:'];
  const backend = str(o.backend);
  const engine = backend ? ENGINES[backend.toLowerCase()] : undefined;
  if (backend && !engine)
    warnings.push(`server engine not recorded in file (backend "${backend}" is a client API): engine set to "unknown"`);
  const model = str(o.model_id);
  const requests = requestSamples(f, columns ?? columnsOf(f, o), warnings);
  const rr = knobs.request_rate === undefined ? 'inf' : String(knobs.request_rate);
  return buildRun(
    ctx,
    format,
    {
      label: [
        str(o.label),
        model ? shortModel(model) : undefined,
        `rate ${rr}`,
        knobs.max_concurrency ? `conc ${knobs.max_concurrency}` : undefined,
      ]
        .filter(Boolean)
        .join(' '),
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
        ...(noneCompleted ? {} : latencyMetrics(f, o)),
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
        run_number: num(f, 'run_number', o.run_number),
      },
    },
    warnings,
    where,
  );
}

export const vllmServeImporter: Importer = {
  id: 'vllm-serve',
  confidence: 0.6,
  label: 'vLLM bench serve / benchmark_serving.py result (JSON, --append-result)',
  detect(text) {
    const h = text.trimStart().slice(0, 3000);
    if (!/^[[{]/.test(h)) return false;
    const big = text.slice(0, 200_000);
    // GenAI-Perf/AIPerf use metric objects ({"unit", "avg"}); vLLM writes plain numbers.
    if (/"(request_throughput|time_to_first_token|request_latency)"\s*:\s*\{/.test(text.slice(0, 50_000))) return false;
    // optimum-benchmark benchmark.json: {"config": {"backend": {...}, "scenario": {"duration": ...}}, "report": {...}}
    if (/"config"\s*:\s*\{/.test(h) && /"report"\s*:\s*\{/.test(big)) return false;
    // SGLang bench_serving writes these; vLLM never does.
    if (big.includes('"total_output_tokens_retokenized"') || /"mean_e2e_latency_ms"/.test(h)) return false;
    // Header: vLLM writes date, model_id and backend as strings (a config object is not a header).
    const header = /"(date|model_id|backend)"\s*:\s*"/.test(h);
    const result =
      /"(duration|completed|request_throughput|mean_ttft_ms|median_ttft_ms|p99_ttft_ms)"\s*:\s*[^\s{[]/.test(big);
    return header && result;
  },
  parse(text, ctx) {
    const docs = readJsonDocs(ctx.name, text);
    // `vllm bench sweep` summary.json: one JSON array holding every run's result.
    const flat = docs.flatMap(({ value, line }) =>
      Array.isArray(value) ? value.map((v) => ({ value: v, line })) : [{ value, line }],
    );
    return buildRuns(ctx, flat);
  },
  /**
   * Large files: the per-request arrays (ttfts, itls, input/output lens, start times, latencies,
   * errors) are read element by element and kept as compact columns; generated_texts are skipped.
   * Memory is the columns (a few numbers per request), not the file.
   */
  parseStream(src, ctx) {
    const f = ctx.name;
    const docs: { value: Obj; line: number; columns: RequestColumns }[] = [];
    let cur: (typeof docs)[number];
    const cols = (k: string): unknown[] => ((cur.columns as Record<string, unknown[]>)[k] ??= []);
    streamTopLevelObjects(f, src.chunks(), {
      streamed: REQUEST_ARRAY_KEYS,
      onDocStart(_i, line) {
        cur = { value: {}, line, columns: {} };
        docs.push(cur);
      },
      onKey(k, v) {
        cur.value[k] = v;
      },
      onItem(k, i, v) {
        if (k === 'itls') (cur.columns.itlSums ??= []).push(itlSum(f, i, v));
        else if (k !== 'generated_texts' && k !== 'queue_times') cols(k).push(v);
      },
      onStreamEnd(k) {
        // An empty array still counts as present; mark the key so the object looks like vLLM's.
        if (k === 'itls') cur.columns.itlSums ??= [];
        else if (k !== 'generated_texts' && k !== 'queue_times') cols(k);
        cur.value[k] = STREAMED;
      },
      onDocEnd() {},
    });
    return buildRuns(ctx, docs);
  },
};

/** Placeholder for a per-request array read as columns (keeps `key in object` checks true). */
const STREAMED: unknown[] = [];

function buildRuns(ctx: ParseContext, docs: { value: unknown; line: number; columns?: RequestColumns }[]) {
  const warnings: string[] = [];
  const runs = docs.map(({ value, line, columns }, i) => {
    const where = docs.length > 1 ? `object ${i + 1} at line ${line}` : undefined;
    if (!isObj(value)) throw new ImportError(ctx.name, where, 'expected a JSON object with vLLM benchmark results');
    try {
      return vllmServeRun(ctx, value, warnings, where ?? '', 'vllm-serve', columns);
    } catch (e) {
      if (e instanceof ImportError && where && !e.where?.startsWith('object'))
        throw new ImportError(ctx.name, `${where}: ${e.where ?? ''}`.replace(/: $/, ''), e.reason);
      throw e;
    }
  });
  return { runs, warnings: [...warnings, ...standardWarnings(runs)] };
}
