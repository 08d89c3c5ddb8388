/**
 * Query plans of the hot paths: every SELECT that the dashboard routes' data functions issue
 * (runs page, facets, explorer view, sensitivity, run detail, summaries) is recorded with its
 * parameters and run through EXPLAIN QUERY PLAN. None may be a bare full scan of runs: a
 * regression (a dropped index, a filter written so the planner cannot use one) fails here.
 * Allowed on runs: SEARCH (index or rowid range), or SCAN ... USING INDEX when the query walks a
 * sort index in order and stops after a page (the runs table's ORDER BY ... LIMIT). Every sort the
 * runs table offers with an index must walk it without a sort step (an index dropped as "redundant"
 * once turned the model sort into a sort of the whole table; this test caught it).
 */
import type Database from 'better-sqlite3';
import { beforeAll, expect, test } from 'vitest';
import { openDb, type DB } from '@/db/client';
import { getRun, insertRuns, listRuns, runFacets } from '@/db/queries/runs';
import { exploreFacets, runSummaries } from '@/db/queries/explore';
import { createStudy, listStudies } from '@/db/queries/studies';
import { studyModelOptions } from '@/db/queries/plans';
import { computeExplorerView } from '@/lib/explore/compute';
import { computeOverview } from '@/lib/overview';
import { computeSensitivity } from '@/lib/explore/sensitivity';
import { parseViewState } from '@/lib/explore/state';
import { parseRunQuery } from '@/lib/api/run-query';
import { INDEXED_KNOBS, INDEXED_METRICS } from '@/db/schema';
import { rec } from '../explore/fixtures';

interface Recorded {
  sql: string;
  params: unknown[];
}

/** Records every statement prepared on the connection from now on, with the parameters of each call. */
function recordStatements(client: Database.Database): Recorded[] {
  const seen: Recorded[] = [];
  const prepare = client.prepare.bind(client);
  client.prepare = ((source: string) => {
    const st = prepare(source);
    for (const m of ['all', 'get', 'iterate'] as const) {
      const orig = st[m].bind(st) as (...a: unknown[]) => unknown;
      (st as unknown as Record<string, unknown>)[m] = (...args: unknown[]) => {
        seen.push({ sql: source, params: args });
        return orig(...args);
      };
    }
    return st;
  }) as typeof client.prepare;
  return seen;
}

let db: DB;
let studyA: number;
let runId: number;

beforeAll(() => {
  db = openDb(':memory:');
  studyA = createStudy(db, { name: 'a', isDemo: true }).id;
  const studyB = createStudy(db, { name: 'b' }).id;
  const specs = Array.from({ length: 600 }, (_, i) =>
    rec(
      {
        model: `m${i % 6}`,
        gpu: ['H100', 'A100', 'B200'][i % 3],
        knobs: { max_num_seqs: 2 ** (i % 7), sm_clock_mhz: 900 + (i % 6) * 180 },
        metrics: {
          energy_per_output_token_j: 0.2 + (i % 41) / 100,
          itl_ms_p99: 5 + (i % 23),
          output_throughput_tps: 50 + (i % 31),
          tpot_ms_p99: 10 + (i % 17),
          ttft_ms_p99: 100 + i,
        },
      },
      i,
    ),
  );
  runId = insertRuns(db, studyA, specs.slice(0, 400), { dedupe: false }).ids[5];
  insertRuns(db, studyB, specs.slice(400), { dedupe: false });
  db.$client.exec('ANALYZE');
});

/** The requests of the load benchmark (bench/http-load.ts), as the routes turn them into calls. */
function hotPaths() {
  const sp = (q: string) => new URLSearchParams(q);
  listRuns(
    db,
    parseRunQuery(sp(`study=${studyA}&gpu=H100&knob.max_num_seqs.min=16&sort=energy_per_output_token_j&order=asc`)),
  );
  listRuns(db, parseRunQuery(sp(`study=${studyA}&model=m1&sort=ttft_ms_p99&order=desc&limit=50`)));
  listRuns(db, parseRunQuery(sp('')));
  runFacets(db, studyA);
  runFacets(db);
  listStudies(db);
  computeOverview(db);
  exploreFacets(db, 'all');
  const one = parseViewState(sp(`study=${studyA}&model=m1&gpu=A100&slo.tpot_ms_p99=20`)).state;
  const whole = parseViewState(sp(`study=${studyA}&baseline=max_clock`)).state;
  const all = parseViewState(sp('study=all&color=study')).state;
  for (const st of [one, whole, all]) {
    const v = computeExplorerView(db, st);
    expect(v.baseline.run, JSON.stringify([v.baseline, v.counts, v.issues, v.recommended])).not.toBeNull();
    computeSensitivity(db, st);
  }
  getRun(db, runId);
  runSummaries(db, [runId, runId + 1]);
  studyModelOptions(db); // /plans/new
}

const SQL_WORDS = /^(where|join|inner|left|cross|on|order|group|limit|indexed|not|set|using|natural)$/i;
/** Aliases a statement gives the runs table ("FROM runs r", "JOIN runs AS r2"). */
function runsAliases(sql: string): string[] {
  return [...sql.matchAll(/\bruns\s+(?:as\s+)?(\w+)/gi)].map((m) => m[1]).filter((a) => !SQL_WORDS.test(a));
}

test('no hot-path query scans the runs table', () => {
  const seen = recordStatements(db.$client);
  hotPaths();
  const selects = seen.filter((s) => /^\s*select/i.test(s.sql) && !/^\s*select\s+total_changes/i.test(s.sql));
  expect(selects.length).toBeGreaterThan(10);
  const bad: string[] = [];
  const plans = new Map<string, string[]>();
  for (const s of selects) {
    const plan = (db.$client.prepare(`EXPLAIN QUERY PLAN ${s.sql}`).all(...s.params) as { detail: string }[]).map(
      (r) => r.detail,
    );
    plans.set(s.sql, plan);
    // The plan names runs by its alias when the query gives one ("FROM runs r": "SCAN r").
    const names = ['runs', ...runsAliases(s.sql)];
    for (const line of plan) {
      // "SCAN runs" alone is a full table scan unless it walks rowids in order for one page (id
      // sort); "SCAN runs USING INDEX" must likewise be an ordered walk with a LIMIT.
      const pageWalk = /ORDER BY[\s\S]*LIMIT/i.test(s.sql);
      const idWalk = /order by "runs"."id" (asc|desc) limit/i.test(s.sql);
      const scan = line.match(/^SCAN (\w+)( USING.*)?$/);
      if (!scan || !names.includes(scan[1])) continue;
      if (!scan[2] && !idWalk) bad.push(`${line}  <=  ${s.sql}`);
      if (scan[2] && !pageWalk) bad.push(`${line} (no ORDER BY ... LIMIT)  <=  ${s.sql}`);
    }
  }
  expect(bad).toEqual([]);
  // The statements that matter most, by name: facets and counts from run_groups, the explorer's
  // appends by rowid range, run detail by id.
  const find = (re: RegExp) => [...plans.entries()].filter(([q]) => re.test(q)).map(([, p]) => p.join(' | '));
  expect(find(/SELECT DISTINCT model_id FROM run_groups WHERE study_id/)[0]).toMatch(
    /SEARCH run_groups USING PRIMARY KEY \(study_id=\?\)/,
  );
  expect(find(/FROM runs WHERE \+study_id = \? AND id > \?/).join()).toMatch(
    /SEARCH runs USING INTEGER PRIMARY KEY \(rowid>\?\)/,
  );
  // The baseline is no longer a query: it reads the in-memory columns (tests/store/baseline.test.ts).
  expect(find(/ORDER BY output_throughput_tps DESC|ORDER BY sm_clock_mhz DESC/)).toEqual([]);
  expect(find(/FROM runs WHERE id IN \(SELECT value FROM json_each/).join()).toMatch(
    /SEARCH runs USING INTEGER PRIMARY KEY/,
  );
});

test('every indexed sort of the runs table walks its index: a page never sorts the whole table', () => {
  const keys = ['id', 'model', 'gpu', 'engine', ...INDEXED_KNOBS, ...INDEXED_METRICS];
  const sp = (q: string) => new URLSearchParams(q);
  const sorting: string[] = [];
  for (const key of keys)
    for (const order of ['asc', 'desc']) {
      const seen = recordStatements(db.$client);
      listRuns(db, parseRunQuery(sp(`sort=${key}&order=${order}`)));
      const pages = seen.filter((s) => /order by[\s\S]*limit/i.test(s.sql));
      expect(pages.length, key).toBeGreaterThan(0);
      for (const s of pages) {
        const plan = (db.$client.prepare(`EXPLAIN QUERY PLAN ${s.sql}`).all(...s.params) as { detail: string }[])
          .map((r) => r.detail)
          .join(' | ');
        // A page fetched by its ids (json_each) sorts those 50 rows; a walk of runs must not sort.
        if (/SCAN runs/.test(plan) && /TEMP B-TREE/.test(plan)) sorting.push(`${key} ${order}: ${plan}`);
      }
    }
  expect(sorting).toEqual([]);
});
