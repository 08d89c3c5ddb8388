/**
 * Export -> import round trip: run records as the app exports them (GET /api/runs/:id is one
 * record object, `import --dry-run --json` and report exports an indented JSON array; JSON Lines
 * one record per line) parse back through the importer (format `joulebench`, detected from
 * content) into the same records, per-request samples and power traces included. And format
 * detection never looks at the file name.
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DB } from '@/db/client';
import { getRun, insertRuns } from '@/db/queries/runs';
import { createStudy } from '@/db/queries/studies';
import { demoRecords } from '@/db/seed';
import { parseFile, parseFiles } from '@/lib/importers';
import type { ImportFile } from '@/lib/importers/types';
import { deriveMetrics } from '@/lib/metrics/catalogue';
import { runRecordSchema, type RunRecord } from '@/lib/record/schema';
import { freshProcessDb } from '../auth/helpers';
import { makeRecord } from '../helpers/records';
import { FIXTURES, HAVE_SAMPLES, NOW, SAMPLES } from './helpers';

const enc = (s: string) => new TextEncoder().encode(s);
const file = (name: string, text: string): ImportFile => ({ name, data: enc(text) });

/** A measured run with a two-GPU power trace and per-request samples (nulls for failed requests). */
function measuredRecord(): RunRecord {
  const n = 6;
  const rec = makeRecord({
    label: 'Llama-3.1-8B · 2xH100 · sm 1600 (measured)',
    source: { kind: 'api', format: 'joulebench-measure' },
    measured_at: '2026-01-01T00:00:00Z',
    hardware: { gpu_model: 'H100', gpu_count: 2, gpu_memory_gb: 80, host: 'node-7', simulated: true },
    knobs: {
      sm_clock_mhz: 1600,
      power_limit_w: 700,
      tp: 2,
      max_num_seqs: 64,
      max_concurrency: 32,
      input_len: 512,
      output_len: 128,
      run_tag: 'nightly',
      eager: false,
    },
    workload: {
      dataset: 'random',
      num_requests: n,
      input_tokens_total: 512 * n,
      output_tokens_total: 128 * (n - 1),
      mean_input_len: 512,
      mean_output_len: 128,
    },
    metrics: {
      duration_s: 12.5,
      completed: n - 1,
      failed: 1,
      energy_j: 8123.456789,
      peak_power_w: 712.25,
      ttft_ms_p99: 231.5,
      tpot_ms_p99: 21.125,
      e2e_ms_mean: 2900.0625,
    },
    energy_provenance: {
      method: 'nvml_counter',
      scope: 'gpu',
      sample_hz: 10,
      source: 'fake nvidia-smi',
      window: { start_s: 1.5, end_s: 11.75, steady_state: true },
    },
    trace: {
      devices: [0, 1].map((index) => ({
        index,
        t_s: Array.from({ length: 40 }, (_, i) => i * 0.3 + index * 0.01),
        power_w: Array.from({ length: 40 }, (_, i) => 250 + index * 7.5 + Math.sin(i / 3) * 100.123456789),
        sm_clock_mhz: Array.from({ length: 40 }, (_, i) => (i % 7 ? 1600 : 1590)),
      })),
    },
    requests: {
      start_s: [0, 0.1, 0.2, 0.30000000000000004, 0.4, 0.5],
      ttft_ms: [120.5, 130.25, null, 140, 99.999, 150.1],
      e2e_ms: [2800, 2900.5, null, 3000.25, 2750, 3050],
      tpot_ms: [21, 21.5, null, 22.25, 20.75, 23],
      input_tokens: [512, 512, 512, 512, 512, 512],
      output_tokens: [128, 128, null, 128, 128, 128],
      success: [true, true, false, true, true, true],
    },
    extra: { harness: { version: '0.1.0', argv: ['--requests', '6'] }, note: 'ünïcødé · "quoted" \\ back\nslash' },
  });
  const d = deriveMetrics({ metrics: rec.metrics, workload: rec.workload });
  return runRecordSchema.parse({ ...rec, metrics: d.metrics, derived: d.derived });
}

let db: DB;
let exported: RunRecord[];
let originals: RunRecord[];

beforeAll(() => {
  db = freshProcessDb('roundtrip');
  const demo = demoRecords().records;
  originals = [demo[0], demo[7], demo[demo.length - 1], measuredRecord()];
  const studyId = createStudy(db, { name: 'round trip' }).id;
  const { ids } = insertRuns(db, studyId, originals, { dedupe: false });
  // What the app serves (GET /api/runs/:id): stored records with id and study_id, series included.
  exported = ids.map((id) => getRun(db, id)!);
});

/** A stored record as the importer returns it: the store's id and study_id are dropped. */
const withoutStoreIds = (r: RunRecord): RunRecord => {
  const { id: _id, study_id: _s, ...rest } = r;
  return rest as RunRecord;
};

describe('export -> import round trip', () => {
  it('the stored records are the originals (with the store ids), trace and samples included', () => {
    expect(exported.map(withoutStoreIds)).toEqual(originals);
    const m = exported[3];
    expect(m.trace?.devices).toHaveLength(2);
    expect(m.requests?.ttft_ms).toEqual([120.5, 130.25, null, 140, 99.999, 150.1]);
    expect(exported.every((r) => typeof r.id === 'number' && typeof r.study_id === 'number')).toBe(true);
  });

  const serialisations: [string, () => string][] = [
    ['JSON array, indented (import --dry-run --json, report export runs)', () => JSON.stringify(exported, null, 2)],
    ['JSON array, compact', () => JSON.stringify(exported)],
    ['JSON Lines', () => exported.map((r) => JSON.stringify(r)).join('\n') + '\n'],
    [
      'JSON Lines, CRLF and blank lines',
      () => '\r\n' + exported.map((r) => JSON.stringify(r)).join('\r\n\r\n') + '\r\n',
    ],
  ];

  it.each(serialisations)('%s parses back to the same records', (_name, serialise) => {
    const [parsed] = parseFiles([file('export.jsonl', serialise())], { now: NOW });
    expect(parsed.format).toBe('joulebench');
    expect(parsed.warnings).toEqual([]);
    expect(parsed.runs).toEqual(exported.map(withoutStoreIds));
    expect(parsed.runs).toEqual(originals);
  });

  it('one record object (GET /api/runs/:id) parses back to itself', () => {
    for (const r of exported) {
      const [parsed] = parseFiles([file('run.json', JSON.stringify(r))], { now: NOW });
      expect(parsed.runs).toEqual([withoutStoreIds(r)]);
    }
  });

  it('export -> import -> export -> import: the second export is byte-identical to the first', () => {
    const first = parseFiles([file('a.jsonl', exported.map((r) => JSON.stringify(r)).join('\n'))], { now: NOW })[0]
      .runs;
    const text = first.map((r) => JSON.stringify(r)).join('\n');
    const second = parseFiles([file('b.jsonl', text)], { now: NOW })[0].runs;
    expect(second.map((r) => JSON.stringify(r)).join('\n')).toBe(text);
  });

  it('storing the re-imported records again keeps trace and samples exactly', () => {
    const [parsed] = parseFiles([file('export.json', JSON.stringify(exported, null, 2))], { now: NOW });
    const study = createStudy(db, { name: 'round trip 2' }).id;
    const { ids } = insertRuns(db, study, parsed.runs, { dedupe: false });
    expect(ids.map((id) => withoutStoreIds(getRun(db, id)!))).toEqual(originals);
  });
});

describe('format detection ignores the file name', () => {
  const exportedText = () => exported.map((r) => JSON.stringify(withoutStoreIds(r))).join('\n');
  const noFileName = (runs: RunRecord[]) => runs.map((r) => ({ ...r, source: { ...r.source, file_name: undefined } }));

  it('a run-record export named x.dat, x.csv or like another format is still joulebench, same runs', () => {
    for (const name of [
      'x.dat',
      'x.csv',
      'run_1_mlperf_log_summary.txt',
      'profile_export_genai_perf.json',
      'noextension',
    ]) {
      const parsed = parseFile(file(name, exportedText()), { now: NOW });
      expect(parsed.format, name).toBe('joulebench');
      expect(parsed.runs, name).toEqual(originals);
    }
  });

  /** Fixture and sample files whose content alone carries every field (no file-name hints). */
  const CONTENT_ONLY: [string, string][] = [
    [FIXTURES, 'e2e_vllm_serve.json'],
    [FIXTURES, 'vllm_append.json'],
    [FIXTURES, 'sglang_new.jsonl'],
    [FIXTURES, 'aiperf.csv'],
    [FIXTURES, 'genai_perf.csv'],
    [FIXTURES, 'llmperf_summary.json'],
    [FIXTURES, 'mini_run_1_mlperf_log_summary.txt'],
    [FIXTURES, 'vllm_nightly.json'],
    [FIXTURES, 'vllm.pytorch.json'],
    ...(HAVE_SAMPLES
      ? ([
          [SAMPLES, 'ml-energy/v3_models_Llama-3.1-8B-Instruct__lm-arena-chat.json'],
          [SAMPLES, 'codecarbon/codecarbon_repo_examples_emissions.csv'],
          [SAMPLES, 'optimum-benchmark/benchlab_llama3_8B_energy_benchmark_report.json'],
          [SAMPLES, 'sglang/h200_llama_3_3_70b_online_bench_serving.jsonl'],
        ] as [string, string][])
      : []),
  ];

  it.each(CONTENT_ONLY)('%s/%s renamed to x.dat: same format, same runs', (dir, name) => {
    const data = new Uint8Array(fs.readFileSync(path.join(dir, name)));
    const orig = parseFile({ name, data }, { now: NOW });
    const renamed = parseFile({ name: 'x.dat', data }, { now: NOW });
    expect(renamed.format).toBe(orig.format);
    expect(renamed.runs.length).toBeGreaterThan(0);
    expect(renamed.runs.map((r) => r.source.file_name)).toEqual(orig.runs.map(() => 'x.dat'));
    expect(noFileName(renamed.runs)).toEqual(noFileName(orig.runs));
    expect(renamed.warnings).toEqual(orig.warnings);
  });

  it('every fixture and sample is detected as the same format under a meaningless name', () => {
    const files: [string, string][] = [];
    for (const dir of HAVE_SAMPLES ? [FIXTURES, SAMPLES] : [FIXTURES]) {
      for (const f of (fs.readdirSync(dir, { recursive: true }) as string[]).map(String)) {
        if (
          f.startsWith('malformed') ||
          f.startsWith('generic') ||
          f.startsWith('traces') ||
          f.endsWith('.source.txt') ||
          !fs.statSync(path.join(dir, f)).isFile()
        )
          continue;
        files.push([dir, f]);
      }
    }
    expect(files.length).toBeGreaterThanOrEqual(HAVE_SAMPLES ? 35 : 14);
    for (const [dir, f] of files) {
      const data = new Uint8Array(fs.readFileSync(path.join(dir, f)));
      const orig = parseFile({ name: f, data }, { now: NOW });
      const renamed = parseFile({ name: 'x.dat', data }, { now: NOW });
      expect(renamed.format, f).toBe(orig.format);
      expect(renamed.runs.length, f).toBe(orig.runs.length);
    }
  });
});
