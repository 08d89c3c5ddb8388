/**
 * The simulated GPU as an OpenAI-compatible streaming server (node:http, no framework):
 * POST /v1/completions and /v1/chat/completions (stream or not, stream_options.include_usage),
 * GET /v1/models, GET /health, GET /sim/state (power, clocks, utilisation, energy counter per
 * device) and POST /sim/knobs (SM clock lock, power limit; used by bin/fake-nvidia-smi).
 *
 * Time: the engine runs in simulated milliseconds; with timeScale K, one wall-clock millisecond
 * is K simulated ones. Everything the server reports about the device (energy counter, average
 * power window, sim_time_s) is in simulated time; the per-chunk `sim_t` stamp is the WALL-clock
 * send time (ms since the epoch, sub-ms resolution) so that clients can compare their own
 * timestamps against it. The harness converts wall-clock durations to simulated ones by K (it
 * reads K from GET /sim/state).
 *
 * Token counting: one whitespace-separated word of the prompt is one token (the load generator's
 * synthetic prompts are built that way); every generated token is one SSE chunk.
 */
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import type { AddressInfo } from 'node:net';
import { SimEngine, type SimSeq, type StepPlan } from './engine';
import { gpuSpec, modelSpec, type GpuSpec, type ModelSpec } from './specs';
import { EnergyMeter } from './meter';
import { applySimKnobs, MIN_POWER_LIMIT_SHARE } from './knobs-api';
import {
  completionBody,
  finalChunks,
  parseCompletionRequest,
  tokenChunk,
  usage,
  type CompletionRequest,
  type ResponseIds,
} from './requests';

export type SimServerOptions = {
  port?: number;
  host?: string;
  gpu?: string;
  model?: string;
  timeScale?: number;
  maxNumSeqs?: number;
  tp?: number;
  /** Seconds of simulated idle before the first request (energy counter starts at driver "load"). */
  log?: (line: string) => void;
};

export type SimServer = {
  url: string;
  port: number;
  close(): Promise<void>;
  engine: SimEngine;
  gpu: GpuSpec;
  model: ModelSpec;
};

type Stream = {
  seq: SimSeq;
  res: http.ServerResponse;
  ids: ResponseIds;
  stream: boolean;
  includeUsage: boolean;
  text: string[];
};

const WORDS = ['the', 'of', 'and', 'to', 'in', 'is', 'energy', 'token', 'power', 'clock', 'model', 'batch'];

/**
 * Starts the simulated GPU server. The engine loop (scheduleNext/onStepEnd) advances simulated
 * time step by step; `handleRequest` routes HTTP; the request/response shapes are in
 * ./requests.ts, the energy counter in ./meter.ts, the knob API in ./knobs-api.ts.
 */
export function startSimServer(opts: SimServerOptions = {}): Promise<SimServer> {
  const gpu = gpuSpec(opts.gpu ?? 'H100-SXM');
  const model = modelSpec(opts.model ?? 'meta-llama/Llama-3.1-8B-Instruct');
  const tp = opts.tp ?? 1;
  const K = opts.timeScale ?? 1;
  if (!(K > 0)) throw new Error(`--time-scale must be > 0 (got ${K})`);
  const engine = new SimEngine({ gpu, model, tp, maxNumSeqs: opts.maxNumSeqs ?? 256 });
  const log = opts.log ?? (() => {});

  const t0 = performance.now();
  const simNow = () => (performance.now() - t0) * K;
  const wallEpochMs = () => performance.timeOrigin + performance.now();
  const meter = new EnergyMeter(engine.idlePower(), engine.idleClock());

  const streams = new Map<SimSeq, Stream>();
  let engineT = 0; // simulated time of the current step's start
  let plan: StepPlan | null = null;
  let timer: NodeJS.Timeout | null = null;
  let nextId = 0;
  let closed = false;
  /** Simulated ms skipped because the process fell > 50 wall-ms behind (time scale too high). */
  let lagMs = 0;

  // ---- the engine loop ----
  const scheduleNext = () => {
    plan = engine.planStep(engineT);
    if (!plan) {
      meter.setSegment(engineT, engine.idlePower(), engine.idleClock(), 0);
      return;
    }
    meter.setSegment(engineT, plan.powerW, plan.clockMhz, plan.utilization);
    const endT = engineT + plan.durMs;
    const delay = t0 + endT / K - performance.now();
    // Timers have 1 ms granularity: shorter waits run on the next loop turn, and the absolute
    // schedule (engineT advances by exact step times) absorbs the rounding.
    if (delay < 1) setImmediate(onStepEnd);
    else timer = setTimeout(onStepEnd, delay);
  };

  const onStepEnd = () => {
    timer = null;
    const p = plan!;
    const endT = engineT + p.durMs;
    // If the process fell behind (GC, overload), resynchronise instead of bursting to catch up.
    const behind = simNow() - 50 * K - endT;
    if (behind > 0) lagMs += behind;
    engineT = Math.max(endT, simNow() - 50 * K);
    const { tokens, finished } = engine.completeStep(p, engineT);
    for (const seq of tokens) {
      const st = streams.get(seq);
      // Stamped at each write: the stamp is when this chunk was handed to the socket.
      if (st) emitToken(st, wallEpochMs());
    }
    const stamp = wallEpochMs();
    for (const seq of finished) {
      const st = streams.get(seq);
      if (st) finish(st, stamp);
      streams.delete(seq);
    }
    plan = null;
    if (!closed) scheduleNext();
  };

  const kick = () => {
    if (plan || closed) return;
    engineT = Math.max(engineT, simNow());
    scheduleNext();
  };

  // ---- responses ----
  const emitToken = (st: Stream, stamp: number) => {
    const word = ' ' + WORDS[(st.seq.generated * 7 + st.text.length) % WORDS.length];
    st.text.push(word);
    if (st.stream) st.res.write(tokenChunk(st.ids, word, st.seq.generated === 1, stamp));
  };

  const finish = (st: Stream, stamp: number) => {
    const u = usage(st.seq.inputTokens, st.seq.generated);
    if (st.stream) st.res.end(finalChunks(st.ids, st.includeUsage ? u : null, stamp));
    else
      st.res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify(completionBody(st.ids, st.text.join(''), u, stamp)));
  };

  const state = () =>
    simState({ opts, gpu, model, tp, engine, meter, t: simNow(), timeScale: K, lagMs, wallEpochMs: wallEpochMs() });

  // ---- requests ----
  /** POST /v1/completions and /v1/chat/completions: a new sequence for the engine. */
  const startCompletion = (res: http.ServerResponse, r: CompletionRequest) => {
    const seq: SimSeq = {
      id: `cmpl-${nextId++}`,
      inputTokens: r.inputTokens,
      maxTokens: r.maxTokens,
      prefilled: 0,
      generated: 0,
      arrivalMs: simNow(),
    };
    const ids = { id: seq.id, created: Math.floor(Date.now() / 1000), model: model.id, chat: r.chat };
    const st: Stream = { seq, res, ids, stream: r.stream, includeUsage: r.includeUsage, text: [] };
    if (st.stream) {
      res.writeHead(200, {
        'content-type': 'text/event-stream',
        'cache-control': 'no-cache',
        connection: 'keep-alive',
      });
      res.flushHeaders();
    }
    res.on('close', () => {
      if (streams.has(seq)) {
        streams.delete(seq);
        engine.cancel(seq);
      }
    });
    streams.set(seq, st);
    engine.add(seq);
    kick();
  };

  const handlePost = (
    path: string,
    body: Record<string, unknown>,
    sendJson: (status: number, b: unknown) => void,
    res: http.ServerResponse,
  ) => {
    if (path === '/sim/knobs') {
      const err = applySimKnobs(engine, gpu, body);
      if (err) return sendJson(400, { error: { message: err } });
      // The new knobs apply from the next step; an idle device re-reads its idle clock now.
      if (!plan) meter.setSegment(simNow(), engine.idlePower(), engine.idleClock(), 0);
      log(`knobs ${JSON.stringify(engine.knobs)}`);
      return sendJson(200, { ok: true, knobs: state().knobs });
    }
    const chat = path === '/v1/chat/completions';
    if (!chat && path !== '/v1/completions') return sendJson(404, { error: { message: `no route POST ${path}` } });
    const r = parseCompletionRequest(chat, body);
    if ('error' in r) return sendJson(400, { error: { message: r.error } });
    startCompletion(res, r);
  };

  const handleRequest = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0];
    const sendJson = (status: number, body: unknown) =>
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    if (req.method === 'GET' && path === '/health') return void res.writeHead(200).end();
    if (req.method === 'GET' && path === '/v1/models')
      return sendJson(200, {
        object: 'list',
        data: [{ id: model.id, object: 'model', owned_by: 'joulebench-sim', max_model_len: 131072 }],
      });
    if (req.method === 'GET' && path === '/sim/state') return sendJson(200, state());
    if (req.method !== 'POST') return sendJson(404, { error: { message: `no route ${req.method} ${path}` } });
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let body: Record<string, unknown>;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
      } catch {
        return sendJson(400, { error: { message: 'body is not valid JSON' } });
      }
      handlePost(path, body, sendJson, res);
    });
  };

  // noDelay: every token chunk leaves at once (no Nagle batching against delayed ACKs).
  const server = http.createServer({ noDelay: true }, handleRequest);
  server.keepAliveTimeout = 60_000;
  server.headersTimeout = 65_000;
  // Streams are long-lived; the default 5 min request timeout must not cut a slow simulated run.
  server.requestTimeout = 0;

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => {
      const port = (server.address() as AddressInfo).port;
      const url = `http://${opts.host && opts.host !== '0.0.0.0' ? opts.host : '127.0.0.1'}:${port}`;
      resolve({
        url,
        port,
        engine,
        gpu,
        model,
        close: () =>
          new Promise<void>((r) => {
            closed = true;
            if (timer) clearTimeout(timer);
            for (const st of streams.values()) st.res.destroy();
            streams.clear();
            server.closeAllConnections();
            server.close(() => r());
          }),
      });
    });
  });
}

/** GET /sim/state: the device as the fake nvidia-smi and the harness read it. */
export function simState(o: {
  opts: SimServerOptions;
  gpu: GpuSpec;
  model: ModelSpec;
  tp: number;
  engine: SimEngine;
  meter: EnergyMeter;
  /** Simulated time now (ms). */
  t: number;
  timeScale: number;
  lagMs: number;
  wallEpochMs: number;
}) {
  const { gpu, engine, meter, t } = o;
  const seg = meter.seg;
  const e = meter.energyAt(t);
  const avg = meter.averagePowerW(t);
  const devices = Array.from({ length: o.tp }, (_, index) => ({
    index,
    name: `${gpu.name} (simulated)`,
    power_w: round(seg.powerW, 2),
    power_avg_w: round(avg, 2),
    sm_clock_mhz: seg.clock,
    mem_clock_mhz: gpu.memMhz,
    utilization_gpu: Math.round(seg.util * 100),
    temperature_c: Math.round(30 + (seg.powerW / gpu.tdpW) * 45),
    power_limit_w: engine.knobs.powerLimitW,
    energy_mj: Math.round(e),
  }));
  return {
    simulated: true,
    gpu: gpu.name,
    gpu_key: o.opts.gpu ?? 'H100-SXM',
    gpu_memory_gb: gpu.memGb,
    model: o.model.id,
    params_b: o.model.paramsB,
    tp: o.tp,
    max_num_seqs: engine.cfg.maxNumSeqs,
    time_scale: o.timeScale,
    sim_time_s: t / 1000,
    wall_epoch_ms: o.wallEpochMs,
    pid: process.pid,
    lag_s: o.lagMs / 1000,
    running: engine.running.length,
    waiting: engine.waiting.length,
    knobs: {
      sm_clock_mhz_min: engine.knobs.smMinMhz ?? null,
      sm_clock_mhz_max: engine.knobs.smMaxMhz ?? null,
      power_limit_w: engine.knobs.powerLimitW,
    },
    limits: {
      min_sm_mhz: gpu.minSmMhz,
      max_sm_mhz: gpu.maxSmMhz,
      min_power_limit_w: Math.round(gpu.tdpW * MIN_POWER_LIMIT_SHARE),
      max_power_limit_w: gpu.tdpW,
    },
    devices,
  };
}

function round(x: number, d: number) {
  const m = 10 ** d;
  return Math.round(x * m) / m;
}
