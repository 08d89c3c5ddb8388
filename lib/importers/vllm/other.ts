/**
 * vLLM `bench throughput` / `bench latency` --output-json, the PyTorch-OSS list format
 * (`*.pytorch.json`), the nightly-benchmark table (`benchmark_results.json`), and the
 * `.commands` side file written next to nightly results (used to infer model/TP/GPU).
 */
import type { MetricKey } from '@/lib/metrics/keys';
import { buildRun, hintsFromName, isInfinite, isObj, num, posInt, shortModel, standardWarnings, str, type Obj } from '../common';
import { readJson } from '../text';
import { ImportError, type Importer } from '../types';
import { latencyMetrics } from './serve-metrics';

function nameHints(name: string, knobs: Record<string, unknown>, warnings: string[]) {
  const h = hintsFromName(name);
  if (h.tp && knobs.tp === undefined) {
    knobs.tp = h.tp;
    warnings.push(`tp=${h.tp} inferred from the file name`);
  }
}

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
    const warnings = ['tokens_per_second includes prompt tokens: stored as total (input + output) throughput; output tokens/s is not saved by vLLM'];
    const knobs: Record<string, unknown> = {};
    nameHints(f, knobs, warnings);
    const run = buildRun(ctx, 'vllm-throughput', {
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
    }, warnings);
    return { runs: [run], warnings: [...warnings, ...standardWarnings([run])] };
  },
};

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
    if (!isObj(o.percentiles)) throw new ImportError(f, 'percentiles', `expected an object, got ${typeof o.percentiles}`);
    const p = o.percentiles;
    const warnings = ['latencies are per batch iteration (the whole --batch-size batch), stored as E2E latency of one batch'];
    const knobs: Record<string, unknown> = {};
    nameHints(f, knobs, warnings);
    const s = (k: string, v: unknown) => {
      const n = num(f, k, v);
      return n === undefined ? undefined : n * 1000;
    };
    const lat = Array.isArray(o.latencies) ? o.latencies.map((v, i) => num(f, `latencies[${i}]`, v)) : [];
    const run = buildRun(ctx, 'vllm-latency', {
      label: `vLLM latency (${lat.length} iterations)`,
      engine: 'vllm',
      knobs,
      metrics: {
        e2e_ms_mean: s('avg_latency', o.avg_latency),
        e2e_ms_p50: s('percentiles.50', p['50']),
        e2e_ms_p90: s('percentiles.90', p['90']),
        e2e_ms_p99: s('percentiles.99', p['99']),
      },
      extra: { std_latency_s: num(f, 'std_latency', o.std_latency), iterations: lat.length, latency_unit: 'per batch' },
    }, warnings);
    return { runs: [run], warnings: [...warnings, ...standardWarnings([run])] };
  },
};

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
      if (!isObj(r) || !isObj(r.metric) || !isObj(r.benchmark)) throw new ImportError(f, `item ${i}`, 'expected {benchmark, model, metric}');
      const args = isObj(r.benchmark.extra_info) && isObj(r.benchmark.extra_info.args) ? r.benchmark.extra_info.args : {};
      const model = isObj(r.model) ? str(r.model.name) : undefined;
      const key = JSON.stringify([model, args]);
      const g = groups.get(key) ?? { args, model, values: {} };
      const name = str(r.metric.name);
      const bv = r.metric.benchmark_values;
      if (!name || !Array.isArray(bv)) throw new ImportError(f, `item ${i}.metric`, 'expected name and benchmark_values[]');
      const nums = bv.filter((v) => !isInfinite(v)).map((v, j) => num(f, `item ${i}.metric.benchmark_values[${j}]`, v)).filter((v): v is number => v !== undefined);
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
      return buildRun(ctx, 'vllm-pytorch', {
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
      }, warnings, `group ${i + 1}`);
    });
    return { runs, warnings: [...warnings, ...standardWarnings(runs)] };
  },
};

/** Nightly harness table: keys are display headers. */
export const vllmNightlyImporter: Importer = {
  id: 'vllm-nightly',
  confidence: 0.85,
  label: 'vLLM nightly benchmark_results.json (table rows)',
  detect(text) {
    const h = text.trimStart().slice(0, 3000);
    return h.startsWith('[') && /"Test name"/.test(h) && /"(Tput \(req\/s\)|Mean TTFT \(ms\)|Output Tput \(tok\/s\))"/.test(h);
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
        if (m) metrics[`${m[2] === 'E2EL' ? 'e2e' : m[2].toLowerCase()}_ms_${m[1] === 'Mean' ? 'mean' : m[1] === 'Median' ? 'p50' : 'p99'}` as MetricKey] = num(f, `row ${i + 1}.${k}`, v);
      }
      const test = str(r['Test name']) ?? `row ${i + 1}`;
      const tp = hintsFromName(test).tp;
      const qps = /qps_?(\d+(?:\.\d+)?|inf)/i.exec(test);
      const gpu = str(r.GPU);
      const g = gpu ? /^(.*?)\s*x\s*(\d+)$/i.exec(gpu) : null;
      return buildRun(ctx, 'vllm-nightly', {
        label: test,
        engine: 'vllm',
        gpu_model: g ? g[1] : gpu,
        gpu_count: g ? Number(g[2]) : undefined,
        knobs: { tp, request_rate: qps && qps[1] !== 'inf' ? Number(qps[1]) : undefined },
        metrics,
      }, warnings, `row ${i + 1}`);
    });
    return { runs, warnings: [...warnings, ...standardWarnings(runs)] };
  },
};

/** Azure VM types seen in vLLM harness `.commands` files -> GPU model and count. */
const VM_GPUS: Record<string, [string, number]> = {
  standard_nd96asr_v4: ['A100-SXM4-40GB', 8],
  standard_nd96amsr_a100_v4: ['A100-SXM4-80GB', 8],
  standard_nd96isr_h100_v5: ['H100-SXM5-80GB', 8],
  standard_nd96isr_h200_v5: ['H200-SXM-141GB', 8],
  'p4d.24xlarge': ['A100-SXM4-40GB', 8],
  'p4de.24xlarge': ['A100-SXM4-80GB', 8],
  'p5.48xlarge': ['H100-SXM5-80GB', 8],
};

export interface CommandsMeta {
  kind: 'vllm-commands';
  model?: string;
  tp?: number;
  pp?: number;
  max_num_seqs?: number;
  request_rate?: number;
  dataset?: string;
  gpu_model?: string;
  gpu_count?: number;
  gpu_type?: string;
}

function flag(cmd: string, ...names: string[]): string | undefined {
  for (const n of names) {
    const m = new RegExp(`(?:^|\\s)${n.replace(/[-]/g, '\\-')}(?:=|\\s+)("[^"]*"|'[^']*'|\\S+)`).exec(cmd);
    if (m) return m[1].replace(/^["']|["']$/g, '');
  }
  return undefined;
}

/** `.commands` side file of the vLLM nightly harness: no runs, only facts for the join pass. */
export const vllmCommandsImporter: Importer = {
  id: 'vllm-commands',
  confidence: 0.9,
  label: 'vLLM harness .commands (server/client command lines; fills model/TP/GPU)',
  detect(text) {
    const h = text.slice(0, 3000);
    return /"(client_command|server_command)"\s*:/.test(h) && h.trimStart().startsWith('{');
  },
  parse(text, ctx) {
    const o = readJson(ctx.name, text);
    if (!isObj(o)) throw new ImportError(ctx.name, undefined, 'expected a JSON object');
    const cmd = `${str(o.server_command) ?? ''} ${str(o.client_command) ?? ''}`;
    const meta: CommandsMeta = { kind: 'vllm-commands' };
    meta.model = flag(cmd, '--model');
    const tp = flag(cmd, '--tensor-parallel-size', '-tp');
    if (tp) meta.tp = posInt(ctx.name, 'tensor-parallel-size', tp);
    const pp = flag(cmd, '--pipeline-parallel-size', '-pp');
    if (pp) meta.pp = posInt(ctx.name, 'pipeline-parallel-size', pp);
    const mns = flag(cmd, '--max-num-seqs');
    if (mns) meta.max_num_seqs = posInt(ctx.name, 'max-num-seqs', mns);
    const rr = flag(cmd, '--request-rate');
    if (rr && !isInfinite(rr)) meta.request_rate = num(ctx.name, 'request-rate', rr);
    meta.dataset = flag(cmd, '--dataset-name');
    const gt = str(o.gpu_type);
    if (gt) {
      meta.gpu_type = gt;
      const m = /^(.*?)\s*x\s*(\d+)$/i.exec(gt);
      const vm = VM_GPUS[(m ? m[1] : gt).toLowerCase()];
      if (vm) {
        meta.gpu_model = vm[0];
        meta.gpu_count = vm[1] * (m ? Number(m[2]) : 1);
      }
    }
    return {
      runs: [],
      meta,
      warnings: ['command file: no runs of its own; its model/TP/GPU fill the vLLM result uploaded with it'],
    };
  },
};
