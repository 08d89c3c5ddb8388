/**
 * One self-written fixture per real layout variant that was misread or refused (issue 12): each
 * value is checked against what the fixture says. Nothing here depends on ../shared/samples, so
 * none of it can be skipped.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseFiles, parseFilesSettled } from '@/lib/importers';
import { FIXTURES, fixture, NOW, readJson } from './helpers';

const L = 'layouts';
const one = (name: string) => parseFiles(fixture(`${L}/${name}`), { now: NOW })[0];
const src = (name: string) => readJson(FIXTURES, `${L}/${name}`);
const noInconsistency = (warnings: string[]) => expect(warnings.filter((w) => /inconsistent/.test(w))).toEqual([]);

describe('1. ML.ENERGY v1 / v2: J per output token derived by the catalogue, always', () => {
  it('v1 legacy CSV: energy per response / response length', () => {
    const f = one('ml-energy/A100_chat_benchmark.csv');
    expect(f.format).toBe('ml-energy-v1');
    expect(f.runs).toHaveLength(2);
    expect(f.runs[0].metrics.energy_per_request_j).toBe(1500);
    expect(f.runs[0].metrics.energy_per_output_token_j).toBeCloseTo(1500 / 250, 12);
    expect(f.runs[1].metrics.energy_per_output_token_j).toBeCloseTo(2400 / 300, 12);
    expect(f.runs[0].metrics.kwh_per_1m_output_tokens).toBeCloseTo(((1500 / 250) * 1e6) / 3.6e6, 9);
    for (const r of f.runs) expect(r.derived).toContain('energy_per_output_token_j');
    expect(f.runs[0].hardware.gpu_model).toBe('A100');
  });
  it('v2 per-config JSON: Energy/req (J) / Avg Output Tokens', () => {
    const name = 'ml-energy/llm_chat_H100_bs64+tp2+pp1.json';
    const s = src(name);
    const r = one(name).runs[0];
    expect(r.metrics.energy_per_output_token_j).toBeCloseTo(s['Energy/req (J)'] / s['Avg Output Tokens'], 12);
    expect(r.derived).toContain('energy_per_output_token_j');
    expect(r.hardware).toMatchObject({ gpu_model: 'H100 80GB HBM3', gpu_count: 2 });
    // avg power = J/token x tok/s, also derived, never given
    expect(r.metrics.avg_power_w).toBeCloseTo(
      (s['Energy/req (J)'] / s['Avg Output Tokens']) * s['Token tput (tok/s)'],
      9,
    );
  });
});

describe('2. optimum-benchmark "inference" scenario benchmark.json', () => {
  it('is optimum-benchmark (not vLLM), GPUs from device_ids, memory per GPU in GB, decode TPOT per token', () => {
    const name = 'optimum-benchmark/inference_cuda/benchmark.json';
    const s = src(name);
    const f = one(name);
    expect(f.format).toBe('optimum-benchmark');
    expect(f.runs.map((r) => r.knobs.phase)).toEqual(['prefill', 'decode']);
    const [prefill, decode] = f.runs;
    for (const r of f.runs) {
      expect(r.model.id).toBe('acme/tiny-7b');
      expect(r.hardware.gpu_model).toBe('A100-SXM4-80GB');
      expect(r.hardware.gpu_count).toBe(1); // device_ids "0", not the 3 adapters of the host
      expect(r.hardware.gpu_memory_gb).toBeCloseTo(85899345920 / 1e9, 9); // byte total / 2 GPUs
    }
    const tokens = s.config.scenario.generate_kwargs.max_new_tokens - 1;
    expect(decode.metrics.tpot_ms_mean).toBeCloseTo((s.report.decode.latency.mean * 1000) / tokens, 9);
    expect(decode.metrics.tpot_ms_p99).toBeCloseTo((s.report.decode.latency.p99 * 1000) / tokens, 9);
    expect(decode.metrics.output_throughput_tps).toBe(50);
    expect(decode.metrics.energy_j).toBeCloseTo(s.report.decode.energy.gpu * 3.6e6, 9);
    expect(prefill.metrics.ttft_ms_mean).toBeCloseTo(s.report.prefill.latency.mean * 1000, 9);
    expect(f.warnings.join('\n')).toMatch(/display adapter.*ASPEED/);
    noInconsistency(f.warnings);
  });
  it('a CPU backend run is labelled with the CPU, never the machine GPU; energy is the CPU part', () => {
    const name = 'optimum-benchmark/inference_cpu/benchmark.json';
    const s = src(name);
    const f = one(name);
    for (const r of f.runs) {
      expect(r.hardware.gpu_model).toBe('CPU Acme Server CPU 64-Core');
      expect(r.hardware.gpu_model).not.toMatch(/A100/);
      expect(r.energy_provenance?.scope).toBe('cpu');
    }
    expect(f.runs[1].metrics.energy_j).toBeCloseTo(s.report.decode.energy.cpu * 3.6e6, 9);
  });
});

describe('3. GenAI-Perf with DCGM telemetry over a longer window than the measurement', () => {
  it('energy, power and duration agree: measured power over the measurement, said so', () => {
    const name = 'genai-perf/dcgm_telemetry/profile_export_genai_perf.json';
    const s = src(name);
    const f = one(name);
    const r = f.runs[0];
    const dur = s.request_count.avg / s.request_throughput.avg;
    expect(r.metrics.duration_s).toBeCloseTo(dur, 9);
    expect(r.metrics.avg_power_w).toBe(196);
    expect(r.metrics.energy_j).toBeCloseTo(196 * dur, 6);
    expect(r.metrics.energy_j! / r.metrics.duration_s!).toBeCloseTo(r.metrics.avg_power_w!, 9);
    // per-token energy from that same window
    expect(r.metrics.energy_per_output_token_j).toBeCloseTo(
      (196 * dur) / (s.output_sequence_length.avg * s.request_count.avg),
      9,
    );
    expect(r.energy_provenance?.method).toBe('power_integration');
    expect(r.extra?.telemetry_counter_energy_j).toBeCloseTo(0.174e6, 3);
    expect(f.warnings.join('\n')).toMatch(/not the measurement window/);
    expect(r.knobs.power_limit_w).toBe(700);
    noInconsistency(f.warnings);
  });
});

describe('4, 9, 10. AIPerf 0.11', () => {
  const name = 'aiperf/v0.11/profile_export_aiperf.json';
  it('model from models.items, tokenizer, concurrency from the profiling phase', () => {
    const r = one(name).runs[0];
    expect(r.model.id).toBe('acme/tiny-7b');
    expect(r.extra?.tokenizer).toBe('acme/tiny-7b-tokenizer');
    expect(r.knobs.max_concurrency).toBe(16);
  });
  it('phases keyed by name (the other 0.11 shape) gives the same concurrency', () => {
    const s = src(name);
    s.input_config.phases = { warmup: { concurrency: 1 }, profiling: { concurrency: 24 } };
    const [f] = parseFiles([{ name: 'x.json', data: new TextEncoder().encode(JSON.stringify(s)) }], { now: NOW });
    expect(f.runs[0].knobs.max_concurrency).toBe(24);
  });
  it('the same GPU behind two telemetry endpoints counts once (UUID)', () => {
    const f = one(name);
    const r = f.runs[0];
    expect(r.hardware.gpu_count).toBe(1);
    expect(r.metrics.energy_j).toBeCloseTo(0.035e6, 3); // one GPU's (max - min), not two
    expect(r.metrics.avg_power_w).toBeCloseTo(350, 6);
    expect(f.warnings.join('\n')).toMatch(/reported by two telemetry endpoints/);
    noInconsistency(f.warnings);
  });
  it('the measured SM clock is a measurement, not a knob', () => {
    const r = one(name).runs[0];
    expect(r.knobs.sm_clock_mhz).toBeUndefined();
    expect(r.extra?.sm_clock_mhz_avg).toBe(1398);
  });
  it('GenAI-Perf: the measured SM clock is not a knob either', () => {
    const r = one('genai-perf/dcgm_telemetry/profile_export_genai_perf.json').runs[0];
    expect(r.knobs.sm_clock_mhz).toBeUndefined();
    expect(r.extra?.sm_clock_mhz_avg).toBe(1398);
  });
  it('an unknown metric with negative values (OSL Mismatch Diff %) never rejects the file', () => {
    const f = one('aiperf/osl_mismatch/profile_export_aiperf.csv');
    const r = f.runs[0];
    expect(f.format).toBe('aiperf-csv');
    expect(r.metrics.ttft_ms_p99).toBe(650);
    expect(r.metrics.duration_s).toBe(100);
    expect(r.metrics.output_throughput_tps).toBe(400);
    expect((r.extra?.other_metrics as Record<string, number>).metric_osl_mismatch_diff).toBe(-2.5);
    noInconsistency(f.warnings);
  });
  it('in JSON too, the unknown negative metric is kept in extra', () => {
    const r = one(name).runs[0];
    expect((r.extra?.other_metrics as Record<string, number>).metric_osl_mismatch_diff_pct).toBe(-2.5);
  });
});

describe('5, 6. vLLM', () => {
  it('every request failed: latencies absent, never 0 ms', () => {
    const f = one('vllm/all_failed/openai-chat-infqps-concurrency8-tiny-7b-20260201-100000.json');
    const r = f.runs[0];
    expect(r.metrics.completed).toBe(0);
    expect(r.metrics.failed).toBe(50);
    for (const k of Object.keys(r.metrics)) expect(k).not.toMatch(/^(ttft|tpot|itl|e2e)_ms_/);
    expect(f.warnings.join('\n')).toMatch(/no request completed/);
  });
  it('bench sweep summary.json (an array of results): one run per entry with its parameters', () => {
    const s = src('vllm/sweep/summary.json') as Record<string, number>[];
    const f = one('vllm/sweep/summary.json');
    expect(f.format).toBe('vllm-serve');
    expect(f.runs).toHaveLength(s.length);
    f.runs.forEach((r, i) => {
      expect(r.knobs.max_num_seqs).toBe(s[i].max_num_seqs);
      expect(r.knobs.request_rate).toBe(s[i].request_rate);
      expect(r.metrics.output_throughput_tps).toBe(s[i].output_throughput);
      expect(r.metrics.ttft_ms_p99).toBe(s[i].p99_ttft_ms);
      expect(r.extra?.run_number).toBe(s[i].run_number);
    });
    noInconsistency(f.warnings);
  });
});

describe('7. MLPerf submission layout', () => {
  const dir = path.join(FIXTURES, L, 'mlperf');
  const names = (fs.readdirSync(dir, { recursive: true }) as string[])
    .map(String)
    .filter((n) => fs.statSync(path.join(dir, n)).isFile());
  it('a systems JSON with accelerators_per_node "0" does not fail the upload; x8 and llama3_1-405b are read; detail-log precision wins', () => {
    const files = parseFiles(
      names.map((n) => ({ name: n, data: new Uint8Array(fs.readFileSync(path.join(dir, n))) })),
      { now: NOW },
    );
    const runs = files.flatMap((f) => f.runs);
    expect(runs).toHaveLength(1);
    const r = runs[0];
    expect(r.model.id).toBe('llama3.1-405b');
    expect(r.hardware.gpu_count).toBe(8);
    expect(r.hardware.gpu_model).toBe('H200-SXM-141GB');
    expect(r.metrics.request_throughput_rps).toBe(0.331936);
    expect(r.metrics.output_throughput_tps).toBe(100.4839);
    const sys = files.find((f) => f.format === 'mlperf-system')!;
    expect(sys.warnings.join('\n')).toMatch(/accelerators_per_node "0" is not a positive count/);
  });
});

describe('8. LLMPerf summaries keyed by concurrency', () => {
  it('one run per key, values per key', () => {
    const name = 'llmperf/by_concurrency/tiny-7b_550_150_summary.json';
    const s = src(name) as Record<string, Record<string, number>>;
    const f = one(name);
    expect(f.runs.map((r) => r.knobs.max_concurrency)).toEqual([1, 4, 16]);
    f.runs.forEach((r) => {
      const v = s[String(r.knobs.max_concurrency)];
      expect(r.metrics.ttft_ms_p99).toBeCloseTo(v.results_ttft_s_quantiles_p99 * 1000, 9);
      expect(r.metrics.output_throughput_tps).toBe(v.results_mean_output_throughput_token_per_s);
    });
    noInconsistency(f.warnings);
  });
});

describe('refused files are listed, the rest still parse', () => {
  it('a settled parse keeps the valid file next to a refused one', () => {
    const res = parseFilesSettled(
      [...fixture(`${L}/vllm/sweep/summary.json`), ...fixture('malformed/05_vllm_negative_completed.json')],
      { now: NOW },
    );
    expect(res.map((r) => r.ok)).toEqual([true, false]);
  });
});
