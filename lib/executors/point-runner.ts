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
import { JOB_FILES, pointSpecSchema, type GpuRestore, type PointExit, type PointSpec } from './point-spec';
import { formatIssues } from '@/lib/record/schema';
import { freePort, startServer, type ManagedServer } from '@/lib/runner/server/lifecycle';
import { describeOutcome, restoreFromFile } from '@/lib/runner/knobs/restore-file';
import { harnessArgv, pointGpus, serverArgv } from './point-argv';
import { openJob, saveRecord, startPowerTrace, type PointJob } from './point-job';

export { harnessArgv, pointGpus, serverArgv, simHostEntry } from './point-argv';

const HARNESS_TERM_GRACE_MS = 25_000;
const SERVER_READY_TIMEOUT_MS = 15 * 60_000;
/** After the server crashed: how long the harness may take to notice before it is stopped. */
const CRASH_NOTICE_MS = 3000;

export async function runPoint(dir: string): Promise<number> {
  const job = openJob(dir);
  const spec = readPointSpec(job);
  if (typeof spec === 'string') {
    const code = job.finish({ status: 'failed', reason: spec });
    job.close();
    return code;
  }
  const point = new PointRun(job, spec);
  const onSignal = (sig: NodeJS.Signals) => point.cancel(sig);
  for (const sig of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.on(sig, onSignal);
  try {
    return await point.run();
  } catch (e) {
    return await point.fail(e as Error);
  } finally {
    await point.release();
    job.close();
  }
}

/** point.json, validated; a string says why it cannot be used. */
export function readPointSpec(job: Pick<PointJob, 'file'>): PointSpec | string {
  try {
    const parsed = pointSpecSchema.safeParse(JSON.parse(fs.readFileSync(job.file(JOB_FILES.spec), 'utf8')));
    if (!parsed.success) return `invalid ${JOB_FILES.spec}: ${formatIssues(parsed.error.issues)}`;
    return parsed.data;
  } catch (e) {
    return `cannot read ${JOB_FILES.spec}: ${(e as Error).message}`;
  }
}

/** The health path of each server kind (a custom server names its own). */
export function healthPath(server: PointSpec['server']): string {
  if (server.kind === 'custom') return server.health_path ?? '/v1/models';
  return server.kind === 'sim' ? '/v1/models' : '/health';
}

/** How the harness ended, as the runner saw it. */
export type HarnessEnd = {
  cancelled: string | null;
  timedOut: boolean;
  /** Why the server exited during the measurement (null: it did not, or there is none). */
  serverExit: string | null;
  code: number | null;
  sig: NodeJS.Signals | null;
  stdout: string;
  gpu: GpuRestore | undefined;
};

/** The reason, plus what the runner did about the GPU settings. */
export function withGpu(reason: string, g: GpuRestore | undefined): string {
  return g && g.by !== 'harness' ? `${reason}; ${g.detail}` : reason;
}

/**
 * exit.json for a harness that has ended, first cause first: a cancel, the point's time limit,
 * a server crash, the harness's own failure; else ok (the record is saved by the caller).
 */
export function harnessOutcome(end: HarnessEnd, spec: PointSpec, logTail: () => string): PointExit | null {
  const ended = { harness_exit: end.code, harness_signal: end.sig, gpu_restore: end.gpu };
  const failed = (reason: string): PointExit => ({ status: 'failed', reason: withGpu(reason, end.gpu), ...ended });
  if (end.cancelled) return { status: 'cancelled', reason: withGpu(end.cancelled, end.gpu), ...ended };
  if (end.timedOut) return failed(`point timed out after ${spec.timeoutS} s`);
  if (end.serverExit && spec.server.kind !== 'endpoint')
    return failed(`inference server crashed during the measurement (${end.serverExit})`);
  if (end.code !== 0)
    return failed(`harness ${end.sig ? `killed by ${end.sig}` : `exited with code ${end.code}`}: ${logTail()}`);
  return null;
}

/** One point's run: the server, the harness, and what stops them (cancel, time limit, crash). */
class PointRun {
  private cancelled: string | null = null;
  private server: ManagedServer | null = null;
  private harness: ChildProcess | null = null;
  private stopTrace: (() => void) | null = null;
  private readonly abort = new AbortController();
  private readonly env: NodeJS.ProcessEnv;
  private readonly restoreFile: string;

  constructor(
    private readonly job: PointJob,
    private readonly spec: PointSpec,
  ) {
    this.env = { ...process.env, JOULEBENCH_FAKE_SMI_LOG: job.file(JOB_FILES.smiLog) };
    delete this.env.JOULEBENCH_RESTORE_FILE; // the harness gets --restore-file in the job directory
    this.restoreFile = job.file(JOB_FILES.restore);
  }

  /** SIGTERM/SIGINT/SIGHUP: stop the harness (it restores the GPU settings). */
  cancel(sig: NodeJS.Signals) {
    if (this.cancelled) return;
    this.cancelled = `cancelled (${sig})`;
    this.job.log(`received ${sig}: stopping the harness (it restores GPU settings)`);
    this.abort.abort();
    if (this.harness && this.harness.exitCode === null) this.harness.kill('SIGTERM');
  }

  async run(): Promise<number> {
    const endpoint = await this.startServer();
    if (this.cancelled) return this.job.finish({ status: 'cancelled', reason: this.cancelled });
    if (typeof endpoint !== 'string') return this.job.finish(endpoint);
    const end = await this.measure(endpoint);
    const exit = harnessOutcome(end, this.spec, this.job.logTail);
    if (exit) return this.job.finish(exit);
    const ended = { harness_exit: end.code, harness_signal: end.sig, gpu_restore: end.gpu };
    try {
      saveRecord(this.job, end.stdout);
    } catch (e) {
      const reason = `harness output is not one JSON run record: ${(e as Error).message}`;
      return this.job.finish({ status: 'failed', reason, ...ended });
    }
    return this.job.finish({ status: 'ok', ...ended });
  }

  /** A runner error: stop the harness, settle the GPU, and say so. */
  async fail(e: Error): Promise<number> {
    await this.stopHarness();
    const gpu = this.harness ? await this.settleGpu() : undefined;
    return this.job.finish({
      status: this.cancelled ? 'cancelled' : 'failed',
      reason: withGpu(this.cancelled ?? `runner error: ${e.message}`, gpu),
      gpu_restore: gpu,
    });
  }

  async release() {
    this.stopTrace?.();
    await this.stopHarness();
    await this.server?.stop(5000).catch(() => {});
  }

  /** Step 1: the endpoint to measure (the server started here, unless one is given). */
  private async startServer(): Promise<string | PointExit> {
    const { spec, job } = this;
    if (spec.server.kind === 'endpoint') return spec.server.url.replace(/\/+$/, '');
    const port = await freePort();
    const argv = serverArgv(spec, port);
    job.progress({ phase: 'starting server' });
    job.log(`server: ${argv.join(' ')}`);
    try {
      this.server = await startServer({
        argv,
        port,
        logFile: job.file(JOB_FILES.log),
        healthTimeoutMs: SERVER_READY_TIMEOUT_MS,
        healthPaths: [healthPath(spec.server)],
        env: this.env,
        signal: this.abort.signal,
        // The executor stops a point by its process group: the server stays in it.
        ownGroup: false,
        // The simulated GPU host outlives the job's SIGTERM (the harness restores knobs through it).
        stopSignal: spec.server.kind === 'sim' ? 'SIGUSR2' : 'SIGTERM',
        onSpawn: (pid) => fs.writeFileSync(job.file(JOB_FILES.serverPid), String(pid)),
      });
    } catch (e) {
      if (this.cancelled) return { status: 'cancelled', reason: this.cancelled };
      return { status: 'failed', reason: (e as Error).message }; // names the server, why, and its log
    }
    this.env.JOULEBENCH_SIM_URL = this.server.url;
    return this.server.url;
  }

  /** Step 2: the harness against the endpoint, with the live power trace, the time limit and the crash watch. */
  private async measure(endpoint: string): Promise<HarnessEnd> {
    const { spec, job } = this;
    const hargv = harnessArgv(spec, endpoint, this.restoreFile);
    job.log(`harness: ${hargv.join(' ')}`);
    job.progress({ phase: 'measuring' });
    const stdout: Buffer[] = [];
    const harness = spawn(hargv[0], hargv.slice(1), { env: this.env, stdio: ['ignore', 'pipe', job.logFd] });
    this.harness = harness;
    harness.stdout!.on('data', (b: Buffer) => stdout.push(b));
    if (harness.pid) fs.writeFileSync(job.file(JOB_FILES.harnessPid), String(harness.pid));
    if (this.cancelled) harness.kill('SIGTERM');

    const smi = spec.harness.nvidiaSmi ?? (spec.simulated ? undefined : 'nvidia-smi');
    if (smi && spec.measure.power !== 'none') this.stopTrace = startPowerTrace(job, smi, this.env, pointGpus(spec));

    let timedOut = false;
    const running = () => harness.exitCode === null;
    const timeout = setTimeout(() => {
      if (!running() || this.cancelled) return;
      job.log(`point timed out after ${spec.timeoutS} s: stopping the harness`);
      timedOut = true;
      harness.kill('SIGTERM');
    }, spec.timeoutS * 1000);
    // A crashed server: give the harness a moment to notice, then stop it (knobs restored).
    const onCrash = () => {
      if (!this.cancelled) setTimeout(() => running() && harness.kill('SIGTERM'), CRASH_NOTICE_MS);
    };
    if (this.server?.exitReason()) onCrash();
    else this.server?.onUnexpectedExit(onCrash);
    const [code, sig] = await new Promise<[number | null, NodeJS.Signals | null]>((res) =>
      harness.on('close', (c, s) => res([c, s])),
    );
    clearTimeout(timeout);
    this.stopTrace?.();
    // a signal to the whole group (scancel) reaches the server too: let our handler run first
    await sleep(300);
    job.log(`harness exited: ${sig ? `signal ${sig}` : `code ${code}`}`);
    const gpu = await this.settleGpu();
    return {
      cancelled: this.cancelled,
      timedOut,
      serverExit: this.server?.exitReason() ?? null,
      code,
      sig,
      stdout: Buffer.concat(stdout).toString('utf8').trim(),
      gpu,
    };
  }

  /** Once the harness has ended: settings it left changed (its restore file is still there) are restored here. */
  private async settleGpu(): Promise<GpuRestore | undefined> {
    const knobsRequested =
      this.spec.measure.sm_clock_mhz !== undefined || this.spec.measure.power_limit_w !== undefined;
    if (!fs.existsSync(this.restoreFile))
      return knobsRequested
        ? { status: 'restored', by: 'harness', detail: 'GPU settings restored by the harness' }
        : undefined;
    this.job.log(`the harness left ${JOB_FILES.restore} behind (GPU settings still changed): restoring from it`);
    const r = await restoreFromFile(this.restoreFile, { env: this.env, log: this.job.log });
    const g: GpuRestore = { status: r.status, by: 'point runner', detail: describeOutcome(r, 'the point runner') };
    this.job.log(g.detail);
    return g;
  }

  private async stopHarness() {
    const h = this.harness;
    if (h && h.exitCode === null && h.signalCode === null) {
      h.kill('SIGTERM');
      if (!(await waitExit(h, HARNESS_TERM_GRACE_MS))) {
        h.kill('SIGKILL');
        await waitExit(h, 5000);
      }
    }
  }
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

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
