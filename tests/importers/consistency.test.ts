/**
 * Consistency checks on every record: energy ~= power x duration, throughput ~= tokens (or
 * requests) / duration, per-token energy ~= energy / tokens, percentiles ordered. A violation is
 * a preview warning and a note on the run; on the repo's own fixtures it is a test failure.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseFilesSettled } from '@/lib/importers';
import { runInconsistencies } from '@/lib/importers/consistency';
import type { RunRecord } from '@/lib/record/schema';
import { fixture, FIXTURES, NOW } from './helpers';

const base = (metrics: RunRecord['metrics'], workload: RunRecord['workload'] = {}) =>
  ({ metrics, workload }) as unknown as RunRecord;

describe('runInconsistencies', () => {
  it('energy vs power x duration, 5% tolerance', () => {
    expect(runInconsistencies(base({ energy_j: 1040, avg_power_w: 100, duration_s: 10 }))).toEqual([]);
    expect(runInconsistencies(base({ energy_j: 1100, avg_power_w: 100, duration_s: 10 }))[0]).toMatch(
      /energy \(J\) 1100 differs from avg power x duration = 1000 by 9%/,
    );
  });
  it('throughputs vs counts / duration', () => {
    expect(
      runInconsistencies(base({ output_throughput_tps: 200, duration_s: 10 }, { output_tokens_total: 2000 })),
    ).toEqual([]);
    expect(
      runInconsistencies(base({ output_throughput_tps: 300, duration_s: 10 }, { output_tokens_total: 2000 }))[0],
    ).toMatch(/output throughput/);
    expect(runInconsistencies(base({ request_throughput_rps: 2, completed: 10, duration_s: 10 }))[0]).toMatch(
      /request throughput/,
    );
    expect(
      runInconsistencies(
        base({ total_throughput_tps: 100, duration_s: 10 }, { output_tokens_total: 2000, input_tokens_total: 1000 }),
      )[0],
    ).toMatch(/total throughput/);
  });
  it('per-token energy from the same energy', () => {
    expect(
      runInconsistencies(base({ energy_j: 1000, energy_per_output_token_j: 2 }, { output_tokens_total: 100 }))[0],
    ).toMatch(/energy per output token/);
  });
  it('percentiles ordered in each family', () => {
    expect(runInconsistencies(base({ ttft_ms_p50: 10, ttft_ms_p90: 20, ttft_ms_p99: 30 }))).toEqual([]);
    const out = runInconsistencies(base({ tpot_ms_p50: 10, tpot_ms_p90: 20, tpot_ms_p99: 15 }));
    expect(out).toEqual(['TPOT percentiles out of order: p90 20.0 ms > p99 15.0 ms']);
  });
  it('missing inputs are not violations', () => {
    expect(runInconsistencies(base({ energy_j: 1000 }))).toEqual([]);
  });
});

describe('on import', () => {
  it('a file whose numbers disagree gets preview warnings and a note on each run', () => {
    const [s] = parseFilesSettled(fixture('inconsistent/vllm_inconsistent.json'), { now: NOW });
    expect(s.ok).toBe(true);
    if (!s.ok) return;
    const w = s.file.warnings.filter((x) => /^inconsistent values/.test(x));
    expect(w.join('\n')).toMatch(/energy \(J\) 5000 differs from avg power x duration = 3000/);
    expect(w.join('\n')).toMatch(/output throughput \(tok\/s\) 300 differs from output tokens \/ duration = 200/);
    expect(w.join('\n')).toMatch(/TTFT percentiles out of order: p90 120 ms > p99 90.0 ms/);
    const note = s.file.runs[0].extra?.consistency as string[];
    expect(note).toHaveLength(w.length);
  });

  it('every other fixture of the repo is consistent (a violation there is a bug in the importer or the fixture)', () => {
    const names = (fs.readdirSync(FIXTURES, { recursive: true }) as string[])
      .map(String)
      .filter((f) => !/^(malformed|inconsistent|generic)/.test(f) && fs.statSync(path.join(FIXTURES, f)).isFile());
    expect(names.length).toBeGreaterThanOrEqual(25);
    const bad: string[] = [];
    for (const n of names) {
      const [s] = parseFilesSettled(fixture(n), { now: NOW });
      if (s.ok) for (const w of s.file.warnings) if (/^inconsistent values/.test(w)) bad.push(`${n}: ${w}`);
      if (s.ok) for (const r of s.file.runs) expect(r.extra?.consistency, n).toBeUndefined();
    }
    expect(bad).toEqual([]);
  });
});
