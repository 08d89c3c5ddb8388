/** Runs for the run-column tests: categories, a knob and a metric missing from every third run. */
import { rec } from '../explore/fixtures';

const record = (i: number) =>
  rec(
    {
      model: `m-${i % 4}`,
      gpu: i % 2 ? 'H100' : 'A100',
      sim: i % 7 === 0,
      knobs: { max_num_seqs: 2 ** (i % 6) },
      metrics: { duration_s: 10, completed: 100, energy_j: 1000 + i, ...(i % 3 ? { tpot_ms_p99: i / 10 } : {}) },
    },
    i,
  );

/** Runs number `from` .. `from + n - 1` (the same number gives the same run). */
export const records = (from: number, n: number) => Array.from({ length: n }, (_, k) => record(from + k));
