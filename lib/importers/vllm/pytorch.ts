/** vLLM `*.pytorch.json`: the PyTorch-OSS benchmark DB list format. */
import type { MetricKey } from '@/lib/metrics/keys';
import { buildRun, isInfinite, isObj, num, posInt, shortModel, standardWarnings, str, type Obj } from '../common';
import { readJson } from '../text';
import { ImportError, type Importer } from '../types';
import { latencyMetrics } from './serve-metrics';

/** PyTorch OSS benchmark DB records: one record per metric; grouped into runs by benchmark args. */
export const vllmPytorchImporter: Importer = {
  id: 'vllm-pytorch',
  confidence: 0.9,
  label: 'vLLM *.pytorch.json (PyTorch OSS benchmark format)',
  detect(text) {
    const h = text.trimStart().slice(0, 3000);
    return h.startsWith('[') && /"benchmark"\s*:/.test(h) && /"metric"\s*:/.test(h) && /vLLM benchmark/.test(h);
  },
  parse(text, ctx) {
    const f = ctx.name;
    const arr = readJson(f, text);
    if (!Array.isArray(arr)) throw new ImportError(f, undefined, 'expected a JSON array of benchmark records');
    const groups = new Map<string, { args: Obj; model?: string; values: Obj }>();
    arr.forEach((r, i) => {
      if (!isObj(r) || !isObj(r.metric) || !isObj(r.benchmark))
        throw new ImportError(f, `item ${i}`, 'expected {benchmark, model, metric}');
      const args =
        isObj(r.benchmark.extra_info) && isObj(r.benchmark.extra_info.args) ? r.benchmark.extra_info.args : {};
      const model = isObj(r.model) ? str(r.model.name) : undefined;
      const key = JSON.stringify([model, args]);
      const g = groups.get(key) ?? { args, model, values: {} };
      const name = str(r.metric.name);
      const bv = r.metric.benchmark_values;
      if (!name || !Array.isArray(bv))
        throw new ImportError(f, `item ${i}.metric`, 'expected name and benchmark_values[]');
      const nums = bv
        .filter((v) => !isInfinite(v))
        .map((v, j) => num(f, `item ${i}.metric.benchmark_values[${j}]`, v))
        .filter((v): v is number => v !== undefined);
      if (nums.length) g.values[name] = nums.reduce((a, b) => a + b, 0) / nums.length;
      groups.set(key, g);
    });
    const warnings: string[] = [];
    const runs = [...groups.values()].map((g, i) => {
      const a = g.args;
      const v = g.values;
      const metrics: Partial<Record<MetricKey, number>> = {
        ...latencyMetrics(f, v),
        request_throughput_rps: num(f, 'requests_per_second', v.requests_per_second ?? v.request_throughput),
        output_throughput_tps: num(f, 'output_throughput', v.output_throughput),
        total_throughput_tps: num(f, 'tokens_per_second', v.tokens_per_second ?? v.total_token_throughput),
      };
      if (v.avg_latency !== undefined) metrics.e2e_ms_mean = (num(f, 'avg_latency', v.avg_latency) ?? 0) * 1000;
      const rr = a.request_rate;
      return buildRun(
        ctx,
        'vllm-pytorch',
        {
          label: `${shortModel(g.model ?? str(a.model) ?? 'model')} #${i + 1}`,
          model: g.model ?? str(a.model),
          engine: 'vllm',
          knobs: {
            tp: posInt(f, 'tensor_parallel_size', a.tensor_parallel_size),
            request_rate: rr === undefined || rr === null || isInfinite(rr) ? undefined : num(f, 'request_rate', rr),
            max_concurrency: posInt(f, 'max_concurrency', a.max_concurrency),
            input_len: num(f, 'input_len', a.input_len),
            output_len: num(f, 'output_len', a.output_len),
          },
          metrics,
        },
        warnings,
        `group ${i + 1}`,
      );
    });
    return { runs, warnings: [...warnings, ...standardWarnings(runs)] };
  },
};
