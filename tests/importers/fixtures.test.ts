/** Own small fixtures so the importer suite stands alone (no shared samples needed). */
import { describe, expect, it } from 'vitest';
import { zipSync } from 'fflate';
import { expandArchives, parseFiles } from '@/lib/importers';
import { parseSetArgs } from '@/lib/importers/overrides';
import { openDb } from '@/db/client';
import { countRuns, listRuns } from '@/db/queries/runs';
import { importUpload, listImportHistory } from '@/lib/services/import';
import { undoImport } from '@/lib/services/import';
import { FIXTURES, fixture, NOW, readJson } from './helpers';

describe('fixtures', () => {
  it('vLLM --append-result: two objects, "inf" rate -> knob absent, metadata knobs, request_goodput:, GpuEnergyMeter', () => {
    const [f] = parseFiles(fixture('vllm_append.json'), { now: NOW });
    expect(f.format).toBe('vllm-serve');
    expect(f.runs).toHaveLength(2);
    const [a, b] = f.runs;
    expect(a.knobs.request_rate).toBeUndefined();
    expect(a.knobs.tp).toBe(2);
    expect(a.knobs.run_tag).toBe('nightly');
    expect(a.hardware.gpu_model).toBe('H100');
    expect(a.metrics.energy_j).toBe(3000);
    expect(a.metrics.energy_per_output_token_j).toBeCloseTo(3000 / 200, 12);
    expect(a.derived).toContain('energy_per_output_token_j');
    expect(a.energy_provenance?.method).toBe('nvml_counter');
    expect(a.requests?.start_s).toEqual([0, 1, 2.5, 3]);
    expect(a.requests?.e2e_ms[2]).toBeCloseTo(600, 9);
    expect(a.metrics.e2e_ms_p99).toBe(600);
    expect(b.knobs.request_rate).toBe(2);
    expect(b.metrics.goodput_rps).toBe(0.3);
    expect(b.requests).toBeUndefined();
  });

  it('SGLang current key set with Python Infinity request rate', () => {
    const [f] = parseFiles(fixture('sglang_new.jsonl'), { now: NOW });
    const r = f.runs[0];
    expect(r.knobs.request_rate).toBeUndefined();
    expect(r.knobs.max_concurrency).toBe(16);
    expect(r.metrics.e2e_ms_p99).toBe(3000);
    expect(r.metrics.itl_ms_p95).toBe(20);
  });

  it('GenAI-Perf CSV: thousands separators, CRLF, telemetry counter delta', () => {
    const [f] = parseFiles(fixture('genai_perf.csv'), { now: NOW });
    const r = f.runs[0];
    expect(f.format).toBe('genai-perf-csv');
    expect(r.metrics.ttft_ms_mean).toBe(1234.5);
    expect(r.metrics.e2e_ms_p99).toBe(3900);
    expect(r.metrics.output_throughput_tps).toBe(1000);
    expect(r.metrics.energy_j).toBeCloseTo(0.003 * 1e6, 6);
    expect(r.metrics.duration_s).toBe(10);
  });

  it('AIPerf CSV', () => {
    const [f] = parseFiles(fixture('aiperf.csv'), { now: NOW });
    expect(f.format).toBe('aiperf-csv');
    expect(f.runs[0].metrics.duration_s).toBe(500);
    expect(f.runs[0].metrics.ttft_ms_p99).toBe(99);
  });

  it('MLPerf Server: summary + detail + spl joined; only samples strictly inside the window count', () => {
    const files = parseFiles(
      fixture('mini_run_1_mlperf_log_summary.txt', 'mini_run_1_spl.txt', 'mini_run_1_mlperf_log_detail.txt'),
      { now: NOW },
    );
    expect(files.map((f) => f.runs.length)).toEqual([1, 0, 0]);
    const r = files[0].runs[0];
    expect(r.metrics.avg_power_w).toBe(1000);
    expect(r.metrics.duration_s).toBe(10);
    expect(r.metrics.energy_j).toBe(10_000);
    expect(r.metrics.energy_per_request_j).toBe(100);
    expect(r.metrics.ttft_ms_p99).toBe(500);
    expect(r.metrics.tpot_ms_mean).toBe(40);
    expect(r.knobs.request_rate).toBe(10);
  });

  it('MLPerf system description (mlperf-system) fills GPU model/count, host and framework of the joined run', () => {
    const files = parseFiles(
      fixture(
        'mini_run_1_mlperf_log_summary.txt',
        'mini_run_1_spl.txt',
        'mini_run_1_mlperf_log_detail.txt',
        'mini_system.json',
      ),
      { now: NOW },
    );
    expect(files.map((f) => f.format)).toEqual(['mlperf-summary', 'mlperf-spl', 'mlperf-detail', 'mlperf-system']);
    const r = files[0].runs[0];
    expect(r.hardware).toMatchObject({ gpu_model: 'L40S', gpu_count: 2, host: 'mini-node (2x L40S, TensorRT)' });
    expect(r.engine.name).toBe('TensorRT 10.2');
    expect(r.metrics.energy_j).toBe(10_000);
    // energy is derived by the catalogue from the measured mean wall power over the window
    expect(r.derived).toEqual(expect.arrayContaining(['energy_j', 'energy_per_request_j']));
    expect(r.derived).not.toContain('avg_power_w');
    expect(files[0].warnings.join('\n')).not.toMatch(/GPU model not in file/);
  });

  it('vLLM .commands (vllm-commands) fills model, TP, max_num_seqs, dataset and the GPU of a VM type', () => {
    const [res, cmd] = parseFiles(fixture('mini_serving_tp4.json', 'mini_serving_tp4.commands'), { now: NOW });
    expect(cmd.format).toBe('vllm-commands');
    expect(cmd.runs).toHaveLength(0);
    expect(cmd.warnings).toEqual(['joined into mini_serving_tp4.json']);
    const r = res.runs[0];
    expect(r.model.id).toBe('meta-llama/Llama-3.1-70B-Instruct');
    expect(r.knobs).toMatchObject({ tp: 4, max_num_seqs: 128, request_rate: 2 });
    expect(r.workload.dataset).toBe('sharegpt');
    expect(r.hardware).toMatchObject({ gpu_model: 'H100-SXM5-80GB', gpu_count: 8 });
    expect(res.warnings.join('\n')).toMatch(/GPU H100-SXM5-80GB inferred from VM type "Standard_ND96isr_H100_v5 x 1"/);
    expect(res.warnings.join('\n')).not.toMatch(/model not in file/);
    // alone, the result keeps what it says and warns
    const [alone] = parseFiles(fixture('mini_serving_tp4.json'), { now: NOW });
    expect(alone.runs[0].model.id).toBe('unknown');
    expect(alone.runs[0].knobs.tp).toBe(4); // from the file name, warned
    expect(alone.warnings.join('\n')).toMatch(/tp=4 inferred from the file name/);
  });

  it('MLPerf summary + spl only: mean power of the testing mark, warning about the window', () => {
    const files = parseFiles(fixture('mini_run_1_mlperf_log_summary.txt', 'mini_run_1_spl.txt'), { now: NOW });
    const r = files[0].runs[0];
    expect(r.metrics.avg_power_w).toBeGreaterThan(100);
    expect(r.metrics.energy_per_request_j).toBeCloseTo(r.metrics.avg_power_w! / 10, 9);
    expect(files[0].warnings.join('\n')).toMatch(/power_begin\/power_end not available/);
  });

  it('LLMPerf string numbers', () => {
    const [f] = parseFiles(fixture('llmperf_summary.json'), { now: NOW });
    expect(f.runs[0].metrics.ttft_ms_p99).toBe(500);
    expect(f.runs[0].metrics.output_throughput_tps).toBe(250.5);
    expect(f.runs[0].metrics.request_throughput_rps).toBe(1);
  });

  it('vLLM nightly table and PyTorch OSS format', () => {
    const [n, p] = parseFiles(fixture('vllm_nightly.json', 'vllm.pytorch.json'), { now: NOW });
    expect(n.runs[0]).toMatchObject({
      hardware: { gpu_model: 'H100', gpu_count: 2 },
      knobs: { tp: 2, request_rate: 4 },
    });
    expect(n.runs[0].metrics.ttft_ms_p99).toBe(90);
    expect(p.runs).toHaveLength(1);
    expect(p.runs[0].metrics.ttft_ms_p50).toBe(20);
    expect(p.runs[0].knobs.tp).toBe(4);
    expect(p.runs[0].knobs.request_rate).toBeUndefined();
  });

  it('generic CSV with a column mapping (units converted)', () => {
    const mapping = readJson(FIXTURES, 'generic.mapping.json');
    const [f] = parseFiles(fixture('generic.csv'), { format: 'generic', mapping, now: NOW });
    expect(f.runs).toHaveLength(2);
    expect(f.runs[0]).toMatchObject({ label: 'runA', hardware: { gpu_model: 'L40S' } });
    expect(f.runs[0].metrics.ttft_ms_mean).toBe(100);
    expect(f.runs[0].metrics.energy_per_output_token_j).toBe(0.5);
    expect(() => parseFiles(fixture('generic.csv'), { format: 'generic' })).toThrow(/column mapping/);
  });

  it('batch overrides fill only what files lack', () => {
    const overrides = parseSetArgs([
      'gpu_model=L4',
      'gpu_count=4',
      'sm_clock_mhz=1410',
      'power_limit_w=300',
      'tp=4',
      'engine=trt',
    ]);
    const [v, s] = parseFiles(fixture('vllm_append.json', 'sglang_new.jsonl'), { now: NOW, overrides });
    expect(v.runs[0].hardware.gpu_model).toBe('H100'); // from the file's metadata, not overwritten
    expect(v.runs[0].knobs.tp).toBe(2);
    expect(v.runs[0].knobs.sm_clock_mhz).toBe(1410);
    expect(s.runs[0].hardware).toMatchObject({ gpu_model: 'L4', gpu_count: 4 });
    expect(s.runs[0].knobs).toMatchObject({ tp: 4, power_limit_w: 300 });
    expect(s.runs[0].engine.name).toBe('sglang');
    expect(s.warnings.join('\n')).not.toMatch(/GPU model not in file/);
    expect(() => parseFiles(fixture('sglang_new.jsonl'), { overrides: { tp: 0 } })).toThrow(/batch field tp/);
  });

  it('zip archives expand with folders kept, and MLPerf files inside pair up', () => {
    const enc = (n: string) => fixture(n)[0].data;
    const zip = zipSync({
      'run_1/mlperf_log_summary.txt': enc('mini_run_1_mlperf_log_summary.txt'),
      'run_1/spl.txt': enc('mini_run_1_spl.txt'),
      'run_1/mlperf_log_detail.txt': enc('mini_run_1_mlperf_log_detail.txt'),
    });
    const files = expandArchives([{ name: 'sub.zip', data: zip }]);
    expect(files.map((f) => f.name).sort()).toEqual([
      'sub/run_1/mlperf_log_detail.txt',
      'sub/run_1/mlperf_log_summary.txt',
      'sub/run_1/spl.txt',
    ]);
    const parsed = parseFiles(files, { now: NOW });
    expect(parsed.flatMap((p) => p.runs)).toHaveLength(1);
    expect(parsed.flatMap((p) => p.runs)[0].metrics.energy_j).toBe(10_000);
  });

  it('commit: one batch, re-import detected by hash, undo, history', () => {
    const db = openDb(':memory:');
    const files = fixture('vllm_append.json', 'sglang_new.jsonl');
    const a = importUpload(db, files, { studyName: 'S', overrides: { gpu_model: 'H200' } });
    expect(a.inserted).toBe(3);
    const b = importUpload(db, files, { studyName: 'S' });
    expect(b.inserted).toBe(0);
    expect(b.skippedFiles).toHaveLength(2);
    expect(countRuns(db)).toBe(3);
    expect(listRuns(db).runs.find((r) => r.engine.name === 'sglang')?.hardware.gpu_model).toBe('H200');
    const hist = listImportHistory(db);
    expect(hist[0]).toMatchObject({ id: a.importId, runCount: 3, study: 'S' });
    undoImport(db, a.importId!);
    expect(countRuns(db)).toBe(0);
    expect(listImportHistory(db)[0].undoneAt).toBeTruthy();
    expect(importUpload(db, files, { studyName: 'S' }).inserted).toBe(3);
  });
});
