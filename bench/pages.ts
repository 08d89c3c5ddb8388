/**
 * Every page and main API of the dashboard at scale (issue 11: "every dashboard request fast"):
 *
 *   npm run build && npx tsx bench/pages.ts [runs=100000]
 *
 * Generates `runs` fleet runs (bench/fleet-server.ts, fixed seed; BENCH_DB_DIR keeps the database)
 * and starts the production server. Each request is made once cold (the first of its kind since
 * the server started: what the first reader waits for) and 5 times warm (median). During the cold
 * request, GET /api/health is sent every 50 ms: the longest wait shows whether the request held
 * the server's event loop, i.e. every other reader. Redirects are followed (and timed). A report
 * is created first (POST, timed once, the study not read yet) and shared; its page and the share
 * link are timed with the rest. Floor: /api/health one at a time, idle.
 * Exit 1 on any status other than 200.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FLEET_GPUS, FLEET_MODELS } from './synthetic-fleet';
import { fleetDatabase, get, postJson, requireBuild, startServer } from './fleet-server';
import { median } from './rng';

const RUNS = Number(process.argv[2] ?? 100_000);

function paths(study: number, runs: number): string[] {
  const model = encodeURIComponent(FLEET_MODELS[3]);
  return [
    '/',
    '/studies',
    '/runs',
    `/runs?study=${study}&sort=tpot_ms_p99`,
    `/api/runs?study=${study}&sort=itl_ms_p99&order=asc&limit=50`,
    `/runs/${Math.ceil(runs / 2)}`,
    `/explore?study=${study}`,
    `/api/frontier?study=${study}&model=${model}&gpu=${FLEET_GPUS[0]}&slo.tpot_ms_p99=60`,
    `/api/sensitivity?study=${study}`,
    `/models?study=${study}`,
    `/api/configs?study=${study}&model=${model}&gpu=${FLEET_GPUS[0]}`,
    `/compare?ids=1,2,3`,
    `/reports/new?study=${study}`,
    '/reports',
    '/plans',
    '/plans/new',
    '/workloads',
    '/sweeps',
    '/import',
    '/glossary',
  ];
}

/** GET that follows redirects (the explorer redirects a study that sweeps the clock to its clock view). */
async function follow(base: string, p: string, token: string) {
  let r = await get(base, p, token);
  for (let hops = 0; hops < 3 && r.status >= 300 && r.status < 400 && r.location; hops++)
    r = await get(base, new URL(r.location, base).pathname + new URL(r.location, base).search, token);
  return r;
}

/** `request`, timed, while /api/health is sent every 50 ms: the longest health wait. */
async function withPinger<T>(base: string, token: string, request: () => Promise<T>) {
  let longest = 0;
  let stop = false;
  const pinger = (async () => {
    while (!stop) {
      const t = performance.now();
      await get(base, '/api/health', token);
      longest = Math.max(longest, performance.now() - t);
      await new Promise((r) => setTimeout(r, 50));
    }
  })();
  const t = performance.now();
  const r = await request();
  const ms = performance.now() - t;
  stop = true;
  await pinger;
  return { ...r, ms, longest };
}

const coldWithPinger = (base: string, p: string, token: string) =>
  withPinger(base, token, () => follow(base, p, token));

async function main() {
  requireBuild('pages');
  const { dbFile, studyId, token, genS } = fleetDatabase(RUNS, 'jb-bench-pages-');
  console.log(
    `pages: ${RUNS.toLocaleString('en-US')} fleet runs (generated in ${genS.toFixed(0)} s); ${os.cpus().length} CPU cores (shared: figures are noisy)`,
  );
  const { base, stop } = await startServer(dbFile, token);
  let bad = 0;
  try {
    // Floor: the cheapest route, idle, one at a time.
    const floor: number[] = [];
    for (let i = 0; i < 10; i++) {
      const t = performance.now();
      await get(base, '/api/health', token);
      floor.push(performance.now() - t);
    }
    console.log(`floor: GET /api/health idle, median of 10: ${median(floor).toFixed(0)} ms`);
    console.log(
      `${'request'.padEnd(72)} ${'cold'.padStart(7)} ${'others waited'.padStart(14)} ${'warm'.padStart(7)}   size`,
    );
    const row = (p: string, c: { ms: number; longest: number; bytes: number; status: number }, warm: number[]) =>
      console.log(
        `${p.slice(0, 72).padEnd(72)} ${c.ms.toFixed(0).padStart(5)} ms ${c.longest.toFixed(0).padStart(11)} ms ${(warm.length ? `${median(warm).toFixed(0)} ms` : '-').padStart(8)} ${(c.bytes / 1024).toFixed(0).padStart(6)} KB${c.status >= 400 || !c.status ? `  HTTP ${c.status}` : ''}`,
      );
    // A report: frozen from the explorer's whole-study view (POST, timed once), then read by its
    // owner and through a share link (what a manager opens).
    const created = await withPinger(base, token, () =>
      postJson(base, '/api/reports', token, { title: 'bench', query: `?study=${studyId}&color=gpu` }),
    );
    if (created.status !== 201) bad++;
    row('POST /api/reports (freeze the whole-study view)', { ...created, bytes: 0 }, []);
    const id = created.body.id as number;
    const link = await postJson(base, `/api/reports/${id}/links`, token, {});
    if (link.status !== 201) {
      bad++;
      console.error(`POST /api/reports/${id}/links: HTTP ${link.status} ${JSON.stringify(link.body)}`);
    }
    const share = link.status === 201 ? [new URL(String(link.body.url)).pathname] : [];
    for (const p of [...paths(studyId, RUNS), `/reports/${id}`, ...share]) {
      const c = await coldWithPinger(base, p, token);
      const warm: number[] = [];
      for (let i = 0; i < 5; i++) {
        const t = performance.now();
        await follow(base, p, token);
        warm.push(performance.now() - t);
      }
      if (c.status !== 200) bad++;
      row(p, c, warm);
    }
  } finally {
    stop();
    fs.rmSync(path.dirname(dbFile), { recursive: true, force: true });
  }
  if (bad) console.error(`pages: ${bad} request(s) did not answer 200`);
  process.exit(bad ? 1 : 0);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
