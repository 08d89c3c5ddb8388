/**
 * Load-generator accuracy and cost at 256 concurrent streams against the simulated server (run
 * as a separate process so the client's CPU is measured alone).
 *   - timestamp error: client arrival time - server send stamp (sim_t) per chunk, p50/p99 (ms);
 *     first chunk = TTFT error; ITL error = client ITL - server ITL
 *   - client CPU: process.cpuUsage() over the load phase / wall time (fraction of one core)
 * Baseline in the same run: the same workload through fetch() (undici) + a stream reader.
 * Usage: npx tsx bench/loadgen.ts [requests=512] [output_len=64]
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { runLoad } from '@/lib/runner/loadgen/run';
import { syntheticPrompts } from '@/lib/runner/loadgen/prompts';
import { percentile } from '@/lib/runner/stats';
import type { RequestResult } from '@/lib/runner/loadgen/client';

const N = Number(process.argv[2] ?? 512);
const OUT = Number(process.argv[3] ?? 64);
const C = 256;
const MODEL = 'meta-llama/Llama-3.1-8B-Instruct';

async function startSim(): Promise<{ url: string; stop: () => void }> {
  const child = spawn(
    process.execPath,
    [path.resolve(__dirname, '../bin/joulebench.js'), 'sim-server', '--port', '0', '--max-num-seqs', '256'],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const url = await new Promise<string>((resolve, reject) => {
    let buf = '';
    child.stdout!.on('data', (d) => {
      buf += d;
      const m = /http:\/\/[0-9.:]+/.exec(buf);
      if (m) resolve(m[0]);
    });
    child.on('exit', () => reject(new Error('sim-server exited')));
  });
  return { url, stop: () => child.kill('SIGTERM') };
}

function errors(results: RequestResult[]) {
  const chunk: number[] = [];
  const first: number[] = [];
  const itl: number[] = [];
  for (const r of results) {
    const s = r.serverMs ?? [];
    if (s.length !== r.chunkMs.length) continue;
    for (let i = 0; i < s.length; i++) {
      chunk.push(r.chunkMs[i] - s[i]);
      if (i === 0) first.push(r.chunkMs[0] - s[0]);
      else itl.push(Math.abs(r.chunkMs[i] - r.chunkMs[i - 1] - (s[i] - s[i - 1])));
    }
  }
  const q = (a: number[], p: number) =>
    percentile(
      [...a].sort((x, y) => x - y),
      p,
    )!;
  return { n: chunk.length, p50: q(chunk, 50), p99: q(chunk, 99), ttftP99: q(first, 99), itlP99: q(itl, 99) };
}

/** Baseline client: fetch + ReadableStream reader + TextDecoder, same SSE handling. */
async function fetchClient(url: string, prompts: Array<{ text: string; outputLen: number }>): Promise<RequestResult[]> {
  const out: RequestResult[] = [];
  let next = 0;
  const one = async (p: { text: string; outputLen: number }) => {
    const r: RequestResult = {
      startMs: performance.timeOrigin + performance.now(),
      chunkMs: [],
      serverMs: [],
      success: false,
    };
    const res = await fetch(`${url}/v1/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: MODEL, prompt: p.text, max_tokens: p.outputLen, stream: true, ignore_eos: true }),
    });
    const reader = res.body!.getReader();
    const dec = new TextDecoder();
    let buf = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      const t = performance.timeOrigin + performance.now();
      buf += dec.decode(value, { stream: true });
      let i: number;
      while ((i = buf.indexOf('\n\n')) >= 0) {
        const ev = buf.slice(0, i);
        buf = buf.slice(i + 2);
        if (!ev.startsWith('data: ') || ev === 'data: [DONE]') continue;
        const m = JSON.parse(ev.slice(6));
        if (m.choices?.[0]?.text) {
          r.chunkMs.push(t);
          r.serverMs!.push(m.sim_t);
        }
      }
    }
    r.success = true;
    out.push(r);
  };
  await Promise.all(
    Array.from({ length: C }, async () => {
      while (next < prompts.length) await one(prompts[next++]);
    }),
  );
  return out;
}

async function measure(name: string, fn: () => Promise<RequestResult[]>) {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const results = await fn();
  const wall = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const e = errors(results);
  const core = (cpu.user + cpu.system) / 1e6 / wall;
  console.log(
    `${name.padEnd(22)} ${results.filter((r) => r.success).length} ok, ${e.n} chunks in ${wall.toFixed(1)} s (${(e.n / wall).toFixed(0)} chunks/s) | ` +
      `stamp error p50 ${e.p50.toFixed(3)} ms p99 ${e.p99.toFixed(3)} ms, TTFT err p99 ${e.ttftP99.toFixed(3)} ms, ITL err p99 ${e.itlP99.toFixed(3)} ms | client CPU ${(core * 100).toFixed(1)}% of a core`,
  );
  return { ...e, core };
}

async function main() {
  const sim = await startSim();
  try {
    const prompts = syntheticPrompts(N, { kind: 'fixed', value: 128 }, { kind: 'fixed', value: OUT }, 42);
    console.log(`# ${N} requests, ${C} concurrent streams, 128 in / ${OUT} out, simulated H100 (time scale 1)`);
    const ours = await measure(
      'joulebench (node:http)',
      async () =>
        (
          await runLoad({
            endpoint: sim.url,
            model: MODEL,
            api: 'completions',
            prompts,
            concurrency: C,
            keepServerStamps: true,
          })
        ).results,
    );
    const base = await measure('baseline (fetch)', () => fetchClient(sim.url, prompts));
    console.log(
      `ratio joulebench/baseline: stamp error p99 ${(ours.p99 / base.p99).toFixed(2)}x, CPU ${(ours.core / base.core).toFixed(2)}x`,
    );
    console.log(
      `target: p99 within 1 ms -> ${ours.p99 <= 1 ? 'MET' : 'NOT MET'}; client CPU well below one core -> ${ours.core < 0.5 ? 'MET' : 'NOT MET'}`,
    );
  } finally {
    sim.stop();
  }
}
void main();
