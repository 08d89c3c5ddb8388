/**
 * Import throughput benchmark (fixed seed). Prints:
 *  - vLLM detailed result (one big JSON object with per-request arrays): parse MB/s vs a baseline
 *    of raw TextDecoder + JSON.parse of the same bytes, and peak RSS of each in a fresh process;
 *  - SGLang JSONL with many runs: runs/s and MB/s vs JSON.parse of every line;
 *  - bulk commit into SQLite (one transaction): runs/s vs a raw prepared INSERT of the same docs.
 * Usage: npx tsx bench/import.ts [vllm MB, default 40] [jsonl runs, default 20000]
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDb } from '@/db/client';
import { parseFile } from '@/lib/importers';
import { commitImport } from '@/lib/services/import';

const MB = Number(process.argv[2] ?? 40);
const NRUNS = Number(process.argv[3] ?? 20000);

let seed = 42;
const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);

function synthVllm(targetMb: number): Buffer {
  // ~1 KB of generated text + arrays per request.
  const n = Math.max(100, Math.round((targetMb * 1024 * 1024) / 1400));
  const out = Array.from({ length: n }, () => 20 + Math.floor(rnd() * 500));
  const o = {
    date: '20250101-000000', backend: 'vllm', model_id: 'synthetic/model', num_prompts: n, request_rate: 16, duration: n / 16, completed: n,
    total_input_tokens: n * 200, total_output_tokens: out.reduce((a, b) => a + b, 0), request_throughput: 16, output_throughput: 4000, total_token_throughput: 8000,
    mean_ttft_ms: 50, median_ttft_ms: 45, p99_ttft_ms: 150, mean_tpot_ms: 12, median_tpot_ms: 11, p99_tpot_ms: 20, mean_itl_ms: 12, median_itl_ms: 11, p99_itl_ms: 30,
    input_lens: Array.from({ length: n }, () => 200),
    output_lens: out,
    ttfts: Array.from({ length: n }, () => 0.02 + rnd() * 0.1),
    itls: Array.from({ length: n }, () => Array.from({ length: 8 }, () => 0.01 + rnd() * 0.005)),
    generated_texts: Array.from({ length: n }, () => 'lorem ipsum dolor sit amet '.repeat(36)),
    errors: Array.from({ length: n }, () => ''),
  };
  return Buffer.from(JSON.stringify(o));
}

function synthJsonl(n: number): Buffer {
  const lines: string[] = [];
  for (let i = 0; i < n; i++) {
    lines.push(JSON.stringify({ backend: 'sglang', dataset_name: 'random', request_rate: 1 + (i % 32), max_concurrency: null, total_input_tokens: 100000 + i, total_output_tokens: 90000 + i,
      total_output_tokens_retokenized: 89000 + i, mean_e2e_latency_ms: 1000 + rnd() * 100, median_e2e_latency_ms: 990, median_ttft_ms: 80 + rnd(), median_itl_ms: 12, output_throughput: 500 + rnd() * 10,
      random_input_len: 1024, random_output_len: 1024, random_range_ratio: 0, duration: 300 + rnd(), completed: 300 + (i % 50) }));
  }
  return Buffer.from(lines.join('\n') + '\n');
}

/** Child phases, so each peak RSS is measured in a fresh process. */
function child(phase: string, file: string) {
  const data = fs.readFileSync(file);
  const t0 = performance.now();
  if (phase === 'baseline') JSON.parse(new TextDecoder().decode(data));
  else parseFile({ name: path.basename(file), data }, { format: 'vllm-serve' });
  const ms = performance.now() - t0;
  process.stdout.write(JSON.stringify({ ms, rssMb: process.resourceUsage().maxRSS / 1024 }));
}

if (process.argv[2]?.startsWith('--phase=')) {
  child(process.argv[2].slice(8), process.argv[3]);
  process.exit(0);
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'jb-bench-import-'));
const vllmFile = path.join(tmp, 'vllm_detailed.json');
fs.writeFileSync(vllmFile, synthVllm(MB));
const size = fs.statSync(vllmFile).size / 1024 / 1024;
const runPhase = (phase: string) => {
  const r = spawnSync(process.execPath, ['--import', 'tsx', __filename, `--phase=${phase}`, vllmFile], { encoding: 'utf8', cwd: path.resolve(__dirname, '..') });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as { ms: number; rssMb: number };
};
const base = runPhase('baseline');
const imp = runPhase('import');
console.log(`vLLM detailed result: ${size.toFixed(1)} MB, ${Math.round((MB * 1024 * 1024) / 1400)} requests`);
console.log(`  baseline JSON.parse : ${(size / (base.ms / 1000)).toFixed(1)} MB/s, peak RSS ${base.rssMb.toFixed(0)} MB (${(base.rssMb / size).toFixed(1)}x file)`);
console.log(`  importer (vllm-serve): ${(size / (imp.ms / 1000)).toFixed(1)} MB/s, peak RSS ${imp.rssMb.toFixed(0)} MB (${(imp.rssMb / size).toFixed(1)}x file)`);
console.log(`  importer / baseline : time ${(imp.ms / base.ms).toFixed(2)}x, peak RSS ${(imp.rssMb / base.rssMb).toFixed(2)}x`);

const jsonl = synthJsonl(NRUNS);
const jmb = jsonl.length / 1024 / 1024;
let t = performance.now();
const text = new TextDecoder().decode(jsonl);
let pos = 0;
while (pos < text.length) {
  const e = text.indexOf('\n', pos);
  const line = text.slice(pos, e === -1 ? text.length : e);
  if (line) JSON.parse(line);
  pos = (e === -1 ? text.length : e) + 1;
}
const jBase = performance.now() - t;
t = performance.now();
const parsed = parseFile({ name: 'bench.jsonl', data: jsonl }, { format: 'sglang', now: '2025-01-01T00:00:00Z' });
const jImp = performance.now() - t;
console.log(`SGLang JSONL: ${NRUNS} runs, ${jmb.toFixed(1)} MB`);
console.log(`  baseline JSON.parse per line: ${(NRUNS / (jBase / 1000)).toFixed(0)} runs/s, ${(jmb / (jBase / 1000)).toFixed(1)} MB/s`);
console.log(`  importer (sglang)            : ${(NRUNS / (jImp / 1000)).toFixed(0)} runs/s, ${(jmb / (jImp / 1000)).toFixed(1)} MB/s  (${(jImp / jBase).toFixed(1)}x baseline time)`);

const db = openDb(':memory:');
t = performance.now();
const res = commitImport(db, [parsed], { studyName: 'bench' });
const cMs = performance.now() - t;
const raw = openDb(':memory:');
raw.$client.exec('CREATE TABLE raw_docs (id INTEGER PRIMARY KEY, doc TEXT NOT NULL)');
const ins = raw.$client.prepare('INSERT INTO raw_docs (doc) VALUES (?)');
t = performance.now();
raw.$client.transaction(() => {
  for (const r of parsed.runs) ins.run(JSON.stringify(r));
})();
const rMs = performance.now() - t;
console.log(`Bulk commit (one transaction, in-memory SQLite): ${res.inserted} runs`);
console.log(`  commitImport       : ${(res.inserted / (cMs / 1000)).toFixed(0)} runs/s`);
console.log(`  baseline raw INSERT: ${(parsed.runs.length / (rMs / 1000)).toFixed(0)} runs/s  (commitImport ${(cMs / rMs).toFixed(1)}x baseline time)`);
fs.rmSync(tmp, { recursive: true, force: true });
