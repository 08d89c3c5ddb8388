/**
 * CLI: --dry-run --json prints only a JSON array of run records (locally and with --server);
 * errors go to stderr with a non-zero exit. Server mode runs against a node:http stub of
 * POST /api/imports that answers with the documented response shapes.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import Busboy from '@fastify/busboy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WRITE_CACHE_KIB } from '@/db/write-cache';
import { runRecordSchema } from '@/lib/record/schema';
import { FIXTURES } from './helpers';

const BIN = path.resolve(__dirname, '../../bin/joulebench.js');
/** Preload that logs the PRAGMAs a spawned CLI sends (see the file). */
const PRAGMA_LOG = path.resolve(__dirname, 'pragma-log.cjs');
const run = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, [BIN, 'import', ...args], { encoding: 'utf8', env: { ...process.env, ...env } });
/** Async variant: the stub server lives in this process, so the child must not block it. */
const runAsync = (args: string[], env: Record<string, string> = {}) =>
  new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
    const p = spawn(process.execPath, [BIN, 'import', ...args], { env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d) => (stdout += d));
    p.stderr.on('data', (d) => (stderr += d));
    p.on('close', (status) => resolve({ status, stdout, stderr }));
  });
const tmpDb = (tag: string) => path.join(os.tmpdir(), `jb-imp-cli-${tag}-${process.pid}-${Date.now()}.db`);

describe('joulebench import (CLI, local)', () => {
  it('--dry-run --json: JSON array of valid records on stdout, MLPerf pair joined, --set applied', () => {
    const r = run(
      [
        '--dry-run',
        '--json',
        '--set',
        'gpu_model=L40S',
        path.join(FIXTURES, 'mini_run_1_mlperf_log_summary.txt'),
        path.join(FIXTURES, 'mini_run_1_spl.txt'),
        path.join(FIXTURES, 'mini_run_1_mlperf_log_detail.txt'),
      ],
      { JOULEBENCH_DB: tmpDb('dry') },
    );
    expect(r.status, r.stderr).toBe(0);
    const arr = JSON.parse(r.stdout);
    expect(Array.isArray(arr)).toBe(true);
    expect(arr).toHaveLength(1);
    expect(runRecordSchema.safeParse(arr[0]).success).toBe(true);
    expect(arr[0].metrics.energy_j).toBe(10000);
    expect(arr[0].hardware.gpu_model).toBe('L40S');
  });

  it('works from any directory: a relative file name is read from there, the sources from the checkout', () => {
    // tsx takes the `@/` aliases from the current directory's tsconfig unless told otherwise
    // (lib/tsx-register.cjs): outside the checkout the CLI failed on its first import.
    const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'jb-cli-cwd-'));
    fs.copyFileSync(path.join(FIXTURES, 'mini_run_1_mlperf_log_summary.txt'), path.join(cwd, 'summary.txt'));
    const db = tmpDb('cwd');
    const r = spawnSync(process.execPath, [BIN, 'import', 'summary.txt'], {
      cwd,
      encoding: 'utf8',
      env: { ...process.env, JOULEBENCH_DB: db, TSX_TSCONFIG_PATH: '' },
    });
    // Only the error lines: a failed tsx import prints its minified source, which vitest's
    // stack-trace reader chokes on.
    expect(
      r.status,
      r.stderr
        .split('\n')
        .filter((l) => /^\w*Error\b/.test(l))
        .join('\n'),
    ).toBe(0);
    expect(r.stdout).toMatch(/imported 1 run into study #\d+/);
    expect(fs.existsSync(db)).toBe(true);
  });

  it('bad file: message on stderr naming the file, non-zero exit, nothing on stdout', () => {
    const r = run([
      '--dry-run',
      '--json',
      path.join(FIXTURES, 'vllm_append.json'),
      path.join(FIXTURES, 'malformed/05_vllm_negative_completed.json'),
    ]);
    expect(r.status).not.toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/05_vllm_negative_completed\.json \(completed\): negative/);
  });

  it('commits to a local database; a re-import or a renamed copy is skipped by file hash, another study takes it', () => {
    const env = { JOULEBENCH_DB: tmpDb('commit'), JOULEBENCH_DEMO: '0' };
    const a = run(['--json', '--study', 'cli', path.join(FIXTURES, 'vllm_append.json')], env);
    expect(a.status, a.stderr).toBe(0);
    expect(JSON.parse(a.stdout).inserted).toBe(2);
    const b = run(['--json', '--study', 'cli', path.join(FIXTURES, 'vllm_append.json')], env);
    expect(JSON.parse(b.stdout)).toMatchObject({ inserted: 0, importId: null });
    const copy = path.join(os.tmpdir(), `jb-renamed-${process.pid}.json`);
    fs.copyFileSync(path.join(FIXTURES, 'vllm_append.json'), copy);
    const dry = run(['--dry-run', '--study', 'cli', copy], env);
    expect(dry.stdout).toMatch(/would be skipped: already imported in batch #1/);
    const c = run(['--json', '--study', 'other', copy], env);
    expect(JSON.parse(c.stdout).inserted).toBe(2);
  });

  it('a large JSON Lines file is stored as it is read: a bad line writes nothing, --skip-invalid leaves only it out', () => {
    // Above STREAM_MIN_BYTES (8 MB), so both files take the streamed commit (lib/importers/streamed.ts).
    const line = (i: number, tag: string) =>
      JSON.stringify({
        schema_version: 1,
        source: { kind: 'api' },
        label: `${tag} ${i}`,
        created_at: '2026-01-01T00:00:00Z',
        model: { id: 'm' },
        hardware: { gpu_model: 'H100', gpu_count: 1, simulated: true },
        engine: { name: 'vllm' },
        knobs: { max_num_seqs: 8, pad: `${tag}${i}`.padEnd(1500, '.') },
        metrics: { duration_s: 10, energy_j: 1000 + i, completed: 100 },
      });
    const big = (tag: string, badAt?: number) => {
      const file = path.join(os.tmpdir(), `jb-cli-big-${tag}-${process.pid}.jsonl`);
      const lines = Array.from({ length: 6000 }, (_, i) => (i + 1 === badAt ? '{"schema_version": 1,' : line(i, tag)));
      fs.writeFileSync(file, lines.join('\n') + '\n');
      expect(fs.statSync(file).size).toBeGreaterThan(8 * 1024 * 1024);
      return file;
    };
    const bad = big('bad', 5900);
    const good = big('good');
    const db = tmpDb('streamed');
    const env = { JOULEBENCH_DB: db, JOULEBENCH_DEMO: '0' };
    const a = run(['--study', 's', bad], env);
    expect(a.status).not.toBe(0);
    expect(a.stderr).toMatch(/jb-cli-big-bad-\d+\.jsonl.*line 5900.*invalid JSON/);
    expect(a.stderr).toMatch(/nothing was written/);
    const b = run(['--json', '--skip-invalid', '--study', 's', bad, good], env);
    expect(b.status, b.stderr).toBe(0);
    expect(JSON.parse(b.stdout)).toMatchObject({
      inserted: 6000,
      duplicates: 0,
      refused: [expect.objectContaining({ where: 'line 5900' })],
    });
    expect(b.stderr).toMatch(/refused: .*line 5900/);
    const check = spawnSync(
      process.execPath,
      [
        '-e',
        `const D=require('better-sqlite3');const d=new D(process.argv[1],{readonly:true});const r=d.prepare("SELECT count(*) n, sum(label LIKE 'bad %') b FROM runs").get();console.log(r.n+' '+r.b+' '+d.prepare("SELECT count(*) FROM imports").pluck().get())`,
        db,
      ],
      { encoding: 'utf8' },
    );
    expect(check.stdout.trim(), check.stderr).toBe('6000 0 1'); // runs, runs of the bad file, batches
    for (const f of [bad, good]) fs.rmSync(f, { force: true });
  });

  it('commits with the bulk-write page cache and restores it afterwards (db/write-cache.ts)', () => {
    const log = path.join(os.tmpdir(), `jb-pragma-${process.pid}-${Date.now()}.log`);
    const r = spawnSync(
      process.execPath,
      ['--require', PRAGMA_LOG, BIN, 'import', '--json', '--study', 'cache', path.join(FIXTURES, 'vllm_append.json')],
      {
        encoding: 'utf8',
        env: { ...process.env, JOULEBENCH_DB: tmpDb('cache'), JOULEBENCH_DEMO: '0', JOULEBENCH_TEST_PRAGMA_LOG: log },
      },
    );
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).inserted).toBe(2);
    const pragmas = fs.readFileSync(log, 'utf8').trim().split('\n');
    fs.rmSync(log, { force: true });
    const raised = pragmas.indexOf(`cache_size = -${WRITE_CACHE_KIB}`);
    expect(raised, pragmas.join('; ')).toBeGreaterThan(-1);
    expect(pragmas.slice(raised + 1)).toContain('cache_size = -16000');
  });

  it('--mapping NAME uses a mapping saved in the local database; an unknown name fails', async () => {
    const file = tmpDb('mapping');
    const env = { JOULEBENCH_DB: file, JOULEBENCH_DEMO: '0' };
    process.env.JOULEBENCH_DB = file;
    const { openDb } = await import('@/db/client');
    const { saveMapping } = await import('@/db/queries/import-mappings');
    const db = openDb(file);
    saveMapping(db, {
      name: 'bench csv',
      mapping: JSON.parse(fs.readFileSync(path.join(FIXTURES, 'generic.mapping.json'), 'utf8')),
    });
    db.$client.close();
    const ok = run(
      ['--dry-run', '--json', '--format', 'generic', '--mapping', 'bench csv', path.join(FIXTURES, 'generic.csv')],
      env,
    );
    expect(ok.status, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout).length).toBeGreaterThan(0);
    const bad = run(
      ['--dry-run', '--json', '--format', 'generic', '--mapping', 'nope', path.join(FIXTURES, 'generic.csv')],
      env,
    );
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toMatch(/no saved mapping named "nope" \(saved: bench csv\)/);
  });
});

describe('joulebench import --server (against a stub of POST /api/imports)', () => {
  let server: http.Server;
  let url = '';
  const seen: { fields: Record<string, string>; files: string[]; auth?: string }[] = [];
  let reply: (fields: Record<string, string>) => { status: number; body: unknown } = () => ({ status: 500, body: {} });

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      const fields: Record<string, string> = {};
      const files: string[] = [];
      const bb = Busboy({ headers: req.headers as { 'content-type': string }, preservePath: true });
      bb.on('file', (_f, stream, name) => {
        files.push(name);
        stream.resume();
      });
      bb.on('field', (k, v) => (fields[k] = v));
      bb.on('finish', () => {
        seen.push({ fields, files, auth: req.headers.authorization });
        const r = reply(fields);
        res.writeHead(r.status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(r.body));
      });
      req.pipe(bb);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  // A minimal valid run record, as the server would return it in `records`.
  const rec = {
    schema_version: 1,
    source: { kind: 'import', format: 'vllm-serve', file_name: 'vllm_append.json' },
    label: 'stub run',
    created_at: '2026-01-01T00:00:00.000Z',
    model: { id: 'm' },
    hardware: { gpu_model: 'H100', gpu_count: 1, simulated: false },
    engine: { name: 'vllm' },
    knobs: {},
    workload: {},
    metrics: { duration_s: 1 },
    requests: { ttft_ms: [1, 2], e2e_ms: [3, 4], input_tokens: [1, 1], output_tokens: [2, 2], success: [true, true] },
  };

  it('--dry-run --json prints only the JSON array of run records from the server (records=1 requested)', async () => {
    reply = () => ({
      status: 200,
      body: {
        dryRun: true,
        ok: true,
        runCount: 1,
        files: [
          {
            name: 'vllm_append.json',
            ok: true,
            file: { name: 'vllm_append.json', format: 'vllm-serve', runCount: 1, warnings: ['w1'], runs: [] },
          },
        ],
        records: [rec],
        formats: [],
      },
    });
    const r = await runAsync([
      '--server',
      url,
      '--token',
      'jb_tok',
      '--dry-run',
      '--json',
      '--study',
      'S',
      '--set',
      'gpu_model=H200',
      path.join(FIXTURES, 'vllm_append.json'),
    ]);
    expect(r.status, r.stderr).toBe(0);
    const arr = JSON.parse(r.stdout);
    expect(arr).toEqual([rec]);
    expect(runRecordSchema.safeParse(arr[0]).success).toBe(true);
    expect(r.stderr).toMatch(/warning: vllm_append\.json: w1/);
    const req = seen.at(-1)!;
    expect(req.auth).toBe('Bearer jb_tok');
    expect(req.files).toEqual(['vllm_append.json']);
    expect(req.fields).toMatchObject({
      dryRun: '1',
      records: '1',
      study: 'S',
      overrides: JSON.stringify({ gpu_model: 'H200' }),
    });
  });

  it('ok:false: errors on stderr, nothing on stdout, exit non-zero', async () => {
    reply = () => ({
      status: 200,
      body: {
        dryRun: true,
        ok: false,
        runCount: 0,
        files: [
          {
            name: 'bad.json',
            ok: false,
            error: 'bad.json (completed): negative value -1 is not allowed',
            reason: 'negative value -1 is not allowed',
          },
        ],
        records: [],
      },
    });
    const r = await runAsync(['--server', url, '--dry-run', '--json', path.join(FIXTURES, 'vllm_append.json')], {
      JOULEBENCH_TOKEN: 'jb_env',
    });
    expect(r.status).not.toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/bad\.json \(completed\): negative value/);
    expect(seen.at(-1)!.auth).toBe('Bearer jb_env');
  });

  it('HTTP errors (413, 401) exit non-zero with the server message', async () => {
    reply = () => ({
      status: 413,
      body: {
        error: { code: 'payload_too_large', message: 'upload too large at "big.json": more than 200 MB in total' },
      },
    });
    const r = await runAsync(['--server', url, '--dry-run', '--json', path.join(FIXTURES, 'vllm_append.json')]);
    expect(r.status).not.toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/server answered 413: upload too large at "big\.json"/);
  });

  it('commit: --json prints the server summary; folders are walked, zips sent as they are', async () => {
    reply = () => ({
      status: 201,
      body: { importId: 7, studyId: 2, inserted: 3, duplicates: 0, skippedFiles: [], files: [] },
    });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jb-cli-dir-'));
    fs.copyFileSync(path.join(FIXTURES, 'vllm_append.json'), path.join(dir, 'a.json'));
    fs.mkdirSync(path.join(dir, 'sub'));
    fs.copyFileSync(path.join(FIXTURES, 'sglang_new.jsonl'), path.join(dir, 'sub', 'b.jsonl'));
    const r = await runAsync(['--server', url, '--json', dir]);
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ importId: 7, inserted: 3 });
    const base = path.basename(dir);
    expect(seen.at(-1)!.files).toEqual([`${base}/a.json`, `${base}/sub/b.jsonl`]);
    expect(seen.at(-1)!.fields.dryRun).toBeUndefined();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('--mapping NAME is sent as mappingName for the server to resolve', async () => {
    reply = () => ({ status: 200, body: { dryRun: true, ok: true, runCount: 0, files: [], records: [] } });
    const r = await runAsync([
      '--server',
      url,
      '--dry-run',
      '--json',
      '--format',
      'generic',
      '--mapping',
      'shared mapping',
      path.join(FIXTURES, 'generic.csv'),
    ]);
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([]);
    expect(seen.at(-1)!.fields).toMatchObject({ mappingName: 'shared mapping', format: 'generic' });
  });
});
