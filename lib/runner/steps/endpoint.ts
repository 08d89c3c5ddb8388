/**
 * Measurement steps 1-2: start the inference server when the run owns one, then probe the
 * endpoint and find out whether it is the simulated device (and at which time scale).
 */
import os from 'node:os';
import path from 'node:path';
import type { MeasureOptions } from '../measure';
import { startServer, freePort, probeHealth, type ManagedServer } from '../server/lifecycle';
import { fillTemplate } from '../server/template';
import { EndpointError, ServerDiedError, errMsg } from '../errors';

/** What the simulated device says of itself at GET /sim/state. */
export type SimInfo = {
  gpu: string;
  gpu_memory_gb: number;
  model: string;
  params_b: number;
  tp: number;
  max_num_seqs: number;
  time_scale: number;
};

/** The endpoint as probed: `sim` only when it is the simulated device. */
export type EndpointInfo = {
  url: string;
  sim?: SimInfo;
  /** Simulated seconds per wall-clock second (1 on real hardware). */
  timeScale: number;
  /** The engine version the server reports at /version (vLLM), if any. */
  version?: string;
};

export async function getJson<T>(url: string, timeoutMs = 3000): Promise<T | undefined> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    if (!res.ok) return undefined;
    return (await res.json()) as T;
  } catch {
    return undefined;
  }
}

export async function simReachable(url: string): Promise<boolean> {
  return (await getJson<unknown>(`${url}/sim/state`, 2000)) !== undefined;
}

/** The server's argv for this run: the template with the run's options in its placeholders. */
export function runServerArgv(o: MeasureOptions, argv: string[], port: number): string[] {
  return fillTemplate(argv, {
    model: o.model,
    tp: o.tp,
    max_num_seqs: o.maxNumSeqs,
    port,
    host: '127.0.0.1',
    gpus: o.gpus?.join(','),
    pp: o.pp,
    dtype: o.dtype,
  });
}

/** Starts `o.server` and waits until it is healthy; `onDied` hears of an exit mid-run. */
export async function startRunServer(
  o: MeasureOptions & { server: NonNullable<MeasureOptions['server']> },
  signal: AbortSignal,
  log: (msg: string) => void,
  onDied: (e: ServerDiedError) => void,
): Promise<ManagedServer> {
  const port = o.server.port ?? (await freePort());
  const argv = runServerArgv(o, o.server.argv, port);
  const logFile = o.server.logFile ?? path.join(os.tmpdir(), `joulebench-server-${process.pid}-${port}.log`);
  log(`starting server: ${JSON.stringify(argv)} (log ${logFile})`);
  const server = await startServer({
    argv,
    port,
    logFile,
    healthTimeoutMs: (o.server.healthTimeoutS ?? 600) * 1000,
    env: o.gpus?.length ? { ...process.env, CUDA_VISIBLE_DEVICES: o.gpus.join(',') } : undefined,
    signal,
  });
  server.onUnexpectedExit((why) =>
    onDied(new ServerDiedError(`inference server ${why} mid-run (log ${server.logFile}):\n${server.logTail(8)}`)),
  );
  return server;
}

/** Checks that the endpoint answers (EndpointError otherwise) and reads what it says of itself. */
export async function probeEndpoint(url: string): Promise<EndpointInfo> {
  if (!(await probeHealth(url, 5000))) {
    let why = '';
    try {
      await fetch(new URL('/v1/models', url), { signal: AbortSignal.timeout(5000) });
    } catch (e) {
      why = ` (${errMsg((e as { cause?: unknown }).cause ?? e)})`;
    }
    throw new EndpointError(`cannot reach the inference server at ${url}: GET /health and /v1/models failed${why}`);
  }
  const state = await getJson<SimInfo & { simulated?: boolean }>(`${url}/sim/state`);
  const sim = state?.simulated ? state : undefined;
  const version = await getJson<{ version?: string }>(`${url}/version`);
  return { url, sim, timeScale: sim ? sim.time_scale : 1, version: version?.version };
}

/** How far the simulated device has fallen behind real time so far (seconds). */
export async function simLagS(url: string): Promise<number> {
  return (await getJson<{ lag_s?: number }>(`${url}/sim/state`))?.lag_s ?? 0;
}
