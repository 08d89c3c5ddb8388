/**
 * Import benchmark (fixed seed): `npx tsx bench/import.ts [vLLM MB=100] [JSONL runs=20000] [runs2=100000]`.
 *
 * 1. A synthetic vLLM `--save-detailed` result of ~100 MB (written to os.tmpdir() in pieces).
 *    Each phase runs in a fresh process, which reports its own peak RSS (maxRSS) and its RSS
 *    before the work started:
 *    - baseline: readFileSync + TextDecoder + JSON.parse of the whole file (what a buffered
 *      importer does at the very least);
 *    - parseFile from disk (chunked text, streaming vLLM parser);
 *    - the upload route, end to end: POST /api/imports with the multipart body streamed from the
 *      file, dryRun=1 (spool to a hashed temp file + parse + preview), then a real commit.
 *    Prints MB/s and peak RSS against the file size.
 * 2. SGLang JSONL with many runs: parse runs/s and MB/s vs JSON.parse of every line.
 * 3. Bulk commit (commitImport, one transaction) of those runs: runs/s vs a raw prepared INSERT of
 *    the same rows into the same schema, rows precomputed before timing and statement prepared once.
 * 4. Joulebench JSON Lines of [runs2=100000] runs (bench/synthetic-fleet.ts, seed 7), file to
 *    commit as the CLI does it, each in a fresh process: parsed whole, then committed (as before
 *    the streamed commit), against read while it is stored (lib/importers/streamed.ts), and the
 *    same with the reading and row preparation on a second thread (lib/services/import-pipeline.ts,
 *    what the CLI does from 32 MB on). Time, runs/s and peak RSS; then the floor in the same run: a
 *    raw prepared INSERT of the same rows into the same table (every index, bulk cache, one
 *    transaction; only the inserts and COMMIT timed), and the two-thread import's rate against it.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDb } from '@/db/client';
import { recordToRow, recordToValues } from '@/db/mappers/run-row';
import { runInsertSql, runRowValues } from '@/db/queries/runs';
import { createStudy } from '@/db/queries/studies';
import { withWriteCache } from '@/db/write-cache';
import { parseFile, parseFilesSettled } from '@/lib/importers';
import { openStreamedFile } from '@/lib/importers/streamed';
import type { ParsedFile } from '@/lib/importers/types';
import { commitImport } from '@/lib/services/import';
import { fleetRuns } from './synthetic-fleet';
import { writeSyntheticVllm } from './synthetic-vllm';

const MB = 1024 * 1024;

interface PhaseResult {
  ms: number;
  rssBeforeMb: number;
  peakRssMb: number;
  runs?: number;
  status?: number;
}

/** Child phases: each peak RSS is measured in a fresh process. */
async function child(phase: string, file: string): Promise<PhaseResult> {
  process.env.JOULEBENCH_DEMO = '0';
  let rssBeforeMb = process.memoryUsage().rss / MB;
  let runs: number | undefined;
  let status: number | undefined;
  let t0 = performance.now();
  if (phase === 'baseline') {
    const o = JSON.parse(new TextDecoder().decode(fs.readFileSync(file))) as { ttfts: unknown[] };
    runs = o.ttfts.length ? 1 : 0;
  } else if (phase === 'jsonl-raw') {
    // The floor: a raw prepared INSERT of the same rows into the same table (every index, the bulk
    // cache, one transaction). Reading the file and making the rows is not timed: only the inserts
    // and the COMMIT are.
    const dbFile = `${file}.${phase}.db`;
    const db = openDb(dbFile);
    const study = createStudy(db, { name: 'bench' });
    const ins = db.$client.prepare(runInsertSql());
    rssBeforeMb = process.memoryUsage().rss / MB;
    let ms = 0;
    runs = 0;
    withWriteCache(db, () => {
      db.$client.exec('BEGIN');
      for (const batch of openStreamedFile({ name: 'runs.jsonl', path: file }, { minBytes: -1 })!.batches()) {
        const rows = batch.map((r) => recordToValues(r, study.id, null, null).values);
        const t = performance.now();
        for (const v of rows) ins.run(v);
        ms += performance.now() - t;
        runs! += rows.length;
      }
      const t = performance.now();
      db.$client.exec('COMMIT');
      ms += performance.now() - t;
    });
    db.$client.close();
    for (const s of ['', '-wal', '-shm']) fs.rmSync(dbFile + s, { force: true });
    return { ms, rssBeforeMb, peakRssMb: process.resourceUsage().maxRSS / 1024, runs };
  } else if (phase.startsWith('jsonl-')) {
    // As `joulebench import FILE` does it, without the process start: a new database, the bulk cache.
    const dbFile = `${file}.${phase}.db`;
    const db = openDb(dbFile);
    const f = { name: path.basename(file), path: file, size: fs.statSync(file).size };
    rssBeforeMb = process.memoryUsage().rss / MB;
    t0 = performance.now();
    const files =
      phase === 'jsonl-whole'
        ? parseFilesSettled([f]).map((x) => (x as { file: ParsedFile }).file)
        : [openStreamedFile(f)!];
    // jsonl-pipeline: as the CLI does for files from 32 MB on, here whatever the size.
    const pipelineMinBytes = phase === 'jsonl-pipeline' ? 0 : undefined;
    runs = commitImport(db, files, { studyName: 'bench' }, { bulkCache: true, pipelineMinBytes }).inserted;
    db.$client.close();
    for (const s of ['', '-wal', '-shm']) fs.rmSync(dbFile + s, { force: true });
  } else if (phase === 'parse') {
    runs = parseFile({ name: path.basename(file), path: file }, { format: 'vllm-serve' }).runs.length;
  } else {
    // The route, with a database and an engineer token of its own.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jb-bench-route-'));
    process.env.JOULEBENCH_DB = path.join(dir, 'bench.db');
    const { getDb } = await import('@/db/client');
    const { createApiToken } = await import('@/db/queries/tokens');
    const { POST } = await import('@/app/api/imports/route');
    const db = getDb();
    // An owner-less engineer token, as `joulebench token create` makes.
    const token = createApiToken(db, { name: 'bench', role: 'engineer', createdBy: null }).token;
    const boundary = '----joulebench-bench-boundary';
    const enc = new TextEncoder();
    const head = enc.encode(
      `--${boundary}\r\nContent-Disposition: form-data; name="study"\r\n\r\nbench\r\n` +
        (phase === 'route-dry' ? `--${boundary}\r\nContent-Disposition: form-data; name="dryRun"\r\n\r\n1\r\n` : '') +
        `--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="${path.basename(file)}"\r\nContent-Type: application/json\r\n\r\n`,
    );
    const tail = enc.encode(`\r\n--${boundary}--\r\n`);
    // Pull-based (backpressure), 64 KB pieces like a network upload.
    const it = fs.createReadStream(file, { highWaterMark: 64 * 1024 })[Symbol.asyncIterator]();
    let headSent = false;
    const body = new ReadableStream<Uint8Array>(
      {
        async pull(c) {
          if (!headSent) {
            headSent = true;
            return c.enqueue(head);
          }
          const r = await it.next();
          if (r.done) {
            c.enqueue(tail);
            c.close();
          } else c.enqueue(new Uint8Array(r.value as Buffer));
        },
      },
      { highWaterMark: 1 },
    );
    rssBeforeMb = process.memoryUsage().rss / MB; // after loading the route's modules and the db
    t0 = performance.now();
    const res = await POST(
      new Request('http://localhost/api/imports', {
        method: 'POST',
        body,
        duplex: 'half',
        headers: { authorization: `Bearer ${token}`, 'content-type': `multipart/form-data; boundary=${boundary}` },
      } as RequestInit),
    );
    status = res.status;
    const out = (await res.json()) as { runCount?: number; inserted?: number; error?: { message: string } };
    if (res.status >= 400) throw new Error(`route answered ${res.status}: ${out.error?.message}`);
    runs = out.runCount ?? out.inserted;
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const ms = performance.now() - t0;
  return { ms, rssBeforeMb, peakRssMb: process.resourceUsage().maxRSS / 1024, runs, status };
}

if (process.argv[2]?.startsWith('--phase=')) {
  child(process.argv[2].slice(8), process.argv[3]).then(
    (r) => {
      process.stdout.write(`\n${JSON.stringify(r)}\n`);
      process.exit(0);
    },
    (e) => {
      process.stderr.write(`${(e as Error).stack}\n`);
      process.exit(1);
    },
  );
} else main();

function main() {
  const VMB = Number(process.argv[2] ?? 100);
  const NRUNS = Number(process.argv[3] ?? 20000);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'jb-bench-import-'));
  try {
    const vllmFile = path.join(tmp, 'vllm_detailed.json');
    const info = writeSyntheticVllm(vllmFile, VMB * MB, 42);
    const size = info.bytes / MB;
    const runPhase = (phase: string, file = vllmFile) => {
      const r = spawnSync(process.execPath, ['--import', 'tsx', __filename, `--phase=${phase}`, file], {
        encoding: 'utf8',
        cwd: path.resolve(__dirname, '..'),
        maxBuffer: 64 * MB,
      });
      if (r.status !== 0) throw new Error(`phase ${phase} failed: ${r.stderr}`);
      return JSON.parse(r.stdout.trim().split('\n').pop()!) as PhaseResult;
    };
    console.log(
      `vLLM detailed result: ${size.toFixed(1)} MB, ${info.requests.toLocaleString('en-US')} requests (seed 42) in ${tmp}`,
    );
    const line = (label: string, r: PhaseResult) =>
      console.log(
        `  ${label.padEnd(44)} ${(size / (r.ms / 1000)).toFixed(1).padStart(6)} MB/s  peak RSS ${r.peakRssMb.toFixed(0).padStart(5)} MB = ${(r.peakRssMb / size).toFixed(2)}x file` +
          `  (process at start ${r.rssBeforeMb.toFixed(0)} MB; +${(r.peakRssMb - r.rssBeforeMb).toFixed(0)} MB = ${((r.peakRssMb - r.rssBeforeMb) / size).toFixed(2)}x file)`,
      );
    const base = runPhase('baseline');
    line('baseline: readFileSync + JSON.parse', base);
    const parse = runPhase('parse');
    line('parseFile from disk (streaming vllm-serve)', parse);
    const dry = runPhase('route-dry');
    line(`POST /api/imports dryRun=1 (HTTP ${dry.status})`, dry);
    const commit = runPhase('route-commit');
    line(`POST /api/imports commit (HTTP ${commit.status}, ${commit.runs} run)`, commit);
    console.log(
      `  streaming parse / baseline: time ${(parse.ms / base.ms).toFixed(2)}x, peak RSS ${(parse.peakRssMb / base.peakRssMb).toFixed(2)}x`,
    );

    // SGLang JSONL: many small runs.
    let seed = 42;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const lines: string[] = [];
    for (let i = 0; i < NRUNS; i++) {
      lines.push(
        JSON.stringify({
          backend: 'sglang',
          dataset_name: 'random',
          request_rate: 1 + (i % 32),
          max_concurrency: null,
          total_input_tokens: 100000 + i,
          total_output_tokens: 90000 + i,
          total_output_tokens_retokenized: 89000 + i,
          mean_e2e_latency_ms: 1000 + rnd() * 100,
          median_e2e_latency_ms: 990,
          median_ttft_ms: 80 + rnd(),
          median_itl_ms: 12,
          output_throughput: 500 + rnd() * 10,
          random_input_len: 1024,
          random_output_len: 1024,
          random_range_ratio: 0,
          duration: 300 + rnd(),
          completed: 300 + (i % 50),
        }),
      );
    }
    const jsonl = Buffer.from(lines.join('\n') + '\n');
    const jmb = jsonl.length / MB;
    let t = performance.now();
    for (const l of lines) JSON.parse(l);
    const jBase = performance.now() - t;
    t = performance.now();
    const parsed = parseFile({ name: 'bench.jsonl', data: jsonl }, { format: 'sglang', now: '2025-01-01T00:00:00Z' });
    const jImp = performance.now() - t;
    console.log(`SGLang JSONL: ${NRUNS.toLocaleString('en-US')} runs, ${jmb.toFixed(1)} MB`);
    console.log(
      `  baseline JSON.parse per line : ${Math.round(NRUNS / (jBase / 1000)).toLocaleString('en-US')} runs/s, ${(jmb / (jBase / 1000)).toFixed(1)} MB/s`,
    );
    console.log(
      `  importer (sglang)            : ${Math.round(NRUNS / (jImp / 1000)).toLocaleString('en-US')} runs/s, ${(jmb / (jImp / 1000)).toFixed(1)} MB/s (${(jImp / jBase).toFixed(1)}x baseline time)`,
    );

    // Bulk commit into a file database (WAL), one transaction, same schema for both.
    const db = openDb(path.join(tmp, 'commit.db'));
    t = performance.now();
    const res = commitImport(db, [parsed], { studyName: 'bench' }, { bulkCache: true }); // as the CLI does
    const cMs = performance.now() - t;
    const raw = openDb(path.join(tmp, 'raw.db'));
    const study = createStudy(raw, { name: 'bench' });
    const rows = parsed.runs.map((r) => runRowValues(recordToRow(r, study.id)));
    const ins = raw.$client.prepare(runInsertSql());
    t = performance.now();
    // With the page cache the CLI's commitImport gets (db/write-cache.ts).
    withWriteCache(raw, () =>
      raw.$client.transaction(() => {
        for (const v of rows) ins.run(v);
      })(),
    );
    const rMs = performance.now() - t;
    console.log(`Bulk commit (one transaction, file DB, all indexes): ${res.inserted.toLocaleString('en-US')} runs`);
    console.log(
      `  commitImport (hash + dedupe + insert): ${Math.round(res.inserted / (cMs / 1000)).toLocaleString('en-US')} runs/s`,
    );
    console.log(
      `  baseline raw prepared INSERT        : ${Math.round(rows.length / (rMs / 1000)).toLocaleString('en-US')} runs/s (rows precomputed; commitImport ${(cMs / rMs).toFixed(2)}x its time)`,
    );
    db.$client.close();
    raw.$client.close();

    // Joulebench JSON Lines, file to commit: parsed whole first vs stored while read.
    const NJ = Number(process.argv[4] ?? 100_000);
    const jl = path.join(tmp, 'runs.jsonl');
    const out = fs.openSync(jl, 'w');
    let buf: string[] = [];
    for (const r of fleetRuns(NJ, 7)) {
      buf.push(JSON.stringify(r));
      if (buf.length === 10_000) {
        fs.writeSync(out, buf.join('\n') + '\n');
        buf = [];
      }
    }
    if (buf.length) fs.writeSync(out, buf.join('\n') + '\n');
    fs.closeSync(out);
    const jlMb = fs.statSync(jl).size / MB;
    console.log(
      `Joulebench JSON Lines, file to commit (new database, bulk cache, fresh process each): ${NJ.toLocaleString('en-US')} runs, ${jlMb.toFixed(0)} MB`,
    );
    const times: Record<string, number> = {};
    for (const [phase, label] of [
      ['jsonl-whole', 'parsed whole, then committed'],
      ['jsonl-streamed', 'stored while read (streamed)'],
      ['jsonl-pipeline', 'streamed, read on a 2nd thread'],
      ['jsonl-raw', 'floor: raw prepared INSERT'],
    ]) {
      const r = runPhase(phase, jl);
      times[phase] = r.ms;
      console.log(
        `  ${label.padEnd(30)} ${(r.ms / 1000).toFixed(1).padStart(6)} s ${Math.round(NJ / (r.ms / 1000))
          .toLocaleString('en-US')
          .padStart(
            7,
          )} runs/s  peak RSS ${r.peakRssMb.toFixed(0).padStart(5)} MB (+${(r.peakRssMb - r.rssBeforeMb).toFixed(0)} MB)`,
      );
    }
    // Issue 11's ratio: the CLI's way, file to commit, against only the floor's inserts.
    console.log(
      `  2nd-thread import at ${(times['jsonl-raw'] / times['jsonl-pipeline']).toFixed(2)}x the floor's rate (rows precomputed, file reading untimed)`,
    );
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
