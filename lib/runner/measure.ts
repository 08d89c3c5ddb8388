/**
 * The measurement harness, programmatic entry: `runMeasurement(options, {signal, onProgress})`
 * returns one RunRecord. Steps: (start the server) -> probe the endpoint -> choose the power
 * source -> apply knobs -> sample power while the load runs -> restore knobs -> window -> record.
 * GPU knobs are restored in `finally`: on success, on error and on cancellation (signal). Before
 * any knob changes, the originals go to a restore file (knobs/restore-file.ts) so that a SIGKILLed
 * run can be undone by whoever finds the file; a restore that fails is an error (RestoreError).
 */
import os from 'node:os';
import path from 'node:path';
import type { RunRecord, Knobs } from '@/lib/record/schema';
import { runLoad, type LoadResult } from './loadgen/run';
import type { Api, RequestResult } from './loadgen/client';
import { syntheticPrompts, datasetPrompts, lengthDist, type Prompt } from './loadgen/prompts';
import { replayRequests, type ReplayLoadResult } from './loadgen/replay';
import {
  checkTraceOptions,
  prepareTraceSlice,
  traceInstability,
  traceWorkloadFields,
  type TraceMeasureOptions,
} from './trace-measure';
import { selectPowerSource } from './power/select';
import type { PowerKind, PowerSource } from './power/types';
import { runSmi } from './power/nvidia-smi';
import { applyKnobs, SmiKnobs, SimKnobs, type AppliedKnobs, type KnobController } from './knobs';
import {
  defaultRestoreDir,
  defaultRestoreFile,
  describeOutcome,
  readRestoreFile,
  recoverStale,
  removeRestoreFile,
  restoreFromFile,
  stateFromPlan,
  writeRestoreFile,
  type RestoreOutcome,
} from './knobs/restore-file';
import { startServer, freePort, probeHealth, type ManagedServer } from './server/lifecycle';
import { fillTemplate } from './server/template';
import { buildRecord } from './record';
import {
  CancelledError,
  EndpointError,
  KnobError,
  MeasureError,
  OptionError,
  PowerSourceError,
  RestoreError,
  ServerDiedError,
  errMsg,
} from './errors';

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

type SimInfo = {
  gpu: string;
  gpu_memory_gb: number;
  model: string;
  params_b: number;
  tp: number;
  max_num_seqs: number;
  time_scale: number;
};

async function getJson<T>(url: string, timeoutMs = 3000): Promise<T | undefined> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    if (!res.ok) return undefined;
    return (await res.json()) as T;
  } catch {
    return undefined;
  }
}

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

/** Whether `file` is this process's restore file (never remove another run's). */
function ownsRestoreFile(file: string): boolean {
  try {
    return readRestoreFile(file)?.pid === process.pid;
  } catch {
    return false;
  }
}

async function simReachable(url: string): Promise<boolean> {
  return (await getJson<unknown>(`${url}/sim/state`, 2000)) !== undefined;
}

/**
 * A previous run killed before it restored GPU settings left its restore file: restore from it
 * first. A run that changes knobs refuses to start while such settings cannot be restored.
 */
async function recoverPrevious(o: MeasureOptions, log: (m: string) => void) {
  const willChange = !!(o.smClock || o.powerLimitW !== undefined);
  let found: RestoreOutcome[];
  if (o.restoreFile) {
    const r = await restoreFromFile(path.resolve(o.restoreFile), { log });
    found = r.status === 'none' ? [] : [r];
  } else found = await recoverStale(defaultRestoreDir(), { log });
  for (const r of found) {
    if (r.status === 'restored' || r.status === 'moot') {
      log(`a previous run was killed before it restored GPU settings (${r.file}): ${describeOutcome(r, 'this run')}`);
      continue;
    }
    const msg =
      r.status === 'busy'
        ? `restore file ${r.file} belongs to a run that is still going: ${r.detail}`
        : `a previous run left GPU settings changed (${r.file}): ${describeOutcome(r, 'this run')}`;
    if (willChange) throw new KnobError(`${msg}; not changing any GPU setting`);
    log(`WARNING: ${msg}`);
  }
}

export async function runMeasurement(o: MeasureOptions, ctx: MeasureContext = {}): Promise<RunRecord> {
  validate(o);
  const traceSlice = o.trace ? prepareTraceSlice(o.trace) : undefined;
  const log = ctx.log ?? (() => {});
  if (ctx.signal?.aborted)
    throw new CancelledError(
      typeof ctx.signal.reason === 'string' ? ctx.signal.reason : 'SIGTERM',
      'no GPU settings were changed',
    );
  await recoverPrevious(o, log);
  const progress = (p: Progress) => ctx.onProgress?.(p);
  const ac = new AbortController();
  let fatal: Error | null = null;
  const fail = (e: Error) => {
    if (!fatal) {
      fatal = e;
      ac.abort(e);
    }
  };
  const onCancel = () =>
    fail(new CancelledError(typeof ctx.signal?.reason === 'string' ? ctx.signal.reason : 'SIGTERM'));
  if (ctx.signal?.aborted)
    throw new CancelledError(
      typeof ctx.signal.reason === 'string' ? ctx.signal.reason : 'SIGTERM',
      'no GPU settings were changed',
    );
  ctx.signal?.addEventListener('abort', onCancel, { once: true });
  const checkFatal = () => {
    if (fatal) throw fatal;
  };

  let server: ManagedServer | null = null;
  let source: PowerSource | null = null;
  let knobs: AppliedKnobs | null = null;
  let simUrl: string | undefined;
  const restoreFile = o.restoreFile ? path.resolve(o.restoreFile) : defaultRestoreFile();
  let record: RunRecord | undefined;
  let error: MeasureError | undefined;
  try {
    // 1. Server.
    let endpoint = o.endpoint?.replace(/\/+$/, '');
    if (o.server) {
      progress({ phase: 'server' });
      const port = o.server.port ?? (await freePort());
      const argv = fillTemplate(o.server.argv, {
        model: o.model,
        tp: o.tp,
        max_num_seqs: o.maxNumSeqs,
        port,
        host: '127.0.0.1',
        gpus: o.gpus?.join(','),
        pp: o.pp,
        dtype: o.dtype,
      });
      const logFile = o.server.logFile ?? path.join(os.tmpdir(), `joulebench-server-${process.pid}-${port}.log`);
      log(`starting server: ${JSON.stringify(argv)} (log ${logFile})`);
      server = await startServer({
        argv,
        port,
        logFile,
        healthTimeoutMs: (o.server.healthTimeoutS ?? 600) * 1000,
        env: o.gpus?.length ? ({ CUDA_VISIBLE_DEVICES: o.gpus.join(',') } as unknown as NodeJS.ProcessEnv) : undefined,
        signal: ac.signal,
      });
      const srv = server;
      srv.onUnexpectedExit((why) =>
        fail(new ServerDiedError(`inference server ${why} mid-run (log ${srv.logFile}):\n${srv.logTail(8)}`)),
      );
      endpoint = srv.url;
    }
    checkFatal();

    // 2. Probe the endpoint (and detect the simulated device).
    progress({ phase: 'probe' });
    if (!(await probeHealth(endpoint!, 5000))) {
      let why = '';
      try {
        await fetch(new URL('/v1/models', endpoint), { signal: AbortSignal.timeout(5000) });
      } catch (e) {
        why = ` (${errMsg((e as { cause?: unknown }).cause ?? e)})`;
      }
      throw new EndpointError(
        `cannot reach the inference server at ${endpoint}: GET /health and /v1/models failed${why}`,
      );
    }
    const sim = await getJson<SimInfo & { simulated?: boolean }>(`${endpoint}/sim/state`);
    simUrl = sim?.simulated ? endpoint : undefined;
    const K = sim?.simulated ? sim.time_scale : 1;
    if (sim?.simulated) log(`endpoint is a SIMULATED ${sim.gpu} x${sim.tp} (time scale ${K})`);
    const version = await getJson<{ version?: string }>(`${endpoint}/version`);

    // 3. Power source.
    // The simulated device runs K times faster than real time: sample K times as often (in wall
    // ms, floor 20 ms) so a run sees as many samples per simulated second as on real hardware.
    const sampleMs = o.sampleMs ?? (K > 1 ? Math.max(20, Math.round(100 / K)) : 100);
    // Which GPUs this run uses: --gpu, else the first TP GPUs of the host (never "all GPUs" on
    // real hardware: on an 8-GPU node a TP1 run must not be charged the other seven's power).
    // The simulated device exposes exactly its TP devices, so all of them.
    const runGpus: number[] | undefined = o.gpus?.length
      ? o.gpus
      : sim?.simulated
        ? undefined
        : Array.from({ length: o.tp ?? 1 }, (_, i) => i);
    if (!o.gpus?.length && runGpus) log(`GPUs: ${runGpus.join(',')} (from --tp; pass --gpu to choose others)`);
    const sel = await selectPowerSource({
      requested: o.power ?? 'auto',
      intervalMs: sampleMs,
      gpus: runGpus,
      nvidiaSmiPath: o.nvidiaSmi,
      dcgmUrl: o.dcgmUrl,
      raplRoot: o.raplRoot,
      simUrl,
    });
    source = sel.source;
    log(
      `power source: ${source ? source.label : 'none (no energy figures)'}${sel.tried.length ? ` [skipped: ${sel.tried.map((t) => `${t.kind}: ${t.reason}`).join('; ')}]` : ''}`,
    );

    // 4. Knobs (restored in finally).
    const gpus = runGpus ?? Array.from({ length: sim?.tp ?? 1 }, (_, i) => i);
    if (o.smClock || o.powerLimitW !== undefined) {
      progress({ phase: 'knobs' });
      const smiPath =
        o.nvidiaSmi ?? (source?.kind === 'nvidia-smi' ? (source as unknown as { path: string }).path : undefined);
      const controller: KnobController = smiPath
        ? new SmiKnobs(smiPath)
        : simUrl
          ? new SimKnobs(simUrl)
          : new SmiKnobs('nvidia-smi');
      const beforeChange = (plan: Parameters<typeof stateFromPlan>[0]) => {
        try {
          writeRestoreFile(restoreFile, stateFromPlan(plan, controller, { simulated: !!sim?.simulated, url: simUrl }));
        } catch (e) {
          throw new KnobError(
            `cannot write the GPU restore file ${restoreFile} (${errMsg(e)}): not changing any GPU setting (give a writable --restore-file or JOULEBENCH_RESTORE_DIR)`,
          );
        }
        log(`original GPU settings saved to ${restoreFile}`);
      };
      try {
        knobs = await applyKnobs(controller, { gpus, smClock: o.smClock, powerLimitW: o.powerLimitW }, log, {
          beforeChange,
        });
      } catch (e) {
        // A refused change was undone by applyKnobs; when that undo failed too, keep the file.
        if (e instanceof RestoreError) throw (await keepOrDrop(e.problems, e.earlier)) ?? e.earlier ?? e;
        // Nothing is left changed: drop our restore file (if it was written).
        if (ownsRestoreFile(restoreFile)) removeRestoreFile(restoreFile);
        throw e;
      }
    }
    checkFatal();

    // 5. Hardware description.
    let hardware: RunRecord['hardware'];
    if (sim?.simulated)
      hardware = {
        gpu_model: sim.gpu,
        gpu_count: sim.tp,
        gpu_memory_gb: sim.gpu_memory_gb,
        host: os.hostname(),
        simulated: true,
      };
    else {
      // The card names itself through nvidia-smi whichever power source is used (NVML included);
      // --gpu-model is the fallback when no nvidia-smi answers.
      const smi =
        o.nvidiaSmi ?? (source?.kind === 'nvidia-smi' ? (source as unknown as { path: string }).path : 'nvidia-smi');
      const out = await runSmi(smi, [
        '--query-gpu=name,memory.total',
        '--format=csv,noheader,nounits',
        '-i',
        String(gpus[0]),
      ]).catch(() => '');
      const [n, m] = out
        .trim()
        .split('\n')[0]
        .split(',')
        .map((x) => x.trim());
      const name = n || o.gpuModel;
      const mem = Number(m) > 0 ? Math.round(Number(m) / 1024) : undefined;
      hardware = {
        gpu_model: name ?? 'unknown',
        gpu_count: gpus.length,
        gpu_memory_gb: mem,
        host: os.hostname(),
        simulated: source?.simulated ?? false,
      };
    }

    // 6. Workload.
    const seed = o.seed ?? 0;
    const count = o.requests ?? 100_000;
    if (traceSlice)
      log(
        `replaying ${traceSlice.requests.length} requests of ${traceSlice.ref} from ${traceSlice.startS} s (${traceSlice.durationS.toFixed(1)} trace s) at speed-up ${traceSlice.speedup}${K !== traceSlice.speedup ? ` (the device runs at time scale ${K}: arrivals are ${(traceSlice.speedup / K).toFixed(3)}x the trace's rate in device time)` : ''}`,
      );
    const outDist = lengthDist(o.outputDist ?? 'fixed', o.outputLen ?? 128, o.lenSpread);
    const prompts: Prompt[] = traceSlice
      ? []
      : o.dataset
        ? datasetPrompts(o.dataset, count, outDist, seed)
        : syntheticPrompts(count, lengthDist(o.inputDist ?? 'fixed', o.inputLen!, o.lenSpread), outDist, seed);
    const warmupPrompts = syntheticPrompts(
      o.warmup ?? 1,
      { kind: 'fixed', value: 16 },
      { kind: 'fixed', value: 4 },
      seed + 1,
    );

    // 7. Sample + load.
    if (source) {
      await source.start((e) => void classify(e).then(fail));
      try {
        await source.firstSample(10_000);
      } catch (e) {
        throw new PowerSourceError(errMsg(e));
      }
    }
    checkFatal();
    let healthCheck: Promise<void> | null = null;
    const onConnError = (r: RequestResult) => {
      healthCheck ??= probeHealth(endpoint!, 2000).then((up) => {
        healthCheck = null;
        if (!up) fail(new ServerDiedError(`inference server at ${endpoint} stopped responding mid-run (${r.error})`));
      });
    };
    async function classify(e: Error): Promise<Error> {
      if (!(await probeHealth(endpoint!, 2000)))
        return new ServerDiedError(`inference server at ${endpoint} stopped responding mid-run (${e.message})`);
      return new PowerSourceError(e.message);
    }
    const lag0 = sim?.simulated ? ((await getJson<{ lag_s?: number }>(`${endpoint}/sim/state`))?.lag_s ?? 0) : 0;
    const load: LoadResult = traceSlice
      ? await replayRequests({
          endpoint: endpoint!,
          model: o.model,
          api: o.api ?? 'completions',
          requests: traceSlice.requests,
          warmup: o.warmup === 0 ? [] : warmupPrompts,
          forceOutput: o.ignoreEos ?? true,
          seed,
          timeoutMs: (o.requestTimeoutS ?? 600) * 1000,
          signal: ac.signal,
          onConnError,
          onProgress: (p) => progress({ ...p }),
        })
      : await runLoad({
          endpoint: endpoint!,
          model: o.model,
          api: o.api ?? 'completions',
          prompts,
          warmupPrompts: o.warmup === 0 ? [] : warmupPrompts,
          concurrency: o.concurrency,
          rate: o.rate,
          arrival: o.arrival ?? 'poisson',
          durationS: o.durationS !== undefined ? o.durationS / K : undefined,
          ignoreEos: o.ignoreEos ?? true,
          seed,
          timeoutMs: (o.requestTimeoutS ?? 600) * 1000,
          signal: ac.signal,
          onConnError,
          onProgress: (p) => progress({ ...p }),
        });
    if (healthCheck) await healthCheck;
    // A short tail of samples after the last completion so the window's end is covered.
    if (source && !fatal) await new Promise((r) => setTimeout(r, Math.min(2 * sampleMs, 500)));
    checkFatal();
    await source?.stop();
    checkFatal();

    // 8. Record.
    const instability: string[] = [];
    if (sim?.simulated) {
      const lag = ((await getJson<{ lag_s?: number }>(`${endpoint}/sim/state`))?.lag_s ?? 0) - lag0;
      const simDur = ((Date.now() - load.t0Ms) / 1000) * K;
      if (lag > 0.02 * simDur)
        instability.push(
          `simulated device fell ${lag.toFixed(2)} s behind real time (time scale ${K} too high for this host)`,
        );
      const reason = timeScaleResolution(load, K);
      if (reason) instability.push(reason);
    }
    if (traceSlice && 'maxLateMs' in load) instability.push(...traceInstability(load as ReplayLoadResult, K));
    const powerLimit = source?.samples.find((s) => s.powerLimitW !== undefined)?.powerLimitW;
    const kRaw: Record<string, string | number | boolean | undefined> = {
      ...o.extraKnobs,
      ...(o.smClock ? { sm_clock_mhz: o.smClock[1] } : {}),
      ...(o.powerLimitW !== undefined
        ? { power_limit_w: o.powerLimitW }
        : powerLimit !== undefined
          ? { power_limit_w: powerLimit }
          : {}),
      tp: o.tp ?? (sim?.simulated ? sim.tp : undefined),
      pp: o.pp,
      max_num_seqs: o.maxNumSeqs ?? (sim?.simulated ? sim.max_num_seqs : undefined),
      max_concurrency: o.concurrency,
      request_rate: o.rate,
      input_len: o.dataset ? undefined : o.inputLen,
      output_len: o.dataset ? undefined : o.outputLen,
    };
    const k = Object.fromEntries(Object.entries(kRaw).filter(([, v]) => v !== undefined)) as Knobs;
    if (o.smClock && o.smClock[0] !== o.smClock[1]) k.sm_clock_min_mhz = o.smClock[0];
    const modelId = o.model;
    const short = modelId.split('/').pop();
    const rec = buildRecord({
      load,
      timeScale: K,
      samples: source?.samples ?? [],
      source,
      sampleIntervalMs: sampleMs,
      instability,
      label:
        o.label ??
        `${short} ${hardware.gpu_model}${hardware.simulated ? ' (sim)' : ''}${traceSlice ? ` trace=${traceSlice.ref} x${traceSlice.speedup}` : ''} ${o.concurrency ? `c=${o.concurrency}` : ''}${o.rate ? ` rate=${o.rate}` : ''}${o.smClock ? ` sm=${o.smClock[1]}MHz` : ''}${o.powerLimitW ? ` pl=${o.powerLimitW}W` : ''}`
          .replace(/\s+/g, ' ')
          .trim(),
      model: {
        id: modelId,
        ...(sim?.simulated && sim.model === modelId ? { params_b: sim.params_b } : {}),
        precision: o.dtype ?? (sim?.simulated ? 'bf16' : undefined),
      },
      hardware,
      engine: sim?.simulated
        ? { name: 'joulebench-sim', version: '1' }
        : { name: o.engine ?? (version?.version ? 'vllm' : 'unknown'), version: version?.version },
      knobs: k,
      workload: traceSlice
        ? traceWorkloadFields(traceSlice)
        : {
            dataset: o.dataset
              ? path.basename(o.dataset)
              : `synthetic-${o.inputDist ?? 'fixed'}-${o.outputDist ?? 'fixed'}`,
          },
      window: traceSlice ? 'whole' : undefined,
      source_meta:
        o.sweepId !== undefined
          ? { kind: 'sweep', format: 'joulebench-measure', sweep_id: o.sweepId, point: o.point }
          : { kind: 'api', format: 'joulebench-measure' },
      extra: {
        arrival: traceSlice ? 'trace' : o.rate ? (o.arrival ?? 'poisson') : 'closed-loop',
        api: o.api ?? 'completions',
        power_source: source ? source.kind : 'none',
        gpus,
        power_selection: sel.tried,
        ...(server ? { server_log: server.logFile } : {}),
        ...(knobs?.originalPowerLimitW !== undefined ? { original_power_limit_w: knobs.originalPowerLimitW } : {}),
      },
    });
    for (const key of Object.keys(rec.model) as Array<keyof typeof rec.model>)
      if (rec.model[key] === undefined) delete rec.model[key];
    progress({ phase: 'done' });
    record = rec;
  } catch (e) {
    // Prefer the root cause (e.g. the server died) over follow-on errors (requests failed).
    error = e instanceof RestoreError ? e : (fatal ?? (e instanceof MeasureError ? e : new MeasureError(errMsg(e))));
  }
  ctx.signal?.removeEventListener('abort', onCancel);
  await source?.stop().catch(() => {});
  // Restore the knobs. A setting that cannot be put back is an error of its own (exit 3), combined
  // with any earlier one, and the restore file stays for a later `--recover`.
  let restoreError: RestoreError | null = null;
  if (knobs) {
    progress({ phase: 'restore' });
    const problems = await knobs.restore();
    for (const p of problems) log(`ERROR: could not restore a GPU setting: ${p}`);
    if (problems.length) restoreError = await keepOrDrop(problems, error);
    else removeRestoreFile(restoreFile);
  }
  await server?.stop().catch(() => {});
  if (restoreError) throw restoreError;
  if (error instanceof CancelledError)
    throw new CancelledError(error.signalName, knobs ? 'GPU settings restored' : 'no GPU settings were changed');
  if (error) throw error;
  return record!;

  /** After a failed restore: the error to throw, or null when the simulated device is simply gone. */
  async function keepOrDrop(problems: string[], earlier: Error | undefined): Promise<RestoreError | null> {
    if (simUrl && !(await simReachable(simUrl))) {
      // The simulated GPU vanished with its server; a new one starts at default settings.
      log('the simulated device is gone: nothing left to restore');
      removeRestoreFile(restoreFile);
      return null;
    }
    try {
      const s = readRestoreFile(restoreFile);
      if (s) writeRestoreFile(restoreFile, { ...s, last_error: problems.join('; ') });
    } catch (e) {
      log(`could not note the failure in ${restoreFile}: ${errMsg(e)}`);
    }
    return new RestoreError(problems, earlier, restoreFile);
  }
}

/**
 * Timers and socket reads on the client resolve about 1 wall-clock ms; with time scale K that is
 * K simulated ms. When a decode step is shorter than ~2 wall ms, consecutive tokens arrive in the
 * same read and the ITL percentiles describe the event loop, not the device: say so.
 */
export function timeScaleResolution(load: LoadResult, K: number): string | null {
  if (K <= 1) return null;
  const steps: number[] = [];
  for (const r of load.results) {
    if (!r.success || r.chunkMs.length < 2) continue;
    steps.push((r.chunkMs[r.chunkMs.length - 1] - r.chunkMs[0]) / (r.chunkMs.length - 1));
  }
  if (!steps.length) return null;
  const wallStepMs = steps.reduce((a, b) => a + b, 0) / steps.length;
  if (wallStepMs >= 2) return null;
  return `time scale ${K}: a decode step lasts ${wallStepMs.toFixed(2)} wall-clock ms, below the client's ~1 ms timing resolution, so ITL percentiles are unreliable (use a time scale of at most ${Math.max(1, Math.floor((wallStepMs * K) / 2))})`;
}
