/** vLLM `bench latency --output-json`. */
import { buildRun, isObj, num, standardWarnings } from '../common';
import { readJson } from '../text';
import { ImportError, type Importer } from '../types';
import { nameHints } from './name-hints';

export const vllmLatencyImporter: Importer = {
  id: 'vllm-latency',
  confidence: 0.8,
  label: 'vLLM bench latency --output-json',
  detect(text) {
    const h = text.slice(0, 4000);
    return /"avg_latency"/.test(h) && /"percentiles"/.test(text.slice(0, 200_000));
  },
  parse(text, ctx) {
    const f = ctx.name;
    const o = readJson(f, text);
    if (!isObj(o)) throw new ImportError(f, undefined, 'expected a JSON object');
    if (!isObj(o.percentiles))
      throw new ImportError(f, 'percentiles', `expected an object, got ${typeof o.percentiles}`);
    const p = o.percentiles;
    const warnings = [
      'latencies are per batch iteration (the whole --batch-size batch), stored as E2E latency of one batch',
    ];
    const knobs: Record<string, unknown> = {};
    nameHints(f, knobs, warnings);
    const s = (k: string, v: unknown) => {
      const n = num(f, k, v);
      return n === undefined ? undefined : n * 1000;
    };
    const lat = Array.isArray(o.latencies) ? o.latencies.map((v, i) => num(f, `latencies[${i}]`, v)) : [];
    const run = buildRun(
      ctx,
      'vllm-latency',
      {
        label: `vLLM latency (${lat.length} iterations)`,
        engine: 'vllm',
        knobs,
        metrics: {
          e2e_ms_mean: s('avg_latency', o.avg_latency),
          e2e_ms_p50: s('percentiles.50', p['50']),
          e2e_ms_p90: s('percentiles.90', p['90']),
          e2e_ms_p99: s('percentiles.99', p['99']),
        },
        extra: {
          std_latency_s: num(f, 'std_latency', o.std_latency),
          iterations: lat.length,
          latency_unit: 'per batch',
        },
      },
      warnings,
    );
    return { runs: [run], warnings: [...warnings, ...standardWarnings([run])] };
  },
};
