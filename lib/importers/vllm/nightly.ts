/** vLLM nightly-benchmark table (`benchmark_results.json`). */
import type { MetricKey } from '@/lib/metrics/keys';
import { buildRun, hintsFromName, isObj, num, standardWarnings, str } from '../common';
import { readJson } from '../text';
import { ImportError, type Importer } from '../types';

/** Nightly harness table: keys are display headers. */
export const vllmNightlyImporter: Importer = {
  id: 'vllm-nightly',
  confidence: 0.85,
  label: 'vLLM nightly benchmark_results.json (table rows)',
  detect(text) {
    const h = text.trimStart().slice(0, 3000);
    return (
      h.startsWith('[') &&
      /"Test name"/.test(h) &&
      /"(Tput \(req\/s\)|Mean TTFT \(ms\)|Output Tput \(tok\/s\))"/.test(h)
    );
  },
  parse(text, ctx) {
    const f = ctx.name;
    const arr = readJson(f, text);
    if (!Array.isArray(arr)) throw new ImportError(f, undefined, 'expected a JSON array of rows');
    const warnings: string[] = [];
    const runs = arr.map((r, i) => {
      if (!isObj(r)) throw new ImportError(f, `row ${i + 1}`, 'expected an object');
      const metrics: Partial<Record<MetricKey, number>> = {
        completed: num(f, `row ${i + 1}.# of req.`, r['# of req.']),
        request_throughput_rps: num(f, `row ${i + 1}.Tput (req/s)`, r['Tput (req/s)']),
        output_throughput_tps: num(f, `row ${i + 1}.Output Tput (tok/s)`, r['Output Tput (tok/s)']),
        total_throughput_tps: num(f, `row ${i + 1}.Total Tput (tok/s)`, r['Total Tput (tok/s)']),
      };
      for (const [k, v] of Object.entries(r)) {
        const m = /^(Mean|Median|P99) (TTFT|TPOT|ITL|E2EL) \(ms\)$/.exec(k);
        if (m)
          metrics[
            `${m[2] === 'E2EL' ? 'e2e' : m[2].toLowerCase()}_ms_${m[1] === 'Mean' ? 'mean' : m[1] === 'Median' ? 'p50' : 'p99'}` as MetricKey
          ] = num(f, `row ${i + 1}.${k}`, v);
      }
      const test = str(r['Test name']) ?? `row ${i + 1}`;
      const tp = hintsFromName(test).tp;
      const qps = /qps_?(\d+(?:\.\d+)?|inf)/i.exec(test);
      const gpu = str(r.GPU);
      const g = gpu ? /^(.*?)\s*x\s*(\d+)$/i.exec(gpu) : null;
      return buildRun(
        ctx,
        'vllm-nightly',
        {
          label: test,
          engine: 'vllm',
          gpu_model: g ? g[1] : gpu,
          gpu_count: g ? Number(g[2]) : undefined,
          knobs: { tp, request_rate: qps && qps[1] !== 'inf' ? Number(qps[1]) : undefined },
          metrics,
        },
        warnings,
        `row ${i + 1}`,
      );
    });
    return { runs, warnings: [...warnings, ...standardWarnings(runs)] };
  },
};
