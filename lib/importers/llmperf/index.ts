/**
 * ray-project/llmperf: `*_summary.json` (flat, seconds, some numbers as strings) and
 * `*_individual_responses.json` (one object per request). Seconds are converted to ms.
 * llmperf's inter_token_latency_s is (e2e - ttft)/(output tokens - 1) per request: stored as TPOT.
 */
import type { MetricKey } from '@/lib/metrics/keys';
import type { RunRecord } from '@/lib/record/schema';
import { buildRun, isObj, num, posInt, shortModel, standardWarnings, str, summarise, type Obj } from '../common';
import { readJson } from '../text';
import { ImportError, type Importer, type ParseContext } from '../types';

const FAM: Record<string, 'ttft' | 'tpot' | 'e2e'> = {
  ttft_s: 'ttft',
  inter_token_latency_s: 'tpot',
  end_to_end_latency_s: 'e2e',
};

export const llmperfSummaryImporter: Importer = {
  id: 'llmperf-summary',
  confidence: 0.9,
  label: 'LLMPerf *_summary.json',
  detect(text) {
    const h = text.slice(0, 4000);
    return (
      /"version"\s*:\s*"2023-08-31"/.test(h) ||
      (/"results_ttft_s_quantiles_p50"/.test(text) && h.trimStart().startsWith('{'))
    );
  },
  parse(text, ctx) {
    const f = ctx.name;
    const o = readJson(f, text);
    if (!isObj(o)) throw new ImportError(f, undefined, 'expected a JSON object');
    const warnings = ['latencies converted from seconds to ms; llmperf inter_token_latency_s stored as TPOT'];
    const levels = concurrencyLevels(o);
    const runs = levels
      ? levels.map(([key, summary]) => summaryRun(ctx, summary, warnings, key))
      : [summaryRun(ctx, o, warnings)];
    if (levels) warnings.push(`${levels.length} summaries keyed by concurrency: one run per key`);
    return { runs, warnings: [...warnings, ...standardWarnings(runs)] };
  },
};

/**
 * Harnesses that sweep concurrency often save one object whose keys are the concurrency levels
 * ("1", "8", "32"...) and whose values are llmperf summaries. Returns those entries, or undefined
 * for a plain summary.
 */
function concurrencyLevels(o: Obj): [string, Obj][] | undefined {
  if ('results_ttft_s_quantiles_p50' in o || 'version' in o) return undefined;
  const entries = Object.entries(o);
  if (!entries.length || !entries.every(([k, v]) => /^\d+$/.test(k) && isObj(v))) return undefined;
  return entries.map(([k, v]) => [k, v as Obj] as [string, Obj]).sort((a, b) => Number(a[0]) - Number(b[0]));
}

function summaryRun(ctx: ParseContext, o: Obj, warnings: string[], levelKey?: string): RunRecord {
  const f = ctx.name;
  const at = (k: string) => (levelKey ? `${levelKey}.${k}` : k);
  const metrics: Partial<Record<MetricKey, number>> = {};
  for (const [src, fam] of Object.entries(FAM)) {
    const s = (k: string) => {
      const key = `results_${src}_${k}`;
      const v = num(f, at(key), o[key]);
      return v === undefined ? undefined : v * 1000;
    };
    metrics[`${fam}_ms_mean` as MetricKey] = s('mean');
    for (const p of ['50', '90', '95', '99']) metrics[`${fam}_ms_p${p}` as MetricKey] = s(`quantiles_p${p}`);
  }
  const completed = num(f, at('results_num_completed_requests'), o.results_num_completed_requests);
  const perMin = num(f, at('results_num_completed_requests_per_min'), o.results_num_completed_requests_per_min);
  metrics.completed = completed;
  metrics.failed = num(f, at('results_number_errors'), o.results_number_errors);
  metrics.output_throughput_tps = num(
    f,
    at('results_mean_output_throughput_token_per_s'),
    o.results_mean_output_throughput_token_per_s,
  );
  if (perMin !== undefined) metrics.request_throughput_rps = perMin / 60;
  const meanIn = num(f, at('results_number_input_tokens_mean'), o.results_number_input_tokens_mean);
  const meanOut = num(f, at('results_number_output_tokens_mean'), o.results_number_output_tokens_mean);
  // Validate string-typed min/max too (json.dump(default=str) writes numpy ints as strings).
  for (const k of Object.keys(o)) if (/^results_.*_(min|max|stddev)$/.test(k)) num(f, at(k), o[k]);
  const model = str(o.model);
  const knobs: Record<string, unknown> = {
    max_concurrency:
      posInt(f, at('num_concurrent_requests'), o.num_concurrent_requests) ??
      (levelKey ? posInt(f, 'concurrency key', levelKey) : undefined),
    input_len: num(f, at('mean_input_tokens'), o.mean_input_tokens),
    output_len: num(f, at('mean_output_tokens'), o.mean_output_tokens),
  };
  for (const [k, v] of Object.entries(o))
    if (
      k.startsWith('additional_sampling_params_') &&
      (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean')
    )
      knobs[k.replace('additional_sampling_params_', 'sampling_')] = v;
  const run = buildRun(
    ctx,
    'llmperf-summary',
    {
      label: `${model ? shortModel(model) : 'llmperf'} conc ${knobs.max_concurrency ?? '?'} ${knobs.input_len ?? ''}/${knobs.output_len ?? ''}`,
      model,
      engine: str(o.framework),
      measured_at: typeof o.timestamp === 'number' ? new Date(o.timestamp * 1000).toISOString() : undefined,
      knobs,
      workload: {
        mean_input_len: meanIn,
        mean_output_len: meanOut,
        num_requests: posInt(f, at('results_num_requests_started'), o.results_num_requests_started),
        input_tokens_total: meanIn !== undefined && completed !== undefined ? meanIn * completed : undefined,
        output_tokens_total: meanOut !== undefined && completed !== undefined ? meanOut * completed : undefined,
      },
      metrics,
      extra: {
        name: str(o.name),
        error_rate: num(f, at('results_error_rate'), o.results_error_rate),
        error_code_frequency: str(o.results_error_code_frequency),
        model_size: str(o.model_size),
      },
    },
    warnings,
    levelKey ? `key "${levelKey}"` : undefined,
  );
  if (levelKey && o.num_concurrent_requests !== undefined && Number(o.num_concurrent_requests) !== Number(levelKey))
    warnings.push(
      `key "${levelKey}" holds a summary with num_concurrent_requests ${String(o.num_concurrent_requests)}: the summary's own value is used`,
    );
  return run;
}

export const llmperfResponsesImporter: Importer = {
  id: 'llmperf-responses',
  confidence: 0.85,
  label: 'LLMPerf *_individual_responses.json',
  detect(text) {
    const h = text.trimStart().slice(0, 3000);
    return h.startsWith('[') && /"ttft_s"/.test(h) && /"end_to_end_latency_s"/.test(h);
  },
  parse(text, ctx) {
    const f = ctx.name;
    const arr = readJson(f, text);
    if (!Array.isArray(arr)) throw new ImportError(f, undefined, 'expected a JSON array of responses');
    if (!arr.length) throw new ImportError(f, undefined, 'no responses in file');
    const req = {
      ttft_ms: [] as (number | null)[],
      e2e_ms: [] as (number | null)[],
      tpot_ms: [] as (number | null)[],
      input_tokens: [] as (number | null)[],
      output_tokens: [] as (number | null)[],
      success: [] as boolean[],
    };
    let inTot = 0;
    let outTot = 0;
    let failed = 0;
    arr.forEach((r, i) => {
      if (!isObj(r)) throw new ImportError(f, `item ${i}`, 'expected an object');
      const ok = r.error_code === null || r.error_code === undefined;
      const s = (k: string) => {
        const v = num(f, `item ${i}.${k}`, r[k]);
        return ok && v !== undefined ? v * 1000 : null;
      };
      const inT = num(f, `item ${i}.number_input_tokens`, r.number_input_tokens) ?? null;
      const outT = num(f, `item ${i}.number_output_tokens`, r.number_output_tokens) ?? null;
      req.ttft_ms.push(s('ttft_s'));
      req.e2e_ms.push(s('end_to_end_latency_s'));
      req.tpot_ms.push(s('inter_token_latency_s'));
      req.input_tokens.push(inT);
      req.output_tokens.push(outT);
      req.success.push(ok);
      if (ok) {
        inTot += inT ?? 0;
        outTot += outT ?? 0;
      } else failed++;
    });
    const vals = (a: (number | null)[]) => a.filter((x, i): x is number => x !== null && req.success[i]);
    const metrics = {
      ...summarise(vals(req.ttft_ms), 'ttft'),
      ...summarise(vals(req.e2e_ms), 'e2e'),
      ...summarise(vals(req.tpot_ms), 'tpot'),
      completed: arr.length - failed,
      failed,
    };
    const warnings = [
      'latencies converted from seconds to ms; percentiles computed from the per-request values',
      'no request start times or run duration in file: throughputs cannot be derived (upload the *_summary.json too)',
    ];
    const run = buildRun(
      ctx,
      'llmperf-responses',
      {
        label: `llmperf responses (${arr.length} requests)`,
        metrics,
        derived: Object.keys(metrics).filter((k) => k.includes('_ms_')),
        workload: { num_requests: arr.length, input_tokens_total: inTot, output_tokens_total: outTot },
        requests: req,
      },
      warnings,
    );
    return { runs: [run], warnings: [...warnings, ...standardWarnings([run])] };
  },
};
