/**
 * The point runner: measures ONE sweep point on the host it runs on (the dashboard host for the
 * local executor, a compute node for Slurm). Reads <dir>/point.json, starts the inference server
 * (the simulated one, a vLLM/SGLang preset or a custom argv) unless an endpoint is given, runs the
 * harness CLI (`joulebench measure ... --json`) as a child with an argv array, samples GPU power
 * for the live trace, and leaves its results in the directory:
 *   record.json (the harness's run record), exit.json (status + reason), progress.jsonl
 *   (phases and power samples, tailed by the worker), log.txt, nvidia-smi.log (fake smi only).
 * SIGTERM/SIGINT (cancel, scancel, time limit) is forwarded to the harness, which restores the
 * GPU knobs and exits; the runner then stops the server and records "cancelled".
 * The harness saves the original GPU settings to gpu-restore.json before changing any and removes
 * it once restored. If the file is still there when the harness has ended (killed by SIGKILL, or
 * its restore failed), the runner restores from it and records the outcome (exit.json gpu_restore
 * and the reason).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { JOB_FILES, pointSpecSchema, type GpuRestore, type PointExit, type PointSpec } from './point-spec';
import { formatIssues } from '@/lib/record/schema';
import { freePort } from '@/lib/runner/server/lifecycle';
import { PLACEHOLDER_RE, type SweepPlaceholder } from '@/lib/runner/server/template';
import { describeOutcome, restoreFromFile } from '@/lib/runner/knobs/restore-file';
import { env, repoRoot } from '@/lib/env';

const HARNESS_TERM_GRACE_MS = 25_000;
const SERVER_READY_TIMEOUT_MS = 15 * 60_000;

export async function runPoint(dir: string): Promise<number> {
  const t0 = Date.now();
  const file = (f: string) => path.join(dir, f);
  const logFd = fs.openSync(file(JOB_FILES.log), 'a');
  const log = (msg: string) => fs.writeSync(logFd, `[runner ${new Date().toISOString()}] ${msg}\n`);
  const progress = (o: Record<string, unknown>) =>
    fs.appendFileSync(
      file(JOB_FILES.progress),
      JSON.stringify({ t: +((Date.now() - t0) / 1000).toFixed(3), ...o }) + '\n',
    );
  fs.writeFileSync(file(JOB_FILES.pid), String(process.pid));
  fs.rmSync(file(JOB_FILES.exit), { force: true });
  fs.rmSync(file(JOB_FILES.record), { force: true });

  let finished = false;
  const finish = (exit: PointExit): number => {
    if (finished) return exit.status === 'ok' ? 0 : 1;
    finished = true;
    fs.writeFileSync(file(JOB_FILES.exit), JSON.stringify({ ...exit, ended_at: new Date().toISOString() }));
    log(`finished: ${exit.status}${exit.reason ? ` (${exit.reason})` : ''}`);
    progress({ phase: exit.status === 'ok' ? 'done' : exit.status });
    return exit.status === 'ok' ? 0 : exit.status === 'cancelled' ? 143 : 1;
  };

  let spec: PointSpec;
  try {
    const parsed = pointSpecSchema.safeParse(JSON.parse(fs.readFileSync(file(JOB_FILES.spec), 'utf8')));
    if (!parsed.success)
      return finish({ status: 'failed', reason: `invalid ${JOB_FILES.spec}: ${formatIssues(parsed.error.issues)}` });
    spec = parsed.data;
  } catch (e) {
    return finish({ status: 'failed', reason: `cannot read ${JOB_FILES.spec}: ${(e as Error).message}` });
  }

  let cancelled: string | null = null;
  let server: ChildProcess | null = null;
  let harness: ChildProcess | null = null;
  let serverExit: string | null = null;
  const abort = new AbortController();
  const onSignal = (sig: NodeJS.Signals) => {
    if (cancelled) return;
    cancelled = `cancelled (${sig})`;
    log(`received ${sig}: stopping the harness (it restores GPU settings)`);
    abort.abort();
    if (harness && harness.exitCode === null) harness.kill('SIGTERM');
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  process.on('SIGHUP', onSignal);

  const env: NodeJS.ProcessEnv = { ...process.env, JOULEBENCH_FAKE_SMI_LOG: file(JOB_FILES.smiLog) };
  delete env.JOULEBENCH_RESTORE_FILE; // the harness gets --restore-file in the job directory
  const restoreFile = file(JOB_FILES.restore);
  const knobsRequested = spec.measure.sm_clock_mhz !== undefined || spec.measure.power_limit_w !== undefined;
  /** Once the harness has ended: settings it left changed (its restore file is still there) are restored here. */
  const settleGpu = async (): Promise<GpuRestore | undefined> => {
    if (!fs.existsSync(restoreFile))
      return knobsRequested
        ? { status: 'restored', by: 'harness', detail: 'GPU settings restored by the harness' }
        : undefined;
    log(`the harness left ${JOB_FILES.restore} behind (GPU settings still changed): restoring from it`);
    const r = await restoreFromFile(restoreFile, { env, log });
    const g: GpuRestore = { status: r.status, by: 'point runner', detail: describeOutcome(r, 'the point runner') };
    log(g.detail);
    return g;
  };
  /** The reason, plus what the runner did about the GPU settings. */
  const withGpu = (reason: string, g: GpuRestore | undefined) =>
    g && g.by !== 'harness' ? `${reason}; ${g.detail}` : reason;
  const stopHarness = async () => {
    if (harness && harness.exitCode === null && harness.signalCode === null) {
      harness.kill('SIGTERM');
      if (!(await waitExit(harness, HARNESS_TERM_GRACE_MS))) {
        harness.kill('SIGKILL');
        await waitExit(harness, 5000);
      }
    }
  };
  const stopServer = async () => {
    if (!server || server.exitCode !== null || server.signalCode !== null) return;
    server.kill(spec.server.kind === 'sim' ? 'SIGUSR2' : 'SIGTERM');
    if (!(await waitExit(server, 5000))) server.kill('SIGKILL');
  };

  let sampler: NodeJS.Timeout | null = null;
  try {
    // 1. the inference server
    let endpoint: string;
    if (spec.server.kind === 'endpoint') {
      endpoint = spec.server.url.replace(/\/+$/, '');
    } else {
      const port = await freePort();
      endpoint = `http://127.0.0.1:${port}`;
      const argv = serverArgv(spec, port);
      progress({ phase: 'starting server' });
      log(`server: ${argv.join(' ')}`);
      server = spawn(argv[0], argv.slice(1), { env, stdio: ['ignore', logFd, logFd] });
      if (server.pid) fs.writeFileSync(file(JOB_FILES.serverPid), String(server.pid));
      server.on('exit', (code, sig) => {
        serverExit = sig ? `signal ${sig}` : `exit code ${code}`;
      });
      const healthPath =
        spec.server.kind === 'custom'
          ? (spec.server.health_path ?? '/v1/models')
          : spec.server.kind === 'sim'
            ? '/v1/models'
            : '/health';
      const ready = await waitReady(endpoint + healthPath, () => serverExit, abort.signal, SERVER_READY_TIMEOUT_MS);
      if (cancelled) return finish({ status: 'cancelled', reason: cancelled });
      if (ready !== true)
        return finish({ status: 'failed', reason: `inference server did not become ready: ${ready}` });
      env.JOULEBENCH_SIM_URL = endpoint;
    }

    // 2. the harness
    const hargv = harnessArgv(spec, endpoint, restoreFile);
    log(`harness: ${hargv.join(' ')}`);
    progress({ phase: 'measuring' });
    const stdout: Buffer[] = [];
    harness = spawn(hargv[0], hargv.slice(1), { env, stdio: ['ignore', 'pipe', logFd] });
    harness.stdout!.on('data', (b: Buffer) => stdout.push(b));
    if (harness.pid) fs.writeFileSync(file(JOB_FILES.harnessPid), String(harness.pid));
    if (cancelled) harness.kill('SIGTERM');

    // live power trace: sample nvidia-smi (the fake one when simulated) once a second
    const smi = spec.harness.nvidiaSmi ?? (spec.simulated ? undefined : 'nvidia-smi');
    if (smi && spec.measure.power !== 'none') {
      let busy = false;
      sampler = setInterval(() => {
        if (busy) return;
        busy = true;
        sampleSmi(smi, env, pointGpus(spec))
          .then((s) => s && progress(s))
          .finally(() => (busy = false));
      }, 1000);
    }

    let timedOut = false;
    let crashNoted = false;
    const timeout = setTimeout(() => {
      if (harness && harness.exitCode === null && !cancelled) {
        cancelled = null;
        log(`point timed out after ${spec.timeoutS} s: stopping the harness`);
        timedOut = true;
        harness.kill('SIGTERM');
      }
    }, spec.timeoutS * 1000);
    const crashWatch = setInterval(() => {
      // a crashed server: give the harness a moment to notice, then stop it (knobs restored)
      if (serverExit && !cancelled && !crashNoted && harness && harness.exitCode === null) {
        crashNoted = true;
        setTimeout(() => harness && harness.exitCode === null && harness.kill('SIGTERM'), 3000);
      }
    }, 200);
    const [code, sig] = await new Promise<[number | null, NodeJS.Signals | null]>((res) =>
      harness!.on('close', (c, s) => res([c, s])),
    );
    clearTimeout(timeout);
    clearInterval(crashWatch);
    if (sampler) clearInterval(sampler);
    // a signal to the whole group (scancel) reaches the server too: let our handler run first
    await sleep(300);
    const out = Buffer.concat(stdout).toString('utf8').trim();
    log(`harness exited: ${sig ? `signal ${sig}` : `code ${code}`}`);
    const gpu = await settleGpu();
    const ended = { harness_exit: code, harness_signal: sig, gpu_restore: gpu };
    if (cancelled) return finish({ status: 'cancelled', reason: withGpu(cancelled, gpu), ...ended });
    if (timedOut)
      return finish({ status: 'failed', reason: withGpu(`point timed out after ${spec.timeoutS} s`, gpu), ...ended });
    if (serverExit && spec.server.kind !== 'endpoint')
      return finish({
        status: 'failed',
        reason: withGpu(`inference server crashed during the measurement (${serverExit})`, gpu),
        ...ended,
      });
    if (code !== 0)
      return finish({
        status: 'failed',
        reason: withGpu(
          `harness ${sig ? `killed by ${sig}` : `exited with code ${code}`}: ${lastLines(file(JOB_FILES.log))}`,
          gpu,
        ),
        ...ended,
      });
    try {
      const rec = JSON.parse(out);
      if (!rec || typeof rec !== 'object' || Array.isArray(rec)) throw new Error('not a JSON object');
      fs.writeFileSync(file(JOB_FILES.record) + '.tmp', JSON.stringify(rec));
      fs.renameSync(file(JOB_FILES.record) + '.tmp', file(JOB_FILES.record));
    } catch (e) {
      return finish({
        status: 'failed',
        reason: `harness output is not one JSON run record: ${(e as Error).message}`,
        ...ended,
      });
    }
    return finish({ status: 'ok', ...ended });
  } catch (e) {
    await stopHarness();
    const gpu = harness ? await settleGpu() : undefined;
    return finish({
      status: cancelled ? 'cancelled' : 'failed',
      reason: withGpu(cancelled ?? `runner error: ${(e as Error).message}`, gpu),
      gpu_restore: gpu,
    });
  } finally {
    if (sampler) clearInterval(sampler);
    await stopHarness();
    await stopServer();
    fs.closeSync(logFd);
  }
}

/** argv of the inference server for this point; placeholders are replaced token by token. */
export function serverArgv(spec: PointSpec, port: number): string[] {
  const { tp, max_num_seqs } = spec.serverKnobs;
  const s = spec.server;
  switch (s.kind) {
    case 'sim': {
      // the simulated GPU host (sim-server that survives the job's SIGTERM, see sim-host.ts)
      const a = [
        spec.harness.node,
        simHostEntry(),
        '--port',
        String(port),
        '--gpu',
        spec.gpu,
        '--model',
        spec.model,
        '--time-scale',
        String(spec.timeScale),
      ];
      if (max_num_seqs !== undefined) a.push('--max-num-seqs', String(max_num_seqs));
      if (tp !== undefined) a.push('--tp', String(tp));
      return a;
    }
    case 'vllm': {
      const a = ['vllm', 'serve', spec.model, '--host', '127.0.0.1', '--port', String(port)];
      if (tp !== undefined) a.push('--tensor-parallel-size', String(tp));
      if (max_num_seqs !== undefined) a.push('--max-num-seqs', String(max_num_seqs));
      return [...a, ...(s.extra_args ?? [])];
    }
    case 'sglang': {
      const a = [
        'python3',
        '-m',
        'sglang.launch_server',
        '--model-path',
        spec.model,
        '--host',
        '127.0.0.1',
        '--port',
        String(port),
      ];
      if (tp !== undefined) a.push('--tp-size', String(tp));
      if (max_num_seqs !== undefined) a.push('--max-running-requests', String(max_num_seqs));
      return [...a, ...(s.extra_args ?? [])];
    }
    case 'custom': {
      // Every placeholder was checked when the sweep was defined (lib/sweeps/spec.ts); refuse again
      // rather than pass one through literally.
      const gpus = pointGpus(spec);
      const vals: Record<SweepPlaceholder, string | undefined> = {
        model: spec.model,
        port: String(port),
        tp: String(tp ?? 1),
        max_num_seqs: String(max_num_seqs ?? 256),
        host: '127.0.0.1',
        gpus: gpus?.join(','),
      };
      return s.argv.map((tok) =>
        tok.replace(PLACEHOLDER_RE, (_, k: string) => {
          const v = vals[k as keyof typeof vals];
          if (v === undefined) throw new Error(`placeholder {${k}} in the server argv has no value for this point`);
          return v;
        }),
      );
    }
    case 'endpoint':
      throw new Error('endpoint has no server argv');
  }
}

export function simHostEntry(): string {
  return path.join(repoRoot(), 'lib', 'executors', 'sim-host-entry.cjs');
}

/**
 * The GPUs of this point on a real host: the ones the scheduler gave the job (Slurm sets
 * CUDA_VISIBLE_DEVICES from the gres allocation), else the first TP GPUs. Undefined on the
 * simulated device (it exposes exactly its TP devices). Knobs, sampling and the record use them.
 */
export function pointGpus(
  spec: PointSpec,
  source: Record<string, string | undefined> = process.env,
): number[] | undefined {
  if (spec.simulated) return undefined;
  const vis = env('CUDA_VISIBLE_DEVICES', source);
  if (vis && /^\d+(,\d+)*$/.test(vis)) return vis.split(',').map(Number);
  return Array.from({ length: spec.serverKnobs.tp ?? 1 }, (_, i) => i);
}

/** argv of `joulebench measure` (the harness CLI contract). */
export function harnessArgv(spec: PointSpec, endpoint: string, restoreFile?: string): string[] {
  const m = spec.measure;
  const a = [
    spec.harness.node,
    spec.harness.entry,
    'measure',
    '--endpoint',
    endpoint,
    '--model',
    spec.model,
    '--requests',
    String(m.requests),
  ];
  if (m.concurrency !== undefined) a.push('--concurrency', String(m.concurrency));
  else if (m.rate !== undefined) a.push('--rate', String(m.rate));
  a.push('--input-len', String(m.input_len), '--output-len', String(m.output_len));
  const power = m.power ?? (spec.simulated ? 'nvidia-smi' : 'auto');
  a.push('--power', power);
  if (spec.harness.nvidiaSmi) a.push('--nvidia-smi', spec.harness.nvidiaSmi);
  const gpus = pointGpus(spec);
  if (gpus) a.push('--gpu', gpus.join(','));
  const { tp, max_num_seqs } = spec.serverKnobs;
  if (tp !== undefined) a.push('--tp', String(tp));
  if (max_num_seqs !== undefined) a.push('--max-num-seqs', String(max_num_seqs));
  if (spec.server.kind === 'vllm' || spec.server.kind === 'sglang') a.push('--engine', spec.server.kind);
  // The sweep's GPU name, for the record when neither nvidia-smi nor NVML names the card.
  if (!spec.simulated && spec.gpu) a.push('--gpu-model', spec.gpu);
  if (m.sm_clock_mhz !== undefined) a.push('--sm-clock', String(m.sm_clock_mhz));
  if (m.power_limit_w !== undefined) a.push('--power-limit', String(m.power_limit_w));
  if (restoreFile) a.push('--restore-file', restoreFile);
  a.push('--json');
  return a;
}

async function sampleSmi(
  smi: string,
  env: NodeJS.ProcessEnv,
  gpus: number[] | undefined,
): Promise<Record<string, unknown> | null> {
  return new Promise((resolve) => {
    const args = ['--query-gpu=power.draw,clocks.sm', '--format=csv,noheader,nounits'];
    if (gpus?.length) args.push('-i', gpus.join(','));
    let out = '';
    const p = spawn(smi, args, { env, stdio: ['ignore', 'pipe', 'ignore'] });
    const kill = setTimeout(() => p.kill('SIGKILL'), 3000);
    p.stdout!.on('data', (b) => (out += b));
    p.on('error', () => resolve(null));
    p.on('close', (code) => {
      clearTimeout(kill);
      if (code !== 0) return resolve(null);
      let power = 0;
      let clock: number | null = null;
      let n = 0;
      for (const line of out.trim().split('\n')) {
        const [pw, clk] = line.split(',').map((x) => Number.parseFloat(x.trim()));
        if (Number.isFinite(pw)) {
          power += pw;
          n++;
        }
        if (Number.isFinite(clk)) clock = Math.max(clock ?? 0, clk);
      }
      resolve(n ? { power_w: +power.toFixed(2), sm_clock_mhz: clock } : null);
    });
  });
}

async function waitReady(
  url: string,
  exited: () => string | null,
  signal: AbortSignal,
  timeoutMs: number,
): Promise<true | string> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (signal.aborted) return 'cancelled';
    const ex = exited();
    if (ex) return `server exited (${ex})`;
    try {
      const r = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (r.ok) return true;
    } catch {
      /* not up yet */
    }
    await sleep(150);
  }
  return `timed out after ${Math.round(timeoutMs / 1000)} s`;
}

function waitExit(p: ChildProcess, ms: number): Promise<boolean> {
  if (p.exitCode !== null || p.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const t = setTimeout(() => resolve(false), ms);
    p.once('exit', () => {
      clearTimeout(t);
      resolve(true);
    });
  });
}

function lastLines(file: string): string {
  try {
    const txt = fs.readFileSync(file, 'utf8');
    const lines = txt
      .split('\n')
      .filter((l) => l.trim() && !l.startsWith('[runner '))
      .slice(-3);
    return lines.join(' | ').slice(-400) || 'no output';
  } catch {
    return 'no log';
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
