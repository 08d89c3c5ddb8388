/**
 * The sweep worker: claims points from the SQLite queue, launches them on an executor (local
 * child process or Slurm job), tails their progress (phases + live power) into SQLite, and
 * finalises each point from its job directory: one run on success, or a definite failed/cancelled
 * state with a reason. Runs alone (`npm run worker`, `joulebench worker`) or in-process next to
 * the web server (`startWorker({ db, signal })` from scripts/start.mjs).
 *
 * Restarts: jobs outlive the worker (detached local processes, Slurm jobs). On stop the worker
 * only releases its leases; the next worker adopts the points (immediately, or once the lease
 * expires after a crash), re-attaches to the jobs and carries on. Nothing is measured twice and
 * a point never links two runs (db/queries/sweep-queue.ts).
 *
 * GPU settings: a job that ended while its harness's restore file (gpu-restore.json) is still in
 * the job directory left GPU settings changed (the harness, and maybe the runner, were killed, e.g.
 * by the SIGKILL that follows an unanswered cancel): the worker restores them from that file when
 * the GPUs are on its own host, and the point's reason says what became of them.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DB } from '@/db/client';
import type { SweepPoint } from '@/db/schema';
import { getSweep, sweepSpec } from '@/db/queries/sweeps';
import { localExecutor, repoRoot } from '@/lib/executors/local';
import { JOB_FILES, type GpuRestore, type PointSpec } from '@/lib/executors/point-spec';
import { describeOutcome, restoreFromFile } from '@/lib/runner/knobs/restore-file';
import { isAlive, procStartTime } from '@/lib/executors/proc';
import { slurmExecutor } from '@/lib/executors/slurm';
import type { Executor, ExecutorKind, PollResult } from '@/lib/executors/types';
import { readExit, readPointRecord } from './ingest';
import { pointEnding } from './ending';
import { parseProgress, readNewLines } from './progress';
import * as q from '@/db/queries/sweep-queue';
import { env, envPositiveInt } from '@/lib/env';

export interface WorkerOptions {
  db: DB;
  signal?: AbortSignal;
  workerId?: string;
  /** Main loop period (ms). */
  pollMs?: number;
  /** Lease length (ms): a crashed worker's points are adopted this long after its last heartbeat. */
  leaseMs?: number;
  /** After asking a job to stop, how long before it is killed outright (ms). */
  killAfterMs?: number;
  executors?: Partial<Record<ExecutorKind, Executor>>;
  /** Where job directories go (must be visible to Slurm nodes for the slurm executor). */
  jobRoot?: string;
  log?: (msg: string) => void;
}

export interface WorkerHandle {
  id: string;
  /** Resolves when the worker has stopped (after the signal aborted). */
  stopped: Promise<void>;
  /** Runs one loop iteration now (tests). */
  tick(): Promise<void>;
}

export function defaultJobRoot(db: DB): string {
  const jobsDir = env('JOULEBENCH_JOBS_DIR');
  if (jobsDir) return path.resolve(jobsDir);
  const file = db.$client.name;
  if (file && file !== ':memory:' && !file.startsWith('file:'))
    return path.join(path.dirname(path.resolve(file)), 'sweeps');
  return path.join(os.tmpdir(), 'joulebench-sweeps');
}

export function harnessPaths() {
  const root = repoRoot();
  return {
    node: process.execPath,
    entry: path.resolve(env('JOULEBENCH_HARNESS_ENTRY') ?? path.join(root, 'bin', 'joulebench.js')),
    fakeSmi: path.resolve(env('JOULEBENCH_FAKE_NVIDIA_SMI') ?? path.join(root, 'bin', 'fake-nvidia-smi')),
  };
}

/** The per-point job description for the runner. */
export function buildPointSpec(
  db: DB,
  point: SweepPoint,
): { spec: PointSpec; name: string; slurm?: ReturnType<typeof sweepSpec>['slurm'] } {
  const sweep = getSweep(db, point.sweepId)!;
  const s = sweepSpec(sweep);
  const k = point.knobs;
  const w = s.workload;
  const conc = k.max_concurrency ?? (k.request_rate === undefined ? w.concurrency : undefined);
  const rate = k.request_rate ?? (conc === undefined ? w.rate : undefined);
  const h = harnessPaths();
  const spec: PointSpec = {
    version: 1,
    sweepId: sweep.id,
    pointId: point.id,
    attempt: point.attempt,
    model: s.model,
    gpu: s.gpu,
    simulated: s.simulated,
    timeScale: s.time_scale,
    server: s.server,
    serverKnobs: { tp: k.tp, max_num_seqs: k.max_num_seqs },
    measure: {
      requests: w.requests,
      concurrency: conc,
      rate,
      input_len: k.input_len ?? w.input_len,
      output_len: k.output_len ?? w.output_len,
      sm_clock_mhz: k.sm_clock_mhz,
      power_limit_w: k.power_limit_w,
      power: s.power,
    },
    harness: { node: h.node, entry: h.entry, nvidiaSmi: s.simulated ? h.fakeSmi : env('JOULEBENCH_NVIDIA_SMI') },
    timeoutS: s.point_timeout_s,
  };
  for (const o of [spec.serverKnobs, spec.measure] as Record<string, unknown>[])
    for (const key of Object.keys(o)) if (o[key] === undefined) delete o[key];
  if (!spec.harness.nvidiaSmi) delete spec.harness.nvidiaSmi;
  return { spec, name: pointJobName(point), slurm: s.slurm };
}

/** The executor-side job name of a point attempt (Slurm --job-name), unique per attempt. */
export function pointJobName(p: { sweepId: number; id: number; attempt: number }): string {
  return `jb-s${p.sweepId}-p${p.id}-a${p.attempt}`;
}

export function startWorker(opts: WorkerOptions): WorkerHandle {
  const worker = new Worker(opts);
  const stopped = worker.loop();
  return { id: worker.id, stopped, tick: () => worker.tick() };
}

/**
 * One worker's loop. Each tick: renew the leases, adopt the points of dead workers, supervise
 * the points it holds (cancel, tail, poll, finalise, kill after an unanswered cancel), then claim
 * queued points up to each executor's capacity.
 */
class Worker {
  readonly id: string;
  private readonly db: DB;
  private readonly pollMs: number;
  private readonly leaseMs: number;
  private readonly killAfterMs: number;
  private readonly jobRoot: string;
  private readonly log: (msg: string) => void;
  private readonly executors: Record<ExecutorKind, Executor>;
  /** Per point: the attempt being tailed and how far its progress.jsonl was read. */
  private readonly tails = new Map<number, { attempt: number; offset: number }>();
  /** Per point: when the worker asked its job to stop. */
  private readonly cancelAt = new Map<number, number>();
  /** Points whose job the worker killed after an unanswered cancel. */
  private readonly killed = new Set<number>();
  /** Points being launched (not yet supervised). */
  private readonly starting = new Set<number>();
  private ticking = false;

  constructor(private readonly opts: WorkerOptions) {
    this.db = opts.db;
    this.id = opts.workerId ?? `${os.hostname()}:${process.pid}:${Math.random().toString(36).slice(2, 8)}`;
    this.pollMs = opts.pollMs ?? 500;
    this.leaseMs = opts.leaseMs ?? envPositiveInt('JOULEBENCH_WORKER_LEASE_MS', 15_000);
    this.killAfterMs = opts.killAfterMs ?? 45_000;
    this.jobRoot = opts.jobRoot ?? defaultJobRoot(this.db);
    this.log = opts.log ?? ((m: string) => console.log(`[worker ${new Date().toISOString()}] ${m}`));
    this.executors = {
      local: opts.executors?.local ?? localExecutor(),
      slurm: opts.executors?.slurm ?? slurmExecutor(),
    };
  }

  private jobDirFor = (p: { sweepId: number; id: number; attempt: number }) =>
    path.join(this.jobRoot, `sweep-${p.sweepId}`, `point-${p.id}-a${p.attempt}`);

  /** Ticks until the signal aborts, then waits for the last tick and gives up the leases. */
  async loop(): Promise<void> {
    const signal = this.opts.signal;
    this.log(`worker ${this.id} started (jobs in ${this.jobRoot})`);
    while (!signal?.aborted) {
      await this.tick();
      await new Promise<void>((r) => {
        const onAbort = () => (clearTimeout(t), r());
        const t = setTimeout(() => (signal?.removeEventListener('abort', onAbort), r()), this.pollMs);
        signal?.addEventListener('abort', onAbort, { once: true });
      });
    }
    while (this.ticking) await new Promise((r) => setTimeout(r, 20));
    q.releaseLeases(this.db, this.id);
    this.log(`worker ${this.id} stopped; running jobs continue and will be adopted by the next worker`);
  }

  async tick() {
    if (this.ticking) return;
    this.ticking = true;
    try {
      q.heartbeat(this.db, this.id, this.leaseMs);
      for (const p of q.adoptExpired(this.db, this.id, this.leaseMs)) await this.adopt(p);
      for (const p of q.myPoints(this.db, this.id)) {
        if (!p.externalId || this.starting.has(p.id)) continue;
        try {
          await this.supervise(p, p.externalId);
        } catch (e) {
          this.log(`point ${p.id}: ${(e as Error).message}`);
        }
      }
      for (const kind of Object.keys(this.executors) as ExecutorKind[]) await this.fillCapacity(kind);
    } catch (e) {
      this.log(`tick failed: ${(e as Error).stack ?? e}`);
    } finally {
      this.ticking = false;
    }
  }

  /**
   * A point whose worker died. If it crashed between claim and recording the launch, a local
   * runner may have started (its pid file says so) or a Slurm job may have been submitted (found
   * by its job name): adopt what exists rather than launching the point twice.
   */
  private async adopt(p: SweepPoint) {
    this.log(`adopted point ${p.id} (sweep ${p.sweepId}) ${p.externalId ?? '(not launched)'}`);
    if (p.externalId) return;
    const pidFile = p.jobDir ? path.join(p.jobDir, JOB_FILES.pid) : '';
    const pid = pidFile && fs.existsSync(pidFile) ? Number(fs.readFileSync(pidFile, 'utf8')) : NaN;
    const sweep = getSweep(this.db, p.sweepId);
    const ex = sweep ? this.executors[sweep.executor as ExecutorKind] : undefined;
    const found = ex?.findByName ? await ex.findByName(pointJobName(p)).catch(() => null) : null;
    if (Number.isInteger(pid) && isAlive(pid))
      q.setExternalId(this.db, p.id, this.id, `local:${pid}:${procStartTime(pid)}`);
    else if (found) {
      q.setExternalId(this.db, p.id, this.id, found);
      this.log(`point ${p.id}: found its submitted job ${found}; adopted, not resubmitted`);
    } else q.requeue(this.db, p.id, this.id, 'requeued: its worker stopped before launching it');
  }

  /** A launched point: pass on a cancel, tail its progress, finalise it once its job has ended. */
  private async supervise(p: HeldPoint, externalId: string) {
    const ex = this.executors[p.executor as ExecutorKind];
    if ((p.cancelRequested || p.sweepCancel) && !this.cancelAt.has(p.id)) {
      this.cancelAt.set(p.id, Date.now());
      q.setPhase(this.db, p.id, this.id, 'cancelling');
      await ex.cancel(externalId, p.jobDir ?? '');
      this.log(`point ${p.id}: cancel requested -> ${externalId}`);
    }
    this.tail(p);
    const poll = await ex.poll(externalId, p.jobDir ?? '');
    if (poll.status === 'ended') {
      await this.finalize(p, poll);
      this.tails.delete(p.id);
      this.cancelAt.delete(p.id);
      return;
    }
    if (poll.phase && /PENDING|CONFIGURING|unreachable/.test(poll.phase))
      q.setPhase(this.db, p.id, this.id, poll.phase);
    const askedAt = this.cancelAt.get(p.id);
    if (askedAt !== undefined && Date.now() - askedAt > this.killAfterMs && ex.kill) {
      this.log(`point ${p.id}: still running ${this.killAfterMs} ms after cancel, killing`);
      await ex.kill(externalId, p.jobDir ?? '');
      this.killed.add(p.id);
      this.cancelAt.set(p.id, Date.now());
    }
  }

  /** Claims and launches queued points while the executor has room. */
  private async fillCapacity(kind: ExecutorKind) {
    const ex = this.executors[kind];
    let inFlight = q.myPoints(this.db, this.id).filter((p) => p.executor === kind).length;
    while (inFlight < ex.capacity && !this.opts.signal?.aborted) {
      const p = q.claimNext(this.db, this.id, kind, this.leaseMs, this.jobDirFor);
      if (!p) break;
      inFlight++;
      await this.launch(p, ex);
    }
  }

  /** Phases and live power samples the runner appended since the last read. */
  private tail(p: SweepPoint) {
    if (!p.jobDir) return;
    let t = this.tails.get(p.id);
    if (!t || t.attempt !== p.attempt) {
      q.clearSamples(this.db, p.id, p.attempt); // re-read from the start after adoption
      t = { attempt: p.attempt, offset: 0 };
      this.tails.set(p.id, t);
    }
    const fresh = readNewLines(path.join(p.jobDir, JOB_FILES.progress), t.offset);
    if (!fresh) return;
    t.offset = fresh.offset;
    const { phase, samples } = parseProgress(fresh.text);
    q.addSamples(this.db, p.id, p.attempt, samples);
    if (phase) q.setPhase(this.db, p.id, this.id, phase);
  }

  /** GPU settings a job left changed (its restore file is still there): restored from here when possible. */
  private async settleGpu(dir: string, fromExit: GpuRestore | undefined): Promise<GpuRestore | undefined> {
    const f = path.join(dir, JOB_FILES.restore);
    if (!dir || !fs.existsSync(f)) return fromExit;
    const r = await restoreFromFile(f, {
      env: { JOULEBENCH_FAKE_SMI_LOG: path.join(dir, JOB_FILES.smiLog) },
      log: this.log,
    });
    return { status: r.status, by: 'worker', detail: describeOutcome(r, 'the worker') };
  }

  /** A job that has ended: its run when it left one, else failed/cancelled with the reason. */
  private async finalize(p: HeldPoint, poll: PollResult) {
    this.tail(p);
    const dir = p.jobDir ?? '';
    const exit = readExit(dir);
    const gpu = exit?.status === 'ok' ? exit.gpu_restore : await this.settleGpu(dir, exit?.gpu_restore);
    const wasKilled = this.killed.delete(p.id);
    const end = (state: 'failed' | 'cancelled', reason: string) => {
      q.finishPoint(this.db, p.id, this.id, state, reason);
      this.log(`point ${p.id} (sweep ${p.sweepId}) ${state}: ${reason}`);
    };
    if (exit?.status !== 'ok') {
      const userCancel = p.cancelRequested || p.sweepCancel;
      const ending = pointEnding({ exit, poll, userCancel, gpu, wasKilled, killAfterMs: this.killAfterMs });
      return end(ending.state, ending.reason);
    }
    const sweep = getSweep(this.db, p.sweepId)!;
    const built = readPointRecord(dir, {
      sweepId: p.sweepId,
      sweepName: sweep.name,
      idx: p.idx,
      rep: p.rep,
      knobs: p.knobs,
      simulated: sweep.simulated,
    });
    if ('error' in built) return end('failed', built.error);
    const r = q.completePoint(this.db, p.id, this.id, built.record, sweep.name);
    if (r) this.log(`point ${p.id} (sweep ${p.sweepId}) done: run ${r.runId}`);
  }

  private async launch(p: SweepPoint, ex: Executor) {
    this.starting.add(p.id);
    try {
      const { spec, name, slurm } = buildPointSpec(this.db, p);
      const dir = p.jobDir!;
      fs.mkdirSync(dir, { recursive: true });
      const ext = await ex.start(dir, spec, { name, slurm });
      if (!q.setExternalId(this.db, p.id, this.id, ext)) {
        this.log(`point ${p.id}: lost the lease while launching; stopping ${ext}`);
        await ex.cancel(ext, dir);
      } else this.log(`point ${p.id} (sweep ${p.sweepId}) launched on ${ex.kind}: ${ext} in ${dir}`);
    } catch (e) {
      q.finishPoint(this.db, p.id, this.id, 'failed', `could not launch on ${ex.kind}: ${(e as Error).message}`);
      this.log(`point ${p.id}: launch failed: ${(e as Error).message}`);
    } finally {
      this.starting.delete(p.id);
    }
  }
}

type HeldPoint = ReturnType<typeof q.myPoints>[number];

/** `npm run worker` / `joulebench worker`: the worker as its own process. */
export async function runWorkerMain(db: DB, opts: Partial<WorkerOptions> = {}): Promise<void> {
  const ac = new AbortController();
  for (const sig of ['SIGTERM', 'SIGINT'] as const) process.once(sig, () => ac.abort());
  const w = startWorker({ ...opts, db, signal: ac.signal });
  await w.stopped;
}

if (typeof require !== 'undefined' && typeof module !== 'undefined' && require.main === module) {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { getDb } = require('@/db/client') as typeof import('@/db/client');
  runWorkerMain(getDb()).then(
    () => process.exit(0),
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
}
