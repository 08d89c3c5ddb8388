/** Every real sample in ../shared/samples imports, with values checked against the source file. */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseFiles, parseFilesSettled } from '@/lib/importers';
import { runRecordSchema } from '@/lib/record/schema';
import { HAVE_SAMPLES, NOW, readJson, sample, SAMPLES, SKIP_SAMPLES } from './helpers';

// The real files stay outside the repo (they keep measuring the importers). Locally they may be
// absent; in CI (CI=true) a missing ../shared/samples is a failure, never a silent skip. Every
// layout these tests cover also has a self-written fixture tested unconditionally (layouts.test.ts).
if (!HAVE_SAMPLES && process.env.CI === 'true') {
  describe('real samples', () => {
    it('../shared/samples is present in CI', () => {
      throw new Error(
        `CI=true but ${SAMPLES} is missing: the real-sample value tests cannot run (check out the shared samples next to the repo)`,
      );
    });
  });
}
const d = describe.skipIf(SKIP_SAMPLES);
/** Workload traces (Azure LLM inference traces) are inputs for the load generator, not results. */
const isResultFile = (f: string) => !f.startsWith('traces/') && !f.endsWith('.source.txt');

d('real samples', () => {
  it('every sample file parses without error, validates, and is marked not simulated', () => {
    const names = (fs.readdirSync(SAMPLES, { recursive: true }) as string[])
      .map(String)
      .filter((f) => isResultFile(f) && fs.statSync(path.join(SAMPLES, f)).isFile());
    expect(names.length).toBeGreaterThanOrEqual(24);
    const res = parseFilesSettled(sample(...names), { now: NOW });
    const failed = res.filter((r) => !r.ok);
    expect(failed).toEqual([]);
    let runs = 0;
    for (const r of res) {
      if (!r.ok) continue;
      for (const run of r.file.runs) {
        expect(runRecordSchema.safeParse(run).success).toBe(true);
        expect(run.hardware.simulated).toBe(false);
        expect(run.source.file_sha256).toBe(r.file.sha256);
        runs++;
      }
    }
    expect(runs).toBeGreaterThan(390);
  });

  it('vLLM serve: headline values, request_goodput: spelling, per-request samples, .commands join', () => {
    const src = readJson(SAMPLES, 'vllm/serving_llama33-70b_tp8_sharegpt_qps4_detailed.json');
    const [res, cmd] = parseFiles(
      sample(
        'vllm/serving_llama33-70b_tp8_sharegpt_qps4_detailed.json',
        'vllm/serving_llama33-70b_tp8_sharegpt_qps4.commands',
      ),
      { now: NOW },
    );
    expect(res.format).toBe('vllm-serve');
    expect(cmd.format).toBe('vllm-commands');
    const r = res.runs[0];
    expect(r.metrics.ttft_ms_p99).toBe(src.p99_ttft_ms);
    expect(r.metrics.output_throughput_tps).toBe(src.output_throughput);
    expect(r.metrics.duration_s).toBe(src.duration);
    expect(r.knobs.request_rate).toBe(4);
    expect(r.knobs.tp).toBe(8);
    expect(r.model.id).toBe('meta-llama/Llama-3.3-70B-Instruct');
    expect(r.hardware.gpu_model).toBe('A100-SXM4-40GB');
    expect(r.requests?.ttft_ms.length).toBe(200);
    expect(r.requests?.ttft_ms[0]).toBeCloseTo(src.ttfts[0] * 1000, 9);
    const e2e0 = (src.ttfts[0] + src.itls[0].reduce((a: number, b: number) => a + b, 0)) * 1000;
    expect(r.requests?.e2e_ms[0]).toBeCloseTo(e2e0, 6);
    expect(r.metrics.energy_j).toBeUndefined();
    expect(res.warnings.join('\n')).toMatch(/no energy/);
  });

  it('vLLM throughput and latency', () => {
    const [t, l] = parseFiles(sample('vllm/bench_throughput_llama8B_tp1.json', 'vllm/bench_latency_llama8B_tp1.json'), {
      now: NOW,
    });
    const ts = readJson(SAMPLES, 'vllm/bench_throughput_llama8B_tp1.json');
    expect(t.runs[0].metrics.total_throughput_tps).toBe(ts.tokens_per_second);
    expect(t.runs[0].metrics.output_throughput_tps).toBeUndefined();
    const ls = readJson(SAMPLES, 'vllm/bench_latency_llama8B_tp1.json');
    expect(l.runs[0].metrics.e2e_ms_p99).toBeCloseTo(ls.percentiles['99'] * 1000, 9);
  });

  it('SGLang JSONL: one run per line, e2e latency, request rate knob', () => {
    const [f] = parseFiles(sample('sglang/h200_llama_3_3_70b_online_bench_serving.jsonl'), { now: NOW });
    const lines = fs
      .readFileSync(path.join(SAMPLES, 'sglang/h200_llama_3_3_70b_online_bench_serving.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(f.runs).toHaveLength(lines.length);
    f.runs.forEach((r, i) => {
      expect(r.metrics.output_throughput_tps).toBe(lines[i].output_throughput);
      expect(r.metrics.e2e_ms_mean).toBe(lines[i].mean_e2e_latency_ms);
      expect(r.metrics.ttft_ms_p50).toBe(lines[i].median_ttft_ms);
      expect(r.knobs.request_rate).toBe(lines[i].request_rate);
    });
  });

  it('GenAI-Perf JSON: units from each metric, duration from count / throughput', () => {
    const src = readJson(SAMPLES, 'genai-perf/gpt-oss-20b_profile_export_genai_perf.json');
    const [f] = parseFiles(sample('genai-perf/gpt-oss-20b_profile_export_genai_perf.json'), { now: NOW });
    const r = f.runs[0];
    expect(f.format).toBe('genai-perf-json');
    expect(r.metrics.ttft_ms_p99).toBe(src.time_to_first_token.p99);
    expect(r.metrics.tpot_ms_mean).toBe(src.inter_token_latency.avg);
    expect(r.metrics.duration_s).toBeCloseTo(src.request_count.avg / src.request_throughput.avg, 9);
    expect(r.knobs.max_concurrency).toBe(1);
  });

  it('AIPerf JSON: energy is the counter delta (max - min) of the active GPU, never the counter', () => {
    const src = readJson(SAMPLES, 'aiperf/profile_export_aiperf.json');
    const [f] = parseFiles(sample('aiperf/profile_export_aiperf.json'), { now: NOW });
    const r = f.runs[0];
    const gpus = Object.values(src.telemetry_data.endpoints)[0] as {
      gpus: Record<string, { metrics: { energy_consumption: { min: number; max: number } } }>;
    };
    const e0 = gpus.gpus.gpu_0.metrics.energy_consumption;
    const expected = (e0.max - e0.min) * 1e6;
    expect(r.metrics.energy_j).toBeCloseTo(expected, 3);
    expect(r.metrics.energy_j!).toBeLessThan(1e6); // the raw counter is ~1.4e9 J
    expect(r.hardware.gpu_model).toBe('A100-SXM4-80GB');
    expect(r.hardware.gpu_count).toBe(1);
    expect(r.energy_provenance?.method).toBe('dcgm_counter');
    expect(r.metrics.energy_per_output_token_j).toBeCloseTo(expected / src.total_osl.avg, 9);
    expect(r.metrics.avg_power_w).toBeCloseTo(expected / src.benchmark_duration.avg, 6);
    expect(f.warnings.join('\n')).toMatch(/cumulative/);
  });

  it('LLMPerf: seconds -> ms, string numbers, per-request samples', () => {
    const src = readJson(SAMPLES, 'llmperf/leaderboard_together_70b_summary.json');
    const [s, i] = parseFiles(
      sample(
        'llmperf/leaderboard_together_70b_summary.json',
        'llmperf/leaderboard_together_70b_individual_responses.json',
      ),
      { now: NOW },
    );
    expect(s.runs[0].metrics.ttft_ms_p99).toBeCloseTo(src.results_ttft_s_quantiles_p99 * 1000, 9);
    expect(s.runs[0].metrics.output_throughput_tps).toBe(src.results_mean_output_throughput_token_per_s);
    const resp = readJson(SAMPLES, 'llmperf/leaderboard_together_70b_individual_responses.json') as {
      ttft_s: number;
    }[];
    const mean = (resp.reduce((a, r) => a + r.ttft_s, 0) / resp.length) * 1000;
    expect(i.runs[0].metrics.ttft_ms_mean).toBeCloseTo(mean, 6);
    expect(i.runs[0].requests?.ttft_ms).toHaveLength(resp.length);
  });

  it('ML.ENERGY v1/v2/v3 and model metadata join', () => {
    const files = parseFiles(
      sample(
        'ml-energy/v1_legacy_A100_chat_benchmark.csv',
        'ml-energy/v2_llm_chat_H100_Llama-3.1-8B_bs1024+tp1+pp1.json',
        'ml-energy/v3_tasks_lm-arena-chat.json',
        'ml-energy/v3_index.json',
      ),
      { now: NOW },
    );
    const [v1, v2, v3] = files;
    expect(v1.runs).toHaveLength(21);
    expect(v1.runs[0].metrics.energy_per_request_j).toBeCloseTo(2144.8338435191445, 9);
    const v2src = readJson(SAMPLES, 'ml-energy/v2_llm_chat_H100_Llama-3.1-8B_bs1024+tp1+pp1.json');
    // The importer passes the raw inputs; J per output token is the catalogue's to derive.
    expect(v2.runs[0].metrics.energy_per_request_j).toBe(v2src['Energy/req (J)']);
    expect(v2.runs[0].workload.mean_output_len).toBe(v2src['Avg Output Tokens']);
    expect(v2.runs[0].metrics.output_throughput_tps).toBe(v2src['Token tput (tok/s)']);
    expect(v2.runs[0].metrics.tpot_ms_mean).toBeCloseTo(v2src['Avg TPOT (s)'] * 1000, 9);
    expect(v2.runs[0].knobs).toMatchObject({ tp: 1, pp: 1, max_num_seqs: 1024 });
    expect(v2.runs[0].hardware.gpu_model).toBe('H100 80GB HBM3');
    // docs/importing.md promises J per output token for v1/v2: derived by the catalogue, always.
    for (const r of [...v1.runs, v2.runs[0]]) {
      expect(r.derived).toContain('energy_per_output_token_j');
      expect(r.metrics.energy_per_output_token_j).toBeCloseTo(
        r.metrics.energy_per_request_j! / r.workload.mean_output_len!,
        12,
      );
    }
    const v3src = readJson(SAMPLES, 'ml-energy/v3_tasks_lm-arena-chat.json');
    expect(v3.runs).toHaveLength(v3src.configurations.length);
    v3.runs.forEach((r, k) =>
      expect(r.metrics.energy_per_output_token_j).toBe(v3src.configurations[k].energy_per_token_joules),
    );
    expect(v3.runs.every((r) => r.model.params_b !== undefined)).toBe(true);
  });

  it('ML.ENERGY v3 models/*.json: every configuration, nested parallelization, top-level params', () => {
    const name = 'ml-energy/v3_models_Llama-3.1-8B-Instruct__lm-arena-chat.json';
    const src = readJson(SAMPLES, name);
    const [f] = parseFiles(sample(name), { now: NOW });
    expect(f.format).toBe('ml-energy-v3');
    expect(f.runs).toHaveLength(src.configurations.length);
    f.runs.forEach((r, k) => {
      const c = src.configurations[k];
      expect(r.model).toMatchObject({
        id: src.model_id,
        params_b: src.total_params_billions,
        active_params_b: src.activated_params_billions,
        precision: src.weight_precision,
      });
      expect(r.hardware).toMatchObject({ gpu_model: c.gpu_model, gpu_count: c.num_gpus });
      expect(r.knobs.max_num_seqs).toBe(c.max_num_seqs);
      if (c.parallelization?.tensor_parallel !== undefined) expect(r.knobs.tp).toBe(c.parallelization.tensor_parallel);
      expect(r.metrics.energy_per_output_token_j).toBe(c.energy_per_token_joules);
      expect(r.metrics.energy_per_request_j).toBe(c.energy_per_request_joules);
      expect(r.metrics.avg_power_w).toBe(c.avg_power_watts);
      expect(r.metrics.output_throughput_tps).toBe(c.output_throughput_tokens_per_sec);
      expect(r.metrics.itl_ms_p50).toBe(c.median_itl_ms);
      expect(r.metrics.itl_ms_p99).toBe(c.p99_itl_ms);
      expect(r.workload).toMatchObject({ dataset: src.task, mean_output_len: c.avg_output_len });
      // given by the file, so not listed as derived
      expect(r.derived).not.toContain('energy_per_output_token_j');
      expect(r.derived).not.toContain('avg_power_w');
    });
  });

  it('ML.ENERGY v2 models.json joins parameter counts into the v2 configuration uploaded with it', () => {
    const models = readJson(SAMPLES, 'ml-energy/v2_llm_chat_models.json');
    const [v2, meta] = parseFiles(
      sample('ml-energy/v2_llm_chat_H100_Llama-3.1-8B_bs1024+tp1+pp1.json', 'ml-energy/v2_llm_chat_models.json'),
      { now: NOW },
    );
    expect(meta.format).toBe('ml-energy-models');
    expect(meta.runs).toHaveLength(0);
    const id = v2.runs[0].model.id;
    expect(models[id]).toBeDefined();
    expect(v2.runs[0].model.params_b).toBe(models[id].params);
    const [alone] = parseFiles(sample('ml-energy/v2_llm_chat_H100_Llama-3.1-8B_bs1024+tp1+pp1.json'), { now: NOW });
    expect(alone.runs[0].model.params_b).toBeUndefined();
  });

  it('optimum-benchmark benchmark_report.json (report only): kWh -> J, tokens/samples per call from efficiency, per-token energy by the catalogue', () => {
    const name = 'optimum-benchmark/benchlab_llama3_8B_energy_benchmark_report.json';
    const src = readJson(SAMPLES, name);
    const [f] = parseFiles(sample(name), { now: NOW });
    expect(f.format).toBe('optimum-benchmark');
    expect(f.runs.map((r) => r.knobs.phase)).toEqual(['prefill', 'decode']);
    const [prefill, decode] = f.runs;
    const d = src.decode;
    expect(decode.metrics.energy_j).toBeCloseTo(d.energy.gpu * 3.6e6, 6);
    expect(decode.extra?.energy_total_j).toBeCloseTo(d.energy.total * 3.6e6, 6);
    expect(decode.workload.output_tokens_total).toBeCloseTo(d.efficiency.value * d.energy.total, 6);
    expect(decode.metrics.energy_per_output_token_j).toBeCloseTo(
      (d.energy.gpu * 3.6e6) / (d.efficiency.value * d.energy.total),
      9,
    );
    expect(decode.derived).toContain('energy_per_output_token_j');
    expect(decode.derived).not.toContain('energy_j');
    const p = src.prefill;
    expect(prefill.metrics.energy_j).toBeCloseTo(p.energy.gpu * 3.6e6, 6);
    expect(prefill.metrics.completed).toBeCloseTo(p.efficiency.value * p.energy.total, 6);
    expect(prefill.metrics.energy_per_request_j).toBeCloseTo(
      (p.energy.gpu * 3.6e6) / (p.efficiency.value * p.energy.total),
      9,
    );
    expect(prefill.derived).toContain('energy_per_request_j');
    expect(prefill.hardware.gpu_model).toBe('unknown');
    expect(f.warnings.join('\n')).toMatch(/benchmark_report\.json has no config/);
    expect(f.runs.every((r) => r.energy_provenance?.method === 'reported')).toBe(true);
  });

  it('MLPerf: summary + detail + spl.txt joined; energy from PTDaemon samples inside the window (computed independently)', () => {
    const names = [
      'mlperf/gptj-99_ctuning_v3.1_open_run_1_mlperf_log_summary.txt',
      'mlperf/gptj-99_ctuning_v3.1_open_run_1_mlperf_log_detail.txt',
      'mlperf/gptj-99_ctuning_v3.1_open_run_1_spl.txt',
      'mlperf/gptj-99_ctuning_v3.1_open_power_server.json',
    ];
    const files = parseFiles(sample(...names), { now: NOW });
    expect(files.map((f) => f.runs.length)).toEqual([1, 0, 0, 0]);
    const r = files[0].runs[0];
    // Independent computation from the raw text.
    const detail = fs.readFileSync(path.join(SAMPLES, names[1]), 'utf8');
    const t = (k: string) => {
      const v = JSON.parse(
        detail
          .split('\n')
          .find((l) => l.includes(`"key": "${k}"`))!
          .slice(9),
      ).value as string;
      const [md, time] = v.split(' ');
      const [mo, da, yr] = md.split('-');
      return Date.parse(`${yr}-${mo}-${da}T${time}Z`);
    };
    const begin = t('power_begin');
    const end = t('power_end');
    const watts = fs
      .readFileSync(path.join(SAMPLES, names[2]), 'utf8')
      .split(/\r?\n/)
      .filter(Boolean)
      .map((l) => l.split(','))
      .map((c) => {
        const [md, time] = c[1].split(' ');
        const [mo, da, yr] = md.split('-');
        return { t: Date.parse(`${yr}-${mo}-${da}T${time}Z`), w: Number(c[3]) };
      })
      .filter((s) => s.t > begin && s.t < end && s.w > 0)
      .map((s) => s.w);
    const avg = watts.reduce((a, b) => a + b, 0) / watts.length;
    const dur = (end - begin) / 1000;
    expect(r.metrics.avg_power_w).toBeCloseTo(avg, 9);
    expect(r.metrics.duration_s).toBeCloseTo(dur, 9);
    expect(r.metrics.energy_j).toBeCloseTo(avg * dur, 6);
    expect(r.metrics.completed).toBe(207);
    // FORMATS.md worked example: 480.9 W, 602.8 s, 207 queries -> 1.40e6 mJ/query.
    expect(avg).toBeCloseTo(480.9, 1);
    expect(r.metrics.energy_per_request_j! / 1000).toBeCloseTo(1.4, 2);
    expect((r.extra?.mlperf_power_metric as { unit: string }).unit).toBe('mJ/query');
    // energy = mean wall power x window, per query = energy / queries: both derived by the catalogue
    expect(r.derived).toEqual(expect.arrayContaining(['energy_j', 'energy_per_request_j']));
    expect(r.energy_provenance).toMatchObject({ method: 'wall_meter', scope: 'system' });
    expect(r.metrics.e2e_ms_p90).toBeCloseTo(4637721249 / 1e6, 6);
  });

  it('MLPerf: summary + power/server.json alone -> the PTDaemon testing-phase Watts average (read independently), with a warning', () => {
    const names = [
      'mlperf/gptj-99_ctuning_v3.1_open_run_1_mlperf_log_summary.txt',
      'mlperf/gptj-99_ctuning_v3.1_open_power_server.json',
    ];
    const files = parseFiles(sample(...names), { now: NOW });
    expect(files.map((f) => f.format)).toEqual(['mlperf-summary', 'mlperf-power-server']);
    const r = files[0].runs[0];
    // The Watts reply after the "Go,..._testing" command: "Watts,<avg>,...".
    const server = JSON.parse(fs.readFileSync(path.join(SAMPLES, names[1]), 'utf8')) as {
      ptd_messages: { cmd: string; reply: string }[];
    };
    let testing = false;
    let watts: number | undefined;
    for (const m of server.ptd_messages) {
      if (m.cmd.startsWith('Go,')) testing = m.cmd.endsWith('_testing');
      if (m.cmd === 'Watts' && testing) watts = Number(m.reply.split(',')[1]);
    }
    expect(watts).toBeGreaterThan(100);
    expect(r.metrics.avg_power_w).toBe(watts);
    expect(r.energy_provenance).toMatchObject({ method: 'wall_meter', scope: 'system' });
    expect(files[0].warnings.join('\n')).toMatch(/whole PTDaemon testing phase/);
  });

  it('ML.ENERGY v3 index.json: recognised, no runs of its own', () => {
    const [f] = parseFiles(sample('ml-energy/v3_index.json'), { now: NOW });
    expect(f.runs).toHaveLength(0);
    expect(f.format).toBe('ml-energy-models');
    const models = Object.keys(
      (JSON.parse(fs.readFileSync(path.join(SAMPLES, 'ml-energy/v3_index.json'), 'utf8')) as { models: object })
        .models ?? {},
    ).length;
    expect(f.warnings.join(' ')).toContain(`(${models} models)`);
  });

  it('MLPerf: summary alone (no power) and the v4.1 Offline LLM summary', () => {
    const [f] = parseFiles(sample('mlperf/llama2-70b-99_v4.1_NVIDIA_B200_Offline_mlperf_log_summary.txt'), {
      now: NOW,
    });
    const r = f.runs[0];
    expect(r.metrics.request_throughput_rps).toBe(41.1075);
    expect(r.metrics.output_throughput_tps).toBe(11264.4);
    expect(r.metrics.e2e_ms_p99).toBeCloseTo(2962717005873 / 1e6, 3);
    expect(r.energy_provenance).toBeUndefined();
  });

  it('optimum-benchmark: kWh -> J, prefill and decode phases', () => {
    const src = readJson(SAMPLES, 'optimum-benchmark/benchlab_llama3_8B_energy_benchmark.json');
    const [f] = parseFiles(sample('optimum-benchmark/benchlab_llama3_8B_energy_benchmark.json'), { now: NOW });
    expect(f.runs.map((r) => r.knobs.phase)).toEqual(['prefill', 'decode']);
    const dec = src.report.decode;
    const decode = f.runs[1];
    expect(decode.metrics.energy_j).toBeCloseTo(dec.energy.gpu * 3.6e6, 6);
    expect(decode.metrics.energy_per_output_token_j).toBeCloseTo(
      (dec.energy.gpu * 3.6e6) / (dec.efficiency.value * dec.energy.total),
      9,
    );
    expect(decode.hardware.gpu_model).toBe('H100 80GB HBM3');
  });

  it('CodeCarbon CSV and JSON: kWh -> J, matched by header name', () => {
    const [csv, js] = parseFiles(
      sample(
        'codecarbon/codecarbon_repo_examples_emissions.csv',
        'codecarbon/benchlab_llama3_8B_generate_codecarbon.json',
      ),
      { now: NOW },
    );
    expect(csv.runs).toHaveLength(28);
    expect(csv.runs[0].metrics.energy_j).toBeCloseTo(8.236909446627563e-5 * 3.6e6, 9);
    const src = readJson(SAMPLES, 'codecarbon/benchlab_llama3_8B_generate_codecarbon.json');
    expect(js.runs[0].metrics.energy_j).toBeCloseTo(src.gpu_energy * 3.6e6, 6);
    expect(js.runs[0].hardware.gpu_model).toBe('H100 80GB HBM3');
  });
});
