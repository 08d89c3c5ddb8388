/**
 * The measurement harness, programmatic entry: `runMeasurement(options, {signal, onProgress})`
 * returns one RunRecord. Steps (each a named function in ./steps/): (start the server) -> probe
 * the endpoint -> choose the power source -> apply knobs -> describe the hardware -> build the
 * workload -> sample power while the load runs -> restore knobs -> record.
 * GPU knobs are restored in `finally`: on success, on error and on cancellation (signal). Before
 * any knob changes, the originals go to a restore file (steps/knobs.ts, knobs/restore-file.ts) so
 * that a SIGKILLed run can be undone by whoever finds the file; a restore that fails is an error
 * (RestoreError).
 */
import path from 'node:path';
import type { RunRecord } from '@/lib/record/schema';
import { runLoad, type LoadResult } from './loadgen/run';
import { replayRequests, type ReplayLoadResult } from './loadgen/replay';
import {
  checkTraceOptions,
  prepareTraceSlice,
  traceInstability,
  traceWorkloadFields,
  type TraceMeasureOptions,
} from './trace-measure';
import type { WorkloadSlice } from '@/lib/workloads/slice';
import type { Api, RequestResult } from './loadgen/client';
import type { PowerKind, PowerSource } from './power/types';
import type { AppliedKnobs } from './knobs';
import { defaultRestoreFile } from './knobs/restore-file';
import { probeHealth, type ManagedServer } from './server/lifecycle';
import { buildRecord } from './record';
import {
  CancelledError,
  MeasureError,
  OptionError,
  PowerSourceError,
  RestoreError,
  ServerDiedError,
  errMsg,
} from './errors';
import { probeEndpoint, simLagS, startRunServer, type EndpointInfo } from './steps/endpoint';
import { choosePowerSource, describeSelection, knobGpus, runGpus, sampleIntervalMs } from './steps/power';
import { applyRunKnobs, changesKnobs, recoverPrevious, restoreRunKnobs, type RestoreContext } from './steps/knobs';
import { describeHardware } from './steps/hardware';
import { buildWorkload, workloadName, type Workload } from './steps/workload';
import { recordEngine, recordKnobs, recordModel, recordSource, runLabel, simInstability } from './steps/record';

export { timeScaleResolution } from './steps/record';

export type MeasureOptions = {
  /** An already-running OpenAI-compatible endpoint (base URL), or give `server`. */
  endpoint?: string;
  server?: { argv: string[]; port?: number; logFile?: string; healthTimeoutS?: number };
  model: string;
  api?: Api;
  requests?: number;
  durationS?: number;
  concurrency?: number;
  rate?: number;
  arrival?: 'poisson' | 'constant';
  inputLen?: number;
  outputLen?: number;
  inputDist?: 'fixed' | 'uniform' | 'normal';
  outputDist?: 'fixed' | 'uniform' | 'normal';
  lenSpread?: number;
  dataset?: string;
  warmup?: number;
  seed?: number;
  ignoreEos?: boolean;
  requestTimeoutS?: number;
  power?: PowerKind | 'auto';
  nvidiaSmi?: string;
  dcgmUrl?: string;
  raplRoot?: string;
  sampleMs?: number;
  gpus?: number[];
  smClock?: [number, number];
  powerLimitW?: number;
  tp?: number;
  pp?: number;
  /** Precision / dtype (fills {dtype}; recorded as model.precision). */
  dtype?: string;
  maxNumSeqs?: number;
  gpuModel?: string;
  engine?: string;
  label?: string;
  sweepId?: string | number;
  point?: number;
  extraKnobs?: Record<string, string | number | boolean>;
  /**
   * Where the original GPU settings are written before any knob changes (removed once restored).
   * Default: <JOULEBENCH_RESTORE_DIR or ~/.joulebench/restore>/<host>-<pid>.json; stale files there
   * (their run was killed) are restored when a run starts.
   */
  restoreFile?: string;
  /** Trace replay (`--trace`): the workload and its slice, instead of requests/rate/lengths. */
  trace?: TraceMeasureOptions;
};

export type Progress = {
  phase: 'server' | 'probe' | 'knobs' | 'warmup' | 'load' | 'restore' | 'done';
  sent?: number;
  completed?: number;
  failed?: number;
  total?: number;
  message?: string;
};
export type MeasureContext = { signal?: AbortSignal; onProgress?: (p: Progress) => void; log?: (msg: string) => void };

export type { EndpointInfo };

function validate(o: MeasureOptions) {
  if (!o.endpoint && !o.server) throw new OptionError('give --endpoint URL or a server command (--server-cmd)');
  if (!o.model) throw new OptionError('--model is required');
  if (o.trace) checkTraceOptions(o.trace, o);
  else validateLoad(o);
  if (o.sampleMs !== undefined && !(Number.isInteger(o.sampleMs) && o.sampleMs > 0))
    throw new OptionError(`--sample-ms must be a positive integer (got ${o.sampleMs})`);
  if (o.smClock && !(o.smClock[0] > 0 && o.smClock[1] >= o.smClock[0]))
    throw new OptionError(`--sm-clock must be MHZ or MIN,MAX with 0 < MIN <= MAX`);
  if (o.powerLimitW !== undefined && !(o.powerLimitW > 0)) throw new OptionError(`--power-limit must be > 0 W`);
}

function validateLoad(o: MeasureOptions) {
  if (!o.concurrency && !o.rate) throw new OptionError('give --concurrency C or --rate R');
  if (!o.requests && !o.durationS) throw new OptionError('give --requests N or --duration S');
  for (const [k, v] of Object.entries({
    requests: o.requests,
    concurrency: o.concurrency,
    'input-len': o.inputLen,
    'output-len': o.outputLen,
    'sample-ms': o.sampleMs,
  }))
    if (v !== undefined && !(Number.isInteger(v) && v > 0))
      throw new OptionError(`--${k} must be a positive integer (got ${v})`);
  if (o.rate !== undefined && !(o.rate > 0)) throw new OptionError(`--rate must be > 0 (got ${o.rate})`);
  if (!o.dataset && (!o.inputLen || !o.outputLen))
    throw new OptionError('give --input-len and --output-len (or --dataset)');
}

/**
 * The run's first fatal error wins (the server died, the power source failed, a cancel): it
 * aborts the load and is reported rather than the follow-on errors it causes.
 */
class RunControl {
  readonly abort = new AbortController();
  fatal: MeasureError | null = null;
  fail = (e: MeasureError) => {
    if (this.fatal) return;
    this.fatal = e;
    this.abort.abort(e);
  };
  check() {
    if (this.fatal) throw this.fatal;
  }
}

/** What the run holds and must release, whatever happens. */
type Held = { server: ManagedServer | null; source: PowerSource | null; knobs: AppliedKnobs | null };

function signalName(signal: AbortSignal | undefined): string {
  return typeof signal?.reason === 'string' ? signal.reason : 'SIGTERM';
}

function refuseIfCancelled(signal: AbortSignal | undefined) {
  if (signal?.aborted) throw new CancelledError(signalName(signal), 'no GPU settings were changed');
}

export async function runMeasurement(o: MeasureOptions, ctx: MeasureContext = {}): Promise<RunRecord> {
  validate(o);
  const traceSlice = o.trace ? prepareTraceSlice(o.trace) : undefined;
  const log = ctx.log ?? (() => {});
  refuseIfCancelled(ctx.signal);
  await recoverPrevious(o, log);
  refuseIfCancelled(ctx.signal);
  const run = new RunControl();
  const onCancel = () => run.fail(new CancelledError(signalName(ctx.signal)));
  ctx.signal?.addEventListener('abort', onCancel, { once: true });
  const held: Held = { server: null, source: null, knobs: null };
  const rc: RestoreContext = { restoreFile: o.restoreFile ? path.resolve(o.restoreFile) : defaultRestoreFile(), log };
  let record: RunRecord | undefined;
  let error: MeasureError | undefined;
  try {
    record = await measure(o, ctx, run, held, rc, traceSlice);
  } catch (e) {
    // Prefer the root cause (e.g. the server died) over follow-on errors (requests failed).
    error =
      e instanceof RestoreError ? e : (run.fatal ?? (e instanceof MeasureError ? e : new MeasureError(errMsg(e))));
  }
  ctx.signal?.removeEventListener('abort', onCancel);
  await held.source?.stop().catch(() => {});
  let restoreError: RestoreError | null = null;
  if (held.knobs) {
    ctx.onProgress?.({ phase: 'restore' });
    restoreError = await restoreRunKnobs(held.knobs, rc, error);
  }
  await held.server?.stop().catch(() => {});
  if (restoreError) throw restoreError;
  if (error instanceof CancelledError)
    throw new CancelledError(error.signalName, held.knobs ? 'GPU settings restored' : 'no GPU settings were changed');
  if (error) throw error;
  return record!;
}

/** The steps in order; whatever they acquire goes into `held` for runMeasurement to release. */
async function measure(
  o: MeasureOptions,
  ctx: MeasureContext,
  run: RunControl,
  held: Held,
  rc: RestoreContext,
  traceSlice?: WorkloadSlice,
): Promise<RunRecord> {
  const log = rc.log;
  const progress = (p: Progress) => ctx.onProgress?.(p);
  let url = o.endpoint?.replace(/\/+$/, '');
  if (o.server) {
    progress({ phase: 'server' });
    held.server = await startRunServer({ ...o, server: o.server }, run.abort.signal, log, run.fail);
    url = held.server.url;
  }
  run.check();

  progress({ phase: 'probe' });
  const endpoint = await probeEndpoint(url!);
  const sim = endpoint.sim;
  rc.simUrl = sim ? endpoint.url : undefined;
  const timeScale = endpoint.timeScale;
  if (sim) log(`endpoint is a SIMULATED ${sim.gpu} x${sim.tp} (time scale ${timeScale})`);

  const sampleMs = sampleIntervalMs(o.sampleMs, timeScale);
  const gpusOfRun = runGpus(o, !!sim);
  if (!o.gpus?.length && gpusOfRun) log(`GPUs: ${gpusOfRun.join(',')} (from --tp; pass --gpu to choose others)`);
  const sel = await choosePowerSource(o, sampleMs, gpusOfRun, rc.simUrl);
  held.source = sel.source;
  log(describeSelection(sel));

  const gpus = knobGpus(gpusOfRun, endpoint);
  if (changesKnobs(o)) {
    progress({ phase: 'knobs' });
    held.knobs = await applyRunKnobs(o, endpoint, held.source, gpus, rc);
  }
  run.check();

  const hardware = await describeHardware(o, endpoint, held.source, gpus);
  if (traceSlice) log(describeReplay(traceSlice, timeScale));
  const workload = buildWorkload(o, !!traceSlice);
  await startSampling(held.source, endpoint.url, run);
  const lag0 = sim ? await simLagS(endpoint.url) : 0;
  const load = await driveLoad(o, endpoint, workload, run, progress, traceSlice);
  await stopSampling(held.source, sampleMs, run);
  const instability = sim ? simInstability((await simLagS(endpoint.url)) - lag0, load, timeScale) : [];
  if (traceSlice && 'maxLateMs' in load) instability.push(...traceInstability(load as ReplayLoadResult, timeScale));

  const rec = buildRecord({
    load,
    timeScale,
    samples: held.source?.samples ?? [],
    source: held.source,
    sampleIntervalMs: sampleMs,
    instability,
    label: runLabel(o, hardware, traceSlice),
    model: recordModel(o, endpoint),
    hardware,
    engine: recordEngine(o, endpoint),
    knobs: recordKnobs(o, endpoint, held.source),
    workload: traceSlice ? traceWorkloadFields(traceSlice) : { dataset: workloadName(o) },
    window: traceSlice ? 'whole' : undefined,
    source_meta: recordSource(o),
    extra: {
      arrival: traceSlice ? 'trace' : o.rate ? (o.arrival ?? 'poisson') : 'closed-loop',
      api: o.api ?? 'completions',
      power_source: held.source ? held.source.kind : 'none',
      gpus,
      power_selection: sel.tried,
      ...(held.server ? { server_log: held.server.logFile } : {}),
      ...(held.knobs?.originalPowerLimitW !== undefined
        ? { original_power_limit_w: held.knobs.originalPowerLimitW }
        : {}),
    },
  });
  for (const key of Object.keys(rec.model) as Array<keyof typeof rec.model>)
    if (rec.model[key] === undefined) delete rec.model[key];
  progress({ phase: 'done' });
  return rec;
}

/**
 * Step 7a: starts the power source and waits for its first sample. A failing source triggers a
 * health probe: a server that no longer answers is the cause, not the source.
 */
async function startSampling(source: PowerSource | null, url: string, run: RunControl) {
  if (source) {
    const classify = async (e: Error): Promise<MeasureError> =>
      (await probeHealth(url, 2000)) ? new PowerSourceError(e.message) : serverDied(url, e.message);
    await source.start((e) => void classify(e).then(run.fail));
    try {
      await source.firstSample(10_000);
    } catch (e) {
      throw new PowerSourceError(errMsg(e));
    }
  }
  run.check();
}

function serverDied(url: string, why: string) {
  return new ServerDiedError(`inference server at ${url} stopped responding mid-run (${why})`);
}

/**
 * Step 7b: sends the workload. A request that fails with a connection error triggers a health
 * probe; a server that no longer answers ends the run.
 */
async function driveLoad(
  o: MeasureOptions,
  endpoint: EndpointInfo,
  workload: Workload,
  run: RunControl,
  progress: (p: Progress) => void,
  traceSlice?: WorkloadSlice,
): Promise<LoadResult> {
  const url = endpoint.url;
  let healthCheck: Promise<void> | null = null;
  const onConnError = (r: RequestResult) => {
    healthCheck ??= probeHealth(url, 2000).then((up) => {
      healthCheck = null;
      if (!up) run.fail(serverDied(url, String(r.error)));
    });
  };
  const load = traceSlice
    ? await replayRequests({
        endpoint: url,
        model: o.model,
        api: o.api ?? 'completions',
        requests: traceSlice.requests,
        warmup: workload.warmupPrompts,
        forceOutput: o.ignoreEos ?? true,
        seed: o.seed ?? 0,
        timeoutMs: (o.requestTimeoutS ?? 600) * 1000,
        signal: run.abort.signal,
        onConnError,
        onProgress: (p) => progress({ ...p }),
      })
    : await runLoad({
        endpoint: url,
        model: o.model,
        api: o.api ?? 'completions',
        prompts: workload.prompts,
        warmupPrompts: workload.warmupPrompts,
        concurrency: o.concurrency,
        rate: o.rate,
        arrival: o.arrival ?? 'poisson',
        durationS: o.durationS !== undefined ? o.durationS / endpoint.timeScale : undefined,
        ignoreEos: o.ignoreEos ?? true,
        seed: o.seed ?? 0,
        timeoutMs: (o.requestTimeoutS ?? 600) * 1000,
        signal: run.abort.signal,
        onConnError,
        onProgress: (p) => progress({ ...p }),
      });
  if (healthCheck) await healthCheck;
  return load;
}

/** Step 7c: a short tail of samples after the last completion so the window's end is covered. */
async function stopSampling(source: PowerSource | null, sampleMs: number, run: RunControl) {
  if (source && !run.fatal) await new Promise((r) => setTimeout(r, Math.min(2 * sampleMs, 500)));
  run.check();
  await source?.stop();
  run.check();
}

/** The log line of a trace replay (arrivals scale with the speed-up over the device's time scale). */
function describeReplay(slice: WorkloadSlice, timeScale: number): string {
  const scaled =
    timeScale !== slice.speedup
      ? ` (the device runs at time scale ${timeScale}: arrivals are ${(slice.speedup / timeScale).toFixed(3)}x the trace's rate in device time)`
      : '';
  return `replaying ${slice.requests.length} requests of ${slice.ref} from ${slice.startS} s (${slice.durationS.toFixed(1)} trace s) at speed-up ${slice.speedup}${scaled}`;
}
