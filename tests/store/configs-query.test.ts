/** db/queries/configs.ts on a real SQLite database: every knob, dataset, engine version, token lengths. */
import { describe, expect, it } from 'vitest';
import { openDb } from '@/db/client';
import { readRunsForConfigs } from '@/db/queries/configs';
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
});
