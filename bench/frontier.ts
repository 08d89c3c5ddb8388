/**
 * Frontier + SLO query benchmark (DESIGN target: < 100 ms server-side at 1M runs for a filter).
 *
 *   npx tsx bench/frontier.ts [sizes=100000,1000000] [reps=5]
 *
 * Generates synthetic runs (fixed seed) with raw prepared inserts into a temp DB file, then times
 * computeExplorerView (column read + pruned frontier + SLO + recommendation + sample + details):
 * cold (run columns loaded from SQLite), on loaded columns, and a cached view. What a user waits
 * for over HTTP (route, JSON, rendering, other requests) is timed by bench/http-load.ts;
 * against two baselines in the same run:
 *   scan   the issue's baseline: a full table scan (NOT INDEXED) of the same columns (id, x, y,
 *          SLO metrics) with the same WHERE, SLO filtered in JS, full sort + sweep frontier;
 *   naive  what a first version would do: SELECT * with the same WHERE (indexes allowed), every
 *          row mapped to an object, every point shipped to the browser.
 * Two filters per size: one model on one GPU (selective, the common explorer view) and the whole
 * study (worst case). Prints medians and ratios.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDb, type DB } from '@/db/client';
import { clearRunColumns } from '@/db/queries/run-columns';
import { rebuildRunGroups } from '@/db/queries/runs';
import { clearExplorerViewCache, computeExplorerView } from '@/lib/explore/compute';
import { DEFAULT_VIEW, type ViewState } from '@/lib/explore/state';
import { METRIC_KEYS } from '@/lib/metrics/keys';
import { paretoFrontier } from '@/lib/pareto/frontier';
import { rng } from '@/lib/stats';

const sizes = (process.argv[2] ?? '100000,1000000').split(',').map(Number);
const reps = Number(process.argv[3] ?? 5);

const MODELS = Array.from({ length: 50 }, (_, i) => `org/model-${i}`);
const GPUS = ['H100', 'B200', 'A100', 'H200'];

function generate(db: DB, n: number) {
  const r = rng(1234);
  const sqlite = db.$client;
  sqlite.prepare("INSERT INTO studies (name, is_demo) VALUES ('bench', 1)").run();
  const cols = [
    'study_id',
    'content_hash',
    'label',
    'created_at',
    'source_kind',
    'model_id',
    'gpu_model',
    'gpu_count',
    'simulated',
    'engine_name',
    'sm_clock_mhz',
    'max_num_seqs',
    'tp',
    ...METRIC_KEYS,
    'doc',
  ];
  const ins = sqlite.prepare(
    `INSERT INTO runs (${cols.map((c) => `"${c}"`).join(',')}) VALUES (${cols.map(() => '?').join(',')})`,
  );
  const doc = JSON.stringify({
    schema_version: 1,
    source: { kind: 'api' },
    model: { id: 'x', precision: 'bf16' },
    hardware: { gpu_model: 'H100', gpu_count: 1, simulated: true },
    engine: { name: 'vllm', version: '0.8.0' },
    workload: { dataset: 'sharegpt', num_requests: 1000, input_tokens_total: 250000, output_tokens_total: 200000 },
    energy_provenance: { method: 'simulated', scope: 'gpu' },
    knobs_extra: {},
    has_trace: false,
    has_requests: false,
  });
  const insertAll = sqlite.transaction(() => {
    const vals: unknown[] = new Array(cols.length);
    for (let i = 0; i < n; i++) {
      const model = MODELS[Math.floor(r() * MODELS.length)];
      const gpu = GPUS[Math.floor(r() * GPUS.length)];
      const clock = 900 + Math.floor(r() * 12) * 90;
      const seqs = 2 ** (3 + Math.floor(r() * 7));
      const tp = 2 ** Math.floor(r() * 3);
      const itl = (8 + seqs / 16) * (1 + (1980 - clock) / 4000) * (0.8 + 0.4 * r());
      const tps = ((seqs * 40 * clock) / 1980) * (0.8 + 0.4 * r());
      const power = 150 + 550 * (clock / 1980) ** 2.5 * (0.9 + 0.2 * r());
      const m: Record<string, number | null> = Object.fromEntries(METRIC_KEYS.map((k) => [k, null]));
      m.duration_s = 600;
      m.completed = 1000;
      m.output_throughput_tps = tps;
      m.request_throughput_rps = tps / 200;
      m.avg_power_w = power * tp;
      m.energy_j = power * tp * 600;
      m.energy_per_output_token_j = (power * tp) / tps;
      m.energy_per_request_j = (power * tp * 200) / tps;
      m.itl_ms_p50 = itl;
      m.itl_ms_p99 = itl * 2.2;
      m.tpot_ms_p99 = itl * 1.8;
      m.ttft_ms_p99 = (200 + seqs * 5) * (1980 / clock) * (0.8 + 0.4 * r());
      let j = 0;
      vals[j++] = 1;
      vals[j++] = `h${i}`;
      vals[j++] = `run ${i}`;
      vals[j++] = '2025-01-01T00:00:00Z';
      vals[j++] = 'api';
      vals[j++] = model;
      vals[j++] = gpu;
      vals[j++] = tp;
      vals[j++] = 1;
      vals[j++] = 'vllm';
      vals[j++] = clock;
      vals[j++] = seqs;
      vals[j++] = tp;
      for (const k of METRIC_KEYS) vals[j++] = m[k];
      vals[j++] = doc;
      ins.run(vals);
    }
  });
  insertAll();
  rebuildRunGroups(db); // bare INSERTs bypass insertRuns, which keeps run_groups
}

/** Naive baseline: SELECT * + objects + JS SLO filter + full sort/sweep + all points kept. */
function naive(db: DB, where: string, params: unknown[], st: ViewState) {
  const rows = db.$client.prepare(`SELECT * FROM runs ${where}`).all(...params) as Record<string, number | null>[];
  const pts = rows.filter((r) => r[st.x] !== null && r[st.y] !== null);
  const feas = pts.filter((r) =>
    Object.entries(st.slo).every(([k, v]) => r[k] !== null && (r[k] as number) <= (v as number)),
  );
  const f = paretoFrontier(
    feas.map((r) => r[st.x] as number),
    feas.map((r) => r[st.y] as number),
    'lower',
    'lower',
    { prune: false },
  );
  let best = -1;
  for (let i = 0; i < feas.length; i++)
    if (best < 0 || (feas[i][st.y] as number) < (feas[best][st.y] as number)) best = i;
  return {
    total: rows.length,
    feasible: feas.length,
    frontier: f.length,
    points: JSON.stringify(pts.map((r) => [r.id, r[st.x], r[st.y]])).length,
    rec: best >= 0 ? feas[best].id : null,
  };
}

/** Full-scan baseline: same columns as ours, no index, SLO in JS, unpruned frontier. */
function scan(db: DB, where: string, params: unknown[], st: ViewState) {
  const cols = ['id', st.x, st.y, ...Object.keys(st.slo)].filter((c, i, a) => a.indexOf(c) === i);
  const rows = db.$client
    .prepare(`SELECT ${cols.map((c) => `"${c}"`).join(',')} FROM runs NOT INDEXED ${where}`)
    .raw()
    .all(...params) as (number | null)[][];
  const xi = cols.indexOf(st.x);
  const yi = cols.indexOf(st.y);
  const slo = Object.entries(st.slo).map(([k, v]) => [cols.indexOf(k), v as number] as const);
  const xs: number[] = [];
  const ys: number[] = [];
  const ids: number[] = [];
  for (const r of rows) {
    if (r[xi] === null || r[yi] === null) continue;
    if (!slo.every(([i, v]) => r[i] !== null && (r[i] as number) <= v)) continue;
    xs.push(r[xi] as number);
    ys.push(r[yi] as number);
    ids.push(r[0] as number);
  }
  const f = paretoFrontier(xs, ys, 'lower', 'lower', { prune: false });
  let best = -1;
  for (let i = 0; i < ys.length; i++) if (best < 0 || ys[i] < ys[best]) best = i;
  return { total: rows.length, feasible: xs.length, frontier: f.length, rec: best >= 0 ? ids[best] : null };
}

function median(xs: number[]) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}
function time<T>(fn: () => T, n: number): { ms: number; out: T } {
  const ts: number[] = [];
  let out!: T;
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    out = fn();
    ts.push(performance.now() - t);
  }
  return { ms: median(ts), out };
}

// BENCH_DB_DIR=dir keeps (and reuses) the generated files, for profiling.
const keep = process.env.BENCH_DB_DIR;
const tmp = keep ?? fs.mkdtempSync(path.join(os.tmpdir(), 'jb-bench-frontier-'));
try {
  console.log(
    `frontier bench: sizes ${sizes.join(', ')}, ${reps} reps (median), node ${process.version}, ${os.cpus().length} cores`,
  );
  for (const n of sizes) {
    const file = path.join(tmp, `runs-${n}.db`);
    const reuse = !!keep && fs.existsSync(file);
    const db = openDb(file);
    const t0 = performance.now();
    if (!reuse) {
      generate(db, n);
      db.$client.pragma('wal_checkpoint(TRUNCATE)');
      db.$client.exec('ANALYZE');
    }
    console.log(
      `\n${n.toLocaleString()} runs generated in ${((performance.now() - t0) / 1000).toFixed(1)} s (${(fs.statSync(file).size / 1e6).toFixed(0)} MB)`,
    );
    const slo = { itl_ms_p99: 60, ttft_ms_p99: 2000 } as ViewState['slo'];
    const filters: { name: string; st: ViewState; where: string; params: unknown[] }[] = [
      {
        name: 'one model on one GPU',
        st: { ...DEFAULT_VIEW, study: 1, model: [MODELS[7]], gpu: ['H100'], slo },
        where: 'WHERE study_id = ? AND model_id = ? AND gpu_model = ?',
        params: [1, MODELS[7], 'H100'],
      },
      {
        name: 'whole study (no filter)',
        st: { ...DEFAULT_VIEW, study: 1, slo },
        where: 'WHERE study_id = ?',
        params: [1],
      },
    ];
    for (const f of filters) {
      // cold: the first request after start (the explorer's run columns loaded from SQLite);
      // ours: a new view on loaded columns (a data change or another query: the view cache cleared);
      // cached: the same view again with the data unchanged (view cache keyed by data version).
      clearRunColumns(db);
      clearExplorerViewCache(db);
      const cold = time(() => computeExplorerView(db, f.st), 1);
      const ours = time(() => (clearExplorerViewCache(db), computeExplorerView(db, f.st)), reps);
      const cached = time(() => computeExplorerView(db, f.st), reps);
      const jsonBytes = JSON.stringify(ours.out).length;
      const baseReps = n >= 1_000_000 && f.name.startsWith('whole') ? 1 : Math.min(3, reps);
      const sc = time(() => scan(db, f.where, f.params, f.st), Math.min(3, reps));
      // SELECT * of a whole 1M-run study takes about 5 minutes (308 s measured): opt-in.
      const skipNaive = n >= 1_000_000 && f.name.startsWith('whole') && process.env.BENCH_FULL_NAIVE !== '1';
      const base = skipNaive ? null : time(() => naive(db, f.where, f.params, f.st), baseReps);
      for (const [name, b] of [
        ['scan', sc.out],
        ['naive', base?.out],
      ] as const) {
        if (!b) continue;
        if (
          b.frontier !== ours.out.counts.frontier ||
          b.feasible !== ours.out.counts.feasible ||
          b.rec !== ours.out.recommended
        ) {
          console.log(`  MISMATCH vs ${name} baseline`, b, ours.out.counts, ours.out.recommended);
          process.exitCode = 1;
        }
      }
      console.log(
        `  ${f.name.padEnd(26)} rows ${ours.out.counts.total.toString().padStart(8)}  feasible ${ours.out.counts.feasible.toString().padStart(7)}  frontier ${ours.out.counts.frontier.toString().padStart(3)}  marks ${(ours.out.points.length + ours.out.frontier.length).toString().padStart(5)} (${(jsonBytes / 1024).toFixed(0)} KB json)\n` +
          `    cold ${cold.ms.toFixed(1)} ms, cached view ${cached.ms.toFixed(2)} ms\n` +
          `    ours ${ours.ms.toFixed(1).padStart(7)} ms   full scan, same columns ${sc.ms.toFixed(1).padStart(8)} ms (x${(sc.ms / ours.ms).toFixed(1)})   naive SELECT * ` +
          (base
            ? `${base.ms.toFixed(1).padStart(8)} ms (${(base.out.points / 1024).toFixed(0)} KB json, x${(base.ms / ours.ms).toFixed(1)})`
            : 'skipped (BENCH_FULL_NAIVE=1 runs it)'),
      );
    }
    db.$client.close();
    if (!keep) fs.rmSync(file, { force: true });
  }
} finally {
  if (!keep) fs.rmSync(tmp, { recursive: true, force: true });
}
