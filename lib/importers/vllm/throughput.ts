/** vLLM `bench throughput --output-json`. */
import { buildRun, isObj, num, posInt, standardWarnings } from '../common';
import { readJson } from '../text';
import { ImportError, type Importer } from '../types';
import { nameHints } from './name-hints';

export const vllmThroughputImporter: Importer = {
  id: 'vllm-throughput',
  confidence: 0.8,
  label: 'vLLM bench throughput --output-json',
  detect(text) {
    const h = text.slice(0, 2000);
    return /"elapsed_time"/.test(h) && /"requests_per_second"/.test(h) && /"tokens_per_second"/.test(h);
  },
  parse(text, ctx) {
    const f = ctx.name;
    const o = readJson(f, text);
    if (!isObj(o)) throw new ImportError(f, undefined, 'expected a JSON object');
    const warnings = [
      'tokens_per_second includes prompt tokens: stored as total (input + output) throughput; output tokens/s is not saved by vLLM',
    ];
    const knobs: Record<string, unknown> = {};
    nameHints(f, knobs, warnings);
    const run = buildRun(
      ctx,
      'vllm-throughput',
      {
        label: `vLLM throughput ${o.num_requests ?? ''} requests`.trim(),
        engine: 'vllm',
        knobs,
        workload: { num_requests: posInt(f, 'num_requests', o.num_requests) },
        metrics: {
          duration_s: num(f, 'elapsed_time', o.elapsed_time),
          completed: num(f, 'num_requests', o.num_requests),
          request_throughput_rps: num(f, 'requests_per_second', o.requests_per_second),
          total_throughput_tps: num(f, 'tokens_per_second', o.tokens_per_second),
        },
        extra: { total_num_tokens: num(f, 'total_num_tokens', o.total_num_tokens) },
      },
      warnings,
    );
    return { runs: [run], warnings: [...warnings, ...standardWarnings([run])] };
  },
};
