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
 * a point never links two runs (lib/jobs/queue.ts).
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
import * as q from './queue';
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

const TERMINAL_FAIL = ['TIMEOUT', 'NODE_FAIL', 'BOOT_FAIL', 'OUT_OF_MEMORY', 'PREEMPTED', 'DEADLINE'];

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
  const { db } = opts;
  const id = opts.workerId ?? `${os.hostname()}:${process.pid}:${Math.random().toString(36).slice(2, 8)}`;
  const pollMs = opts.pollMs ?? 500;
  const leaseMs = opts.leaseMs ?? envPositiveInt('JOULEBENCH_WORKER_LEASE_MS', 15_000);
  const killAfterMs = opts.killAfterMs ?? 45_000;
  const jobRoot = opts.jobRoot ?? defaultJobRoot(db);
  const log = opts.log ?? ((m: string) => console.log(`[worker ${new Date().toISOString()}] ${m}`));
  const executors: Record<ExecutorKind, Executor> = {
    local: opts.executors?.local ?? localExecutor(),
    slurm: opts.executors?.slurm ?? slurmExecutor(),
  };
  const tails = new Map<number, { attempt: number; offset: number }>();
  const cancelAt = new Map<number, number>();
  const killed = new Set<number>();
  const starting = new Set<number>();
  const jobDirFor = (p: { sweepId: number; id: number; attempt: number }) =>
    path.join(jobRoot, `sweep-${p.sweepId}`, `point-${p.id}-a${p.attempt}`);

  const tail = (p: SweepPoint) => {
    if (!p.jobDir) return;
    let t = tails.get(p.id);
    if (!t || t.attempt !== p.attempt) {
      q.clearSamples(db, p.id, p.attempt); // re-read from the start after adoption
      t = { attempt: p.attempt, offset: 0 };
      tails.set(p.id, t);
    }
    let buf: Buffer;
    try {
      const fd = fs.openSync(path.join(p.jobDir, JOB_FILES.progress), 'r');
      try {
        const size = fs.fstatSync(fd).size;
        if (size <= t.offset) return;
        buf = Buffer.alloc(Math.min(size - t.offset, 1 << 20));
        fs.readSync(fd, buf, 0, buf.length, t.offset);
      } finally {
        fs.closeSync(fd);
      }
    } catch {
      return;
    }
    const end = buf.lastIndexOf(0x0a);
    if (end < 0) return;
    t.offset += end + 1;
    const samples: { t: number; power_w?: number | null; sm_clock_mhz?: number | null }[] = [];
    let phase: string | null = null;
    for (const line of buf.subarray(0, end).toString('utf8').split('\n')) {
      try {
        const o = JSON.parse(line) as { t: number; phase?: string; power_w?: number; sm_clock_mhz?: number | null };
        if (typeof o.phase === 'string') phase = o.phase;
        else if (typeof o.power_w === 'number') samples.push(o);
      } catch {
        /* partial or foreign line */
      }
    }
    q.addSamples(db, p.id, p.attempt, samples);
    if (phase) q.setPhase(db, p.id, id, phase);
  };

  /** GPU settings a job left changed (its restore file is still there): restored from here when possible. */
  const settleGpu = async (dir: string, fromExit: GpuRestore | undefined): Promise<GpuRestore | undefined> => {
    const f = path.join(dir, JOB_FILES.restore);
    if (!dir || !fs.existsSync(f)) return fromExit;
    const r = await restoreFromFile(f, { env: { JOULEBENCH_FAKE_SMI_LOG: path.join(dir, JOB_FILES.smiLog) }, log });
    return { status: r.status, by: 'worker', detail: describeOutcome(r, 'the worker') };
  };

  const finalize = async (p: SweepPoint & { sweepCancel: boolean }, poll: PollResult) => {
    tail(p);
    const dir = p.jobDir ?? '';
    const exit = readExit(dir);
    const gpu = exit?.status === 'ok' ? exit.gpu_restore : await settleGpu(dir, exit?.gpu_restore);
    const wasKilled = killed.delete(p.id);
    /** What the worker found out about the GPU settings (the runner's own findings are in its reason already). */
    const gpuNote =
      gpu?.by === 'worker'
        ? `; ${wasKilled ? `killed ${Math.round(killAfterMs / 1000)} s after the cancel; ` : ''}${gpu.detail}`
        : '';
    const userCancel = p.cancelRequested || p.sweepCancel;
    const fs_ = poll.finalState;
    const end = (state: 'failed' | 'cancelled', reason: string) => {
      q.finishPoint(db, p.id, id, state, reason);
      log(`point ${p.id} (sweep ${p.sweepId}) ${state}: ${reason}`);
    };
    if (exit?.status === 'ok') {
      const sweep = getSweep(db, p.sweepId)!;
      const built = readPointRecord(dir, {
        sweepId: p.sweepId,
        sweepName: sweep.name,
        idx: p.idx,
        rep: p.rep,
        knobs: p.knobs,
        simulated: sweep.simulated,
      });
      if ('error' in built) return end('failed', built.error);
      const r = q.completePoint(db, p.id, id, built.record, sweep.name);
      if (r) log(`point ${p.id} (sweep ${p.sweepId}) done: run ${r.runId}`);
      return;
    }
    if (userCancel)
      return end(
        'cancelled',
        `cancelled by user${gpuNote || (gpu ? `; ${gpu.detail}` : '; no GPU setting left changed')}`,
      );
    if (fs_ && TERMINAL_FAIL.includes(fs_)) return end('failed', `${poll.endReason ?? fs_}${gpuNote}`);
    if (fs_ === 'CANCELLED')
      return end('cancelled', `${poll.endReason ?? 'Slurm job cancelled'} outside Joulebench (e.g. scancel)${gpuNote}`);
    if (exit?.status === 'failed') return end('failed', `${exit.reason ?? 'the measurement failed'}${gpuNote}`);
    if (exit?.status === 'cancelled')
      return end('cancelled', `stopped outside Joulebench: ${exit.reason ?? 'signal'}${gpuNote}`);
    return end(
      'failed',
      `${poll.endReason ?? 'the job ended'} without a result (the point runner was killed)${gpuNote}`,
    );
  };

  const launch = async (p: SweepPoint, ex: Executor) => {
    starting.add(p.id);
    try {
      const { spec, name, slurm } = buildPointSpec(db, p);
      const dir = p.jobDir!;
      fs.mkdirSync(dir, { recursive: true });
      const ext = await ex.start(dir, spec, { name, slurm });
      if (!q.setExternalId(db, p.id, id, ext)) {
        log(`point ${p.id}: lost the lease while launching; stopping ${ext}`);
        await ex.cancel(ext, dir);
      } else log(`point ${p.id} (sweep ${p.sweepId}) launched on ${ex.kind}: ${ext} in ${dir}`);
    } catch (e) {
      q.finishPoint(db, p.id, id, 'failed', `could not launch on ${ex.kind}: ${(e as Error).message}`);
      log(`point ${p.id}: launch failed: ${(e as Error).message}`);
    } finally {
      starting.delete(p.id);
    }
  };

  let ticking = false;
  const tick = async () => {
    if (ticking) return;
    ticking = true;
    try {
      q.heartbeat(db, id, leaseMs);
      for (const p of q.adoptExpired(db, id, leaseMs)) {
        log(`adopted point ${p.id} (sweep ${p.sweepId}) ${p.externalId ?? '(not launched)'}`);
        if (!p.externalId) {
          // It crashed between claim and recording the launch. A local runner may have started
          // (its pid file says so); a Slurm job may have been submitted (found by its job name).
          // Adopt what exists rather than launching the point twice.
          const pidFile = p.jobDir ? path.join(p.jobDir, JOB_FILES.pid) : '';
          const pid = pidFile && fs.existsSync(pidFile) ? Number(fs.readFileSync(pidFile, 'utf8')) : NaN;
          const sweep = getSweep(db, p.sweepId);
          const ex = sweep ? executors[sweep.executor as ExecutorKind] : undefined;
          const found = ex?.findByName ? await ex.findByName(pointJobName(p)).catch(() => null) : null;
          if (Number.isInteger(pid) && isAlive(pid))
            q.setExternalId(db, p.id, id, `local:${pid}:${procStartTime(pid)}`);
          else if (found) {
            q.setExternalId(db, p.id, id, found);
            log(`point ${p.id}: found its submitted job ${found}; adopted, not resubmitted`);
          } else q.requeue(db, p.id, id, 'requeued: its worker stopped before launching it');
        }
      }
      const mine = q.myPoints(db, id);
      for (const p of mine) {
        if (!p.externalId || starting.has(p.id)) continue;
        const ex = executors[p.executor as ExecutorKind];
        try {
          if ((p.cancelRequested || p.sweepCancel) && !cancelAt.has(p.id)) {
            cancelAt.set(p.id, Date.now());
            q.setPhase(db, p.id, id, 'cancelling');
            await ex.cancel(p.externalId, p.jobDir ?? '');
            log(`point ${p.id}: cancel requested -> ${p.externalId}`);
          }
          tail(p);
          const poll = await ex.poll(p.externalId, p.jobDir ?? '');
          if (poll.status === 'ended') {
            await finalize(p, poll);
            tails.delete(p.id);
            cancelAt.delete(p.id);
          } else {
            if (poll.phase && /PENDING|CONFIGURING|unreachable/.test(poll.phase)) q.setPhase(db, p.id, id, poll.phase);
            const c = cancelAt.get(p.id);
            if (c !== undefined && Date.now() - c > killAfterMs && ex.kill) {
              log(`point ${p.id}: still running ${killAfterMs} ms after cancel, killing`);
              await ex.kill(p.externalId, p.jobDir ?? '');
              killed.add(p.id);
              cancelAt.set(p.id, Date.now());
            }
          }
        } catch (e) {
          log(`point ${p.id}: ${(e as Error).message}`);
        }
      }
      for (const kind of Object.keys(executors) as ExecutorKind[]) {
        const ex = executors[kind];
        let inFlight = q.myPoints(db, id).filter((p) => p.executor === kind).length;
        while (inFlight < ex.capacity && !opts.signal?.aborted) {
          const p = q.claimNext(db, id, kind, leaseMs, jobDirFor);
          if (!p) break;
          inFlight++;
          await launch(p, ex);
        }
      }
    } catch (e) {
      log(`tick failed: ${(e as Error).stack ?? e}`);
    } finally {
      ticking = false;
    }
  };

  const stopped = (async () => {
    log(`worker ${id} started (jobs in ${jobRoot})`);
    while (!opts.signal?.aborted) {
      await tick();
      await new Promise<void>((r) => {
        const onAbort = () => (clearTimeout(t), r());
        const t = setTimeout(() => (opts.signal?.removeEventListener('abort', onAbort), r()), pollMs);
        opts.signal?.addEventListener('abort', onAbort, { once: true });
      });
    }
    while (ticking) await new Promise((r) => setTimeout(r, 20));
    q.releaseLeases(db, id);
    log(`worker ${id} stopped; running jobs continue and will be adopted by the next worker`);
  })();
  return { id, stopped, tick };
}

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
