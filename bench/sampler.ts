/**
 * Power sampling: achieved vs requested rate and the harness's CPU overhead for nvidia-smi at
 * 10 Hz (against bin/fake-nvidia-smi and the simulated device). The harness's way: one
 * long-lived `nvidia-smi -lms 100` child parsed as a stream. Baseline in the same run: one
 * nvidia-smi invocation per sample (execFile every 100 ms), the naive way.
 * CPU is this process's (process.cpuUsage): the parser's cost, not nvidia-smi's own.
 * Usage: npx tsx bench/sampler.ts [seconds=10] [interval_ms=100]
 */
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { spawn } from 'node:child_process';
import { NvidiaSmiSource, SMI_FIELDS, parseSmiLine, runSmi } from '@/lib/runner/power/nvidia-smi';

const SECONDS = Number(process.argv[2] ?? 10);
const INTERVAL = Number(process.argv[3] ?? 100);
const SMI = path.resolve(__dirname, '../bin/fake-nvidia-smi');

/** The sim server runs in its own process so this process's CPU is the sampler's alone. */
async function startSim(): Promise<{ url: string; close: () => void }> {
  const child = spawn(
    process.execPath,
    [path.resolve(__dirname, '../bin/joulebench.js'), 'sim-server', '--port', '0'],
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
  return { url, close: () => child.kill('SIGTERM') };
}

async function main() {
  const sim = await startSim();
  process.env.JOULEBENCH_SIM_URL = sim.url;
  try {
    // Warm the sim's HTTP path once.
    await runSmi(SMI, ['--query-gpu=index', '--format=csv,noheader']);
    const hz = 1000 / INTERVAL;

    const src = new NvidiaSmiSource(SMI, INTERVAL, undefined, true, false);
    // Subtract this process's own idle CPU (timers, tsx) measured first.
    const idle0 = process.cpuUsage();
    const ti0 = performance.now();
    await new Promise((r) => setTimeout(r, 2000));
    const idleCore = (() => {
      const c = process.cpuUsage(idle0);
      return (c.user + c.system) / 1e6 / ((performance.now() - ti0) / 1000);
    })();
    await src.start((e) => console.error(e.message));
    // Steady-state cost: start the clock after the child is spawned and the first sample is in.
    await src.firstSample(10_000);
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    await new Promise((r) => setTimeout(r, SECONDS * 1000));
    await src.stop();
    const wall = (performance.now() - t0) / 1000;
    const c = process.cpuUsage(cpu0);
    const streamCore = (c.user + c.system) / 1e6 / wall - idleCore;
    const n = src.samples.length;
    const span = n > 1 ? (src.samples[n - 1].t - src.samples[0].t) / 1000 : NaN;
    const achieved = (n - 1) / span;

    // Baseline: a fresh nvidia-smi per sample.
    const b0 = process.cpuUsage();
    const tb = performance.now();
    let nb = 0;
    let next = tb;
    while (performance.now() - tb < SECONDS * 1000) {
      const out = await runSmi(SMI, [`--query-gpu=${SMI_FIELDS.join(',')}`, '--format=csv,noheader,nounits']);
      if (parseSmiLine(out.trim(), SMI_FIELDS, Date.now())) nb++;
      next += INTERVAL;
      const wait = next - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      else next = performance.now();
    }
    const bwall = (performance.now() - tb) / 1000;
    const bc = process.cpuUsage(b0);
    const baseCore = (bc.user + bc.system) / 1e6 / bwall - idleCore;
    const baseHz = nb / bwall;

    console.log(
      `# nvidia-smi sampling at ${hz} Hz requested, ${SECONDS} s, fake-nvidia-smi against the simulated device`,
    );
    console.log(
      `stream (-lms ${INTERVAL}):  achieved ${achieved.toFixed(2)} Hz (${((achieved / hz) * 100).toFixed(1)}% of requested), parser CPU ${(streamCore * 100).toFixed(3)}% of a core`,
    );
    console.log(
      `baseline (spawn/sample): achieved ${baseHz.toFixed(2)} Hz (${((baseHz / hz) * 100).toFixed(1)}% of requested), CPU ${(baseCore * 100).toFixed(3)}% of a core`,
    );
    console.log(
      `ratio stream/baseline: rate ${(achieved / baseHz).toFixed(2)}x, CPU ${(Math.max(streamCore, 1e-6) / Math.max(baseCore, 1e-6)).toFixed(3)}x`,
    );
    console.log(
      `target: >= 10 Hz with < 1% of a core -> ${achieved >= 0.95 * hz && streamCore < 0.01 ? 'MET' : 'NOT MET'}`,
    );
  } finally {
    sim.close();
  }
}
void main();
