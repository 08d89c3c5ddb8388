/**
 * HTTP-level load benchmark (issue 11): what a team waits for on a busy dashboard.
 *
 *   npm run build && npx tsx bench/http-load.ts [runs=100000] [import=10000] [rate=25] [seconds=30] [sweep=50,100]
 *
 * 1. Generates `runs` run records of realistic breadth (bench/synthetic-fleet.ts, fixed seed) into
 *    a fresh database and starts the production server on it (`next start`).
 * 2. Floor: every request of the mix made one at a time (no import running).
 * 3. Load: an open-loop Poisson arrival process at `rate` requests/s for `seconds` s (requests
 *    are sent at their scheduled time whether or not earlier ones have answered; latency counts
 *    from the scheduled time), while `import` runs are imported through POST /api/imports (one
 *    multipart upload of a JSONL file, sent 2 s into the phase). Mix, equal shares:
 *      runs      /runs?study&gpu&knob.max_num_seqs.min&sort=energy_per_output_token_j (HTML)
 *      one       /api/frontier one model on one GPU with a p99 TPOT SLO
 *      whole     /api/frontier of the whole study (SLO varied)
 *      explore   /explore?study&gpu (HTML, server-rendered chart)
 *      detail    /runs/ID (HTML)
 *    Parameters are drawn from a fixed-seed generator, so runs of the bench are comparable.
 * 4. Sweep: the same at each rate of `sweep` (shorter phases, 15 s, each with its own import),
 *    stopping at the first rate whose p99 exceeds 300 ms: the highest sustainable rate.
 * Where the import goes: by default into a new study (a team importing results while others read
 * another study: the readers' cached views stay valid); with BENCH_IMPORT_STUDY=same into the study
 * being read, so every cached view of it is recomputed once the import commits.
 * Prints p50/p99 per request kind for the floor and under load, errors, the achieved rate and the
 * import's time. Exit 1 on any error or an import that did not complete.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fleetDatabase, get as getSized, requireBuild, startServer } from './fleet-server';
import { mulberry32 } from './rng';
import { FLEET_GPUS, FLEET_MODELS, fleetRuns } from './synthetic-fleet';

const [RUNS, IMPORT_RUNS, RATE, SECONDS] = [100_000, 10_000, 25, 30].map((d, i) => Number(process.argv[2 + i] ?? d));
const SWEEP = (process.argv[6] ?? '50,100').split(',').filter(Boolean).map(Number);
const P99_TARGET_MS = 300;

const KINDS = ['runs', 'one', 'whole', 'explore', 'detail'] as const;
type Kind = (typeof KINDS)[number];
interface Req {
  kind: Kind;
  path: string;
}
interface Result {
  kind: Kind;
  ms: number;
  status: number;
}

/** The request mix, drawn from a fixed seed. */
function requestMaker(study: number, maxRunId: number, seed: number) {
  const rnd = mulberry32(seed);
  const pick = <T>(a: readonly T[]) => a[Math.floor(rnd() * a.length)];
  const enc = encodeURIComponent;
  return (kind: Kind): Req => {
    switch (kind) {
      case 'runs':
        return {
          kind,
          path: `/runs?study=${study}&gpu=${pick(FLEET_GPUS)}&knob.max_num_seqs.min=${pick([16, 64, 128])}&sort=energy_per_output_token_j&order=asc`,
        };
      case 'one':
        return {
          kind,
          path: `/api/frontier?study=${study}&model=${enc(pick(FLEET_MODELS))}&gpu=${pick(FLEET_GPUS)}&slo.tpot_ms_p99=${pick([20, 40, 60, 80, 120])}`,
        };
      case 'whole':
        return { kind, path: `/api/frontier?study=${study}&slo.tpot_ms_p99=${pick([30, 50, 70, 90, 110, 150])}` };
      case 'explore':
        return { kind, path: `/explore?study=${study}&gpu=${pick(FLEET_GPUS)}&color=gpu` };
      case 'detail':
        return { kind, path: `/runs/${1 + Math.floor(rnd() * maxRunId)}` };
    }
  };
}

const get = async (base: string, p: string, token: string) => (await getSized(base, p, token)).status;

async function timed(base: string, q: Req, token: string, scheduled: number): Promise<Result> {
  const status = await get(base, q.path, token);
  return { kind: q.kind, ms: performance.now() - scheduled, status };
}

/** POST /api/imports with one JSONL file; resolves with the status, body and seconds taken. */
async function postImport(base: string, token: string, file: Buffer, study: string) {
  const t0 = performance.now();
  const fd = new FormData();
  fd.append('study', study);
  fd.append('format', 'joulebench');
  fd.append('files', new Blob([new Uint8Array(file)]), 'bench-import.jsonl');
  const res = await fetch(`${base}/api/imports`, {
    method: 'POST',
    body: fd,
    headers: { authorization: `Bearer ${token}`, origin: base },
  });
  const body = (await res.json().catch(() => ({}))) as { inserted?: number; error?: string };
  return { status: res.status, inserted: body.inserted ?? 0, error: body.error, s: (performance.now() - t0) / 1000 };
}

/**
 * CPU time (ms) used so far by the server's process group (Linux /proc; NaN elsewhere): the
 * service demand per request, which the other load on a shared machine does not inflate the way
 * it inflates wall-clock latency. 100 ticks per second (USER_HZ on Linux).
 */
function serverCpuMs(pgid: number): number {
  if (!fs.existsSync('/proc/self/stat')) return NaN;
  let ticks = 0;
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const st = fs.readFileSync(`/proc/${d}/stat`, 'utf8');
      const f = st.slice(st.lastIndexOf(')') + 2).split(' ');
      if (Number(f[2]) === pgid) ticks += Number(f[11]) + Number(f[12]);
    } catch {
      /* exited */
    }
  }
  return ticks * 10;
}

const pct = (xs: number[], p: number) => {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};

function report(title: string, res: Result[], wallS: number) {
  console.log(`  ${title}: ${res.length} requests in ${wallS.toFixed(1)} s (${(res.length / wallS).toFixed(1)} req/s)`);
  for (const k of [...KINDS, 'all'] as const) {
    const r = k === 'all' ? res : res.filter((x) => x.kind === k);
    const ms = r.map((x) => x.ms);
    const errs = r.filter((x) => x.status !== 200);
    // status 0 = no HTTP answer (connection reset or timed out by the server)
    const byStatus = [...new Set(errs.map((x) => x.status))]
      .map((st) => `${errs.filter((x) => x.status === st).length}x ${st || 'no answer'}`)
      .join(', ');
    console.log(
      `    ${k.padEnd(8)} n ${String(r.length).padStart(4)}  p50 ${pct(ms, 50).toFixed(0).padStart(5)} ms  p99 ${pct(ms, 99).toFixed(0).padStart(5)} ms  max ${Math.max(
        ...ms,
      )
        .toFixed(0)
        .padStart(5)} ms${errs.length ? `  ERRORS ${byStatus}` : ''}`,
    );
  }
  return {
    p50: pct(
      res.map((x) => x.ms),
      50,
    ),
    p99: pct(
      res.map((x) => x.ms),
      99,
    ),
    errors: res.filter((x) => x.status !== 200).length,
  };
}

/** One open-loop phase at `rate` req/s for `seconds`, with an import sent 2 s in. */
async function loadPhase(
  base: string,
  token: string,
  make: (k: Kind) => Req,
  rate: number,
  seconds: number,
  importFile: Buffer,
  studyName: string,
  seed: number,
) {
  const rnd = mulberry32(seed);
  const results: Promise<Result>[] = [];
  const t0 = performance.now();
  let importRes: Promise<Awaited<ReturnType<typeof postImport>>> | null = null;
  let next = t0;
  for (let i = 0; ; i++) {
    next += (-Math.log(1 - rnd()) / rate) * 1000;
    if (next - t0 > seconds * 1000) break;
    const q = make(KINDS[i % KINDS.length]);
    const wait = next - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    if (!importRes && performance.now() - t0 >= 2000) importRes = postImport(base, token, importFile, studyName);
    results.push(timed(base, q, token, next));
  }
  const all = await Promise.all(results);
  const wall = (performance.now() - t0) / 1000;
  const imp = await (importRes ?? postImport(base, token, importFile, studyName));
  return { all, wall, imp };
}

function importFileOf(n: number, seed: number): Buffer {
  const lines: string[] = [];
  for (const r of fleetRuns(n, seed, `import ${seed}`)) lines.push(JSON.stringify(r));
  return Buffer.from(lines.join('\n') + '\n');
}

async function main() {
  requireBuild('http-load');
  const { dbFile, studyId, token, genS } = fleetDatabase(RUNS, 'jb-bench-http-');
  const study = { id: studyId };
  console.log(
    `http-load: ${RUNS.toLocaleString('en-US')} runs (24 models, 6 GPUs, 3 engines) generated in ${genS.toFixed(0)} s; ${os.cpus().length} CPU cores (shared: figures are noisy)`,
  );
  const { base, server, stop } = await startServer(dbFile, token);
  let failed = false;
  try {
    const make = requestMaker(study.id, RUNS, 7);
    // Warm-up (not counted): first compile of each route, the explorer's columns loaded once.
    for (const k of KINDS) await get(base, make(k).path, token);

    const floorReqs = Array.from({ length: 20 * KINDS.length }, (_, i) => make(KINDS[i % KINDS.length]));
    const floor: Result[] = [];
    const tf = performance.now();
    const cf = serverCpuMs(server.pid!);
    const cpuByKind = new Map<Kind, number>();
    for (const q of floorReqs) {
      const c0 = serverCpuMs(server.pid!);
      floor.push(await timed(base, q, token, performance.now()));
      cpuByKind.set(q.kind, (cpuByKind.get(q.kind) ?? 0) + serverCpuMs(server.pid!) - c0);
    }
    console.log(`\n== floor: the mix one request at a time, no import`);
    report('floor', floor, (performance.now() - tf) / 1000);
    console.log(
      `  server CPU per request: ${KINDS.map((k) => `${k} ${((cpuByKind.get(k) ?? 0) / 20).toFixed(0)} ms`).join(', ')} (10 ms ticks)`,
    );
    const floorCpu = (serverCpuMs(server.pid!) - cf) / floor.length;
    console.log(
      `  server CPU ${floorCpu.toFixed(0)} ms per request (all ${os.cpus().length} cores could serve ~${((os.cpus().length * 1000) / floorCpu).toFixed(0)} req/s of this mix if nothing else ran)`,
    );

    console.log(
      `\n== load: open loop (Poisson) at ${RATE} req/s for ${SECONDS} s while ${IMPORT_RUNS.toLocaleString('en-US')} runs are imported (POST /api/imports)`,
    );
    const importFile = importFileOf(IMPORT_RUNS, 1001);
    const cl = serverCpuMs(server.pid!);
    const same = process.env.BENCH_IMPORT_STUDY === 'same';
    const target = (name: string) => (same ? `fleet ${RUNS}` : name);
    console.log(`  (the import goes into ${same ? 'the study being read' : 'a new study'})`);
    const main = await loadPhase(base, token, make, RATE, SECONDS, importFile, target('bench import 1'), 99);
    const m = report('load', main.all, main.wall);
    console.log(
      `  server CPU ${((serverCpuMs(server.pid!) - cl) / 1000).toFixed(1)} s over the phase (import included), ${((serverCpuMs(server.pid!) - cl) / main.wall / 10).toFixed(0)}% of one core`,
    );
    const impOk = main.imp.status === 201 && main.imp.inserted === IMPORT_RUNS;
    console.log(
      `  import: HTTP ${main.imp.status}, ${main.imp.inserted} runs in ${main.imp.s.toFixed(1)} s${main.imp.error ? ` (${main.imp.error})` : ''}${impOk ? '' : '  IMPORT DID NOT COMPLETE'}`,
    );
    console.log(
      `  target p99 <= ${P99_TARGET_MS} ms, no errors, import completes: ${m.p99 <= P99_TARGET_MS && !m.errors && impOk ? 'MET' : 'NOT MET'}`,
    );
    if (m.errors || !impOk) failed = true;

    let sustainable = m.p99 <= P99_TARGET_MS && !m.errors && impOk ? RATE : 0;
    for (const [i, rate] of SWEEP.entries()) {
      if (sustainable < RATE) break;
      console.log(`\n== sweep: ${rate} req/s for 15 s with an import of ${IMPORT_RUNS.toLocaleString('en-US')} runs`);
      const s = await loadPhase(
        base,
        token,
        make,
        rate,
        15,
        importFileOf(IMPORT_RUNS, 2001 + i),
        target(`bench import sweep ${rate}`),
        199 + i,
      );
      const r = report(`${rate} req/s`, s.all, s.wall);
      const ok = r.p99 <= P99_TARGET_MS && !r.errors && s.imp.status === 201;
      console.log(
        `  import: HTTP ${s.imp.status} in ${s.imp.s.toFixed(1)} s; p99 <= ${P99_TARGET_MS} ms: ${ok ? 'yes' : 'no'}`,
      );
      if (!ok) break;
      sustainable = rate;
    }
    console.log(
      `\nhighest sustainable rate tried (p99 <= ${P99_TARGET_MS} ms, no errors, import completes): ${sustainable ? `${sustainable} req/s` : `none (not even ${RATE} req/s)`}`,
    );
  } finally {
    stop();
    fs.rmSync(path.dirname(dbFile), { recursive: true, force: true });
  }
  process.exit(failed ? 1 : 0);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
