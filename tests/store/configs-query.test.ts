/** db/queries/configs.ts on a real SQLite database: every knob, dataset, engine version, token lengths. */
import { describe, expect, it, vi } from 'vitest';
import { openDb } from '@/db/client';
import { MAX_CONFIG_RUNS, readRunsForConfigs, TooManyConfigRunsError } from '@/db/queries/configs';
import { insertRuns } from '@/db/queries/runs';
import { createStudy } from '@/db/queries/studies';
import { groupConfigs } from '@/lib/configs';
import { makeRecord } from '../helpers/records';

describe('readRunsForConfigs', () => {
  it('reads typed and free-form knobs (a "__proto__" knob is just a name), dataset, version and lengths', () => {
    const db = openDb(':memory:');
    const s = createStudy(db, { name: 'q', isDemo: false }).id;
    const other = createStudy(db, { name: 'other', isDemo: false }).id;
    const extra = { quant: 'fp8' };
    insertRuns(
      db,
      s,
      [
        makeRecord({
          knobs: { tp: 1, input_len: 512, ...extra },
          workload: { dataset: 'sharegpt', num_requests: 10, output_tokens_total: 1280 },
        }),
        makeRecord({
          knobs: { tp: 1, input_len: 512, ...extra },
          workload: { dataset: 'sharegpt', num_requests: 10, output_tokens_total: 1280 },
          metrics: { energy_j: 5100 },
        }),
        makeRecord({ knobs: { tp: 2 }, workload: { mean_input_len: 300, mean_output_len: 90 } }),
      ],
      { dedupe: false },
    );
    insertRuns(db, other, [makeRecord({})]);
    // A stored free-form knob named "__proto__" (the record schema drops it on parse; a database
    // written by another version might hold one): read as a plain name, never as a prototype.
    db.$client
      .prepare(
        `UPDATE runs SET doc = json_set(doc, '$.knobs_extra', json('{"__proto__":"x","quant":"fp8"}')) WHERE study_id = ? AND id IN (SELECT id FROM runs WHERE study_id = ? ORDER BY id LIMIT 2)`,
      )
      .run(s, s);
    const runs = readRunsForConfigs(db, { study: s, model: ['meta-llama/Llama-3.1-8B-Instruct'], gpu: ['H100'] });
    expect(runs).toHaveLength(3);
    const [a, , c] = runs;
    expect(Object.getPrototypeOf(a.knobs)).toBeNull();
    expect(Object.keys(a.knobs).sort()).toEqual(['__proto__', 'input_len', 'quant', 'tp']);
    expect(a.knobs.quant).toBe('fp8');
    expect(a).toMatchObject({
      dataset: 'sharegpt',
      engineVersion: '0.11.0',
      engine: 'vllm',
      gpuCount: 1,
      simulated: false,
      inLen: 512,
      outLen: 128,
    });
    expect(a.metrics.energy_j).toBe(5000);
    expect(c).toMatchObject({ inLen: 300, outLen: 90, dataset: null });
    expect(groupConfigs(runs).map((g) => g.runs.length)).toEqual([2, 1]);
    expect(readRunsForConfigs(db, { gpu: ['nope'] })).toEqual([]);
  });

  it("narrowed to one run's typed knobs and GPU count, it reads that configuration's repeats only", () => {
    const db = openDb(':memory:');
    const s = createStudy(db, { name: 'n', isDemo: false }).id;
    const recs = [1, 2, 1, 4, 1].map((tp, i) =>
      makeRecord({ label: `r${i}`, knobs: { tp, max_num_seqs: 64, ...(i === 4 ? { quant: 'fp8' } : {}) } }),
    );
    insertRuns(db, s, recs, { dedupe: false });
    const all = readRunsForConfigs(db, { study: s });
    const narrowed = readRunsForConfigs(db, { study: s, gpuCount: 1, knobsEqual: { tp: 1, max_num_seqs: 64 } });
    // tp=1 runs only (three), of which the fp8 one is another configuration.
    expect(narrowed.map((r) => r.knobs.tp)).toEqual([1, 1, 1]);
    const target = groupConfigs(all).find((c) => c.runs.some((r) => r.id === all[0].id))!;
    const fromNarrowed = groupConfigs(narrowed).find((c) => c.runs.some((r) => r.id === all[0].id))!;
    expect(fromNarrowed.runs.map((r) => r.id)).toEqual(target.runs.map((r) => r.id));
    expect(target.runs).toHaveLength(2);
    expect(readRunsForConfigs(db, { study: s, gpuCount: 2, knobsEqual: { tp: 1 } })).toEqual([]);
  });

  it('more than MAX_CONFIG_RUNS matching runs: refused after an index count, before any full row is read', () => {
    const db = openDb(':memory:');
    const s = createStudy(db, { name: 'big', isDemo: false }).id;
    const one = makeRecord({});
    insertRuns(
      db,
      s,
      Array.from({ length: MAX_CONFIG_RUNS + 1 }, () => one),
      { dedupe: false },
    );
    insertRuns(db, s, [makeRecord({ hardware: { gpu_model: 'A100', gpu_count: 1, simulated: false } })]);
    const sql: string[] = [];
    const prepare = db.$client.prepare.bind(db.$client);
    const spy = vi.spyOn(db.$client, 'prepare').mockImplementation((q: string) => (sql.push(q), prepare(q)));
    try {
      expect(() => readRunsForConfigs(db, { study: s, model: [one.model.id], gpu: ['H100'] })).toThrow(
        TooManyConfigRunsError,
      );
      expect(() => readRunsForConfigs(db, { study: s })).toThrow(/more than 20,000 runs match/);
      // Reading 20,000 rows with their JSON took 0.3-0.5 s at 1M runs; the count reads an index.
      expect(sql.some((q) => q.includes('json_extract'))).toBe(false);
      // A narrower query is read as before.
      expect(readRunsForConfigs(db, { study: s, gpu: ['A100'] })).toHaveLength(1);
    } finally {
      spy.mockRestore();
    }
  });

  it("kept per query and data version: read again only after the study's runs change; frozen", () => {
    const db = openDb(':memory:');
    const s = createStudy(db, { name: 'c', isDemo: false }).id;
    const other = createStudy(db, { name: 'o', isDemo: false }).id;
    insertRuns(db, s, [makeRecord({ label: 'a', knobs: { tp: 1 } })], { dedupe: false });
    const q = { study: s, gpu: ['H100'] };
    const first = readRunsForConfigs(db, q);
    expect(readRunsForConfigs(db, q)).toBe(first);
    expect(Object.isFrozen(first) && Object.isFrozen(first[0]) && Object.isFrozen(first[0].knobs)).toBe(true);
    expect(() => (first as unknown[]).push(1)).toThrow(TypeError);
    // An import into another study leaves it; one into this study, or an edit of a run, does not.
    insertRuns(db, other, [makeRecord({ label: 'elsewhere' })], { dedupe: false });
    expect(readRunsForConfigs(db, q)).toBe(first);
    insertRuns(db, s, [makeRecord({ label: 'b', knobs: { tp: 2 } })], { dedupe: false });
    const second = readRunsForConfigs(db, q);
    expect(second.map((r) => r.knobs.tp)).toEqual([1, 2]);
    db.$client.prepare("UPDATE runs SET doc = json_set(doc, '$.engine.version', '9.9') WHERE study_id = ?").run(s);
    expect(readRunsForConfigs(db, q).map((r) => r.engineVersion)).toEqual(['9.9', '9.9']);
  });
});
