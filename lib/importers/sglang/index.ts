/**
 * SGLang `bench_serving --output-file`: JSON Lines, one object per run, appended. Old (2024)
 * files have a reduced key set (median TTFT/ITL, mean/median E2E); newer ones the full vLLM-like
 * set with `e2e_latency` instead of `e2el`. request_rate may be Python's `Infinity`.
 */
import { buildRun, isInfinite, isObj, num, posInt, shortModel, standardWarnings, str } from '../common';
import { latencyMetrics } from '../vllm/serve-metrics';
import { readJsonLines } from '../text';
import { ImportError, type Importer } from '../types';

export const sglangImporter: Importer = {
  id: 'sglang',
  confidence: 0.8,
  label: 'SGLang bench_serving (JSONL)',
  detect(text) {
    const h = text.slice(0, 5000);
    return (
      h.trimStart().startsWith('{') &&
      (/"total_output_tokens_retokenized"/.test(h) || /"(mean|median)_e2e_latency_ms"/.test(h))
    );
  },
  parse(text, ctx) {
    const f = ctx.name;
    const warnings: string[] = [];
    const runs = readJsonLines(f, text).map(({ value: o, line }) => {
      const where = `line ${line}`;
      if (!isObj(o)) throw new ImportError(f, where, 'expected a JSON object per line');
      const k = (key: string) => `${where}: ${key}`;
      const dataset = str(o.dataset_name);
      const rate =
        o.request_rate === null || o.request_rate === undefined || isInfinite(o.request_rate)
          ? undefined
          : num(f, k('request_rate'), o.request_rate);
      const knobs: Record<string, unknown> = {
        request_rate: rate,
        max_concurrency: posInt(f, k('max_concurrency'), o.max_concurrency),
      };
      if (dataset === 'random') {
        knobs.input_len = num(f, k('random_input_len'), o.random_input_len);
        knobs.output_len = num(f, k('random_output_len'), o.random_output_len);
        knobs.random_range_ratio = num(f, k('random_range_ratio'), o.random_range_ratio);
      } else if (o.sharegpt_output_len !== null && o.sharegpt_output_len !== undefined) {
        knobs.output_len = num(f, k('sharegpt_output_len'), o.sharegpt_output_len);
      }
      if (o.fixed_output_len !== undefined && o.fixed_output_len !== null)
        knobs.output_len = num(f, k('fixed_output_len'), o.fixed_output_len);
      let lat;
      try {
        lat = latencyMetrics(f, o);
      } catch (e) {
        throw e instanceof ImportError ? new ImportError(f, `${where}: ${e.where}`, e.reason) : e;
      }
      const model = str(o.model_id) ?? str(o.model);
      const backend = str(o.backend);
      return buildRun(
        ctx,
        'sglang',
        {
          label: [model ? shortModel(model) : (backend ?? 'sglang'), dataset, `rate ${rate ?? 'inf'}`]
            .filter(Boolean)
            .join(' '),
          model,
          engine: backend?.startsWith('sglang') ? 'sglang' : backend,
          knobs,
          workload: {
            dataset,
            input_tokens_total: num(f, k('total_input_tokens'), o.total_input_tokens),
            output_tokens_total: num(f, k('total_output_tokens'), o.total_output_tokens),
          },
          metrics: {
            duration_s: num(f, k('duration'), o.duration),
            completed: num(f, k('completed'), o.completed),
            request_throughput_rps: num(f, k('request_throughput'), o.request_throughput),
            output_throughput_tps: num(f, k('output_throughput'), o.output_throughput),
            total_throughput_tps: num(f, k('total_throughput'), o.total_throughput),
            ...lat,
          },
          extra: {
            total_output_tokens_retokenized: num(
              f,
              k('total_output_tokens_retokenized'),
              o.total_output_tokens_retokenized,
            ),
            input_throughput_tps: num(f, k('input_throughput'), o.input_throughput),
            measured_concurrency: num(f, k('concurrency'), o.concurrency),
            accept_length: num(f, k('accept_length'), o.accept_length),
            max_itl_ms: num(f, k('max_itl_ms'), o.max_itl_ms),
          },
        },
        warnings,
        where,
      );
    });
    return { runs, warnings: [...warnings, ...standardWarnings(runs)] };
  },
};
