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
 * synthetic prompts are built that way); every generated token is one SSE chunk. A request
 * always generates exactly max_tokens (as with ignore_eos; min_tokens <= max_tokens is accepted).
 */
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import type { AddressInfo } from 'node:net';
import { SimEngine, type SimSeq, type StepPlan } from './engine';
import { gpuSpec, modelSpec, type GpuSpec, type ModelSpec } from './specs';

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
  chat: boolean;
  stream: boolean;
  includeUsage: boolean;
  id: string;
  created: number;
  text: string[];
};

const WORDS = ['the', 'of', 'and', 'to', 'in', 'is', 'energy', 'token', 'power', 'clock', 'model', 'batch'];

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

  // Energy accounting over piecewise-constant power segments, in simulated time.
  let seg = { startMs: 0, powerW: engine.idlePower(), clock: engine.idleClock(), util: 0, energyMj: 0 };
  const history: Array<[number, number]> = [[0, 0]];
  const energyAt = (t: number) => seg.energyMj + seg.powerW * (t - seg.startMs); // W x ms = mJ
  const setSegment = (t: number, powerW: number, clock: number, util: number) => {
    const e = energyAt(t);
    seg = { startMs: t, powerW, clock, util, energyMj: e };
    history.push([t, e]);
    while (history.length > 2 && history[1][0] < t - 2000) history.shift();
    if (history.length > 8192) history.splice(0, history.length - 8192);
  };

  const streams = new Map<SimSeq, Stream>();
  let engineT = 0; // simulated time of the current step's start
  let plan: StepPlan | null = null;
  let timer: NodeJS.Timeout | null = null;
  let nextId = 0;
  let closed = false;
  /** Simulated ms skipped because the process fell > 50 wall-ms behind (time scale too high). */
  let lagMs = 0;

  const scheduleNext = () => {
    plan = engine.planStep(engineT);
    if (!plan) {
      setSegment(engineT, engine.idlePower(), engine.idleClock(), 0);
      return;
    }
    setSegment(engineT, plan.powerW, plan.clockMhz, plan.utilization);
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
    for (const s of tokens) {
      const st = streams.get(s);
      // Stamped at each write: the stamp is when this chunk was handed to the socket.
      if (st) emitToken(st, wallEpochMs());
    }
    const stamp = wallEpochMs();
    for (const s of finished) {
      const st = streams.get(s);
      if (st) finish(st, stamp);
      streams.delete(s);
    }
    plan = null;
    if (!closed) scheduleNext();
  };

  const kick = () => {
    if (plan || closed) return;
    engineT = Math.max(engineT, simNow());
    scheduleNext();
  };

  const emitToken = (st: Stream, stamp: number) => {
    const word = ' ' + WORDS[(st.seq.generated * 7 + st.text.length) % WORDS.length];
    st.text.push(word);
    if (!st.stream) return;
    const choice = st.chat
      ? {
          index: 0,
          delta: st.seq.generated === 1 ? { role: 'assistant', content: word } : { content: word },
          logprobs: null,
          finish_reason: null,
        }
      : { index: 0, text: word, logprobs: null, finish_reason: null };
    st.res.write(
      `data: ${JSON.stringify({ id: st.id, object: st.chat ? 'chat.completion.chunk' : 'text_completion', created: st.created, model: model.id, choices: [choice], sim_t: stamp })}\n\n`,
    );
  };

  const usage = (s: SimSeq) => ({
    prompt_tokens: s.inputTokens,
    completion_tokens: s.generated,
    total_tokens: s.inputTokens + s.generated,
  });

  const finish = (st: Stream, stamp: number) => {
    if (!st.stream) {
      const body = st.chat
        ? {
            id: st.id,
            object: 'chat.completion',
            created: st.created,
            model: model.id,
            choices: [{ index: 0, message: { role: 'assistant', content: st.text.join('') }, finish_reason: 'length' }],
            usage: usage(st.seq),
            sim_t: stamp,
          }
        : {
            id: st.id,
            object: 'text_completion',
            created: st.created,
            model: model.id,
            choices: [{ index: 0, text: st.text.join(''), finish_reason: 'length' }],
            usage: usage(st.seq),
            sim_t: stamp,
          };
      st.res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      return;
    }
    const last = st.chat
      ? { index: 0, delta: {}, finish_reason: 'length' }
      : { index: 0, text: '', finish_reason: 'length' };
    st.res.write(
      `data: ${JSON.stringify({ id: st.id, object: st.chat ? 'chat.completion.chunk' : 'text_completion', created: st.created, model: model.id, choices: [last], sim_t: stamp })}\n\n`,
    );
    if (st.includeUsage)
      st.res.write(
        `data: ${JSON.stringify({ id: st.id, object: st.chat ? 'chat.completion.chunk' : 'text_completion', created: st.created, model: model.id, choices: [], usage: usage(st.seq) })}\n\n`,
      );
    st.res.end('data: [DONE]\n\n');
  };

  const state = () => {
    const t = simNow();
    const e = energyAt(t);
    // power.draw.average: mean over the last simulated second (nvidia-smi's 1 s window).
    let ref = history[0];
    for (const h of history) if (h[0] <= t - 1000) ref = h;
    const span = t - ref[0];
    const avg = span > 0 ? (e - ref[1]) / span : seg.powerW;
    const devices = Array.from({ length: tp }, (_, index) => ({
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
      gpu_key: opts.gpu ?? 'H100-SXM',
      gpu_memory_gb: gpu.memGb,
      model: model.id,
      params_b: model.paramsB,
      tp,
      max_num_seqs: engine.cfg.maxNumSeqs,
      time_scale: K,
      sim_time_s: t / 1000,
      wall_epoch_ms: wallEpochMs(),
      pid: process.pid,
      lag_s: lagMs / 1000,
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
        min_power_limit_w: Math.round(gpu.tdpW * 0.3),
        max_power_limit_w: gpu.tdpW,
      },
      devices,
    };
  };

  const applyKnobs = (b: Record<string, unknown>): string | null => {
    const num = (k: string) => (typeof b[k] === 'number' && Number.isFinite(b[k]) ? (b[k] as number) : undefined);
    if (b.reset === true || b.reset_clocks === true) {
      engine.knobs = { powerLimitW: engine.knobs.powerLimitW };
    }
    const lo = num('sm_clock_mhz_min');
    const hi = num('sm_clock_mhz_max');
    if (lo !== undefined || hi !== undefined) {
      if (lo === undefined || hi === undefined || lo > hi || lo < 0)
        return 'sm_clock_mhz_min and sm_clock_mhz_max are both required, 0 <= min <= max';
      engine.knobs = { ...engine.knobs, smMinMhz: lo, smMaxMhz: hi };
    }
    const pl = num('power_limit_w');
    if (b.power_limit_w !== undefined) {
      const min = Math.round(gpu.tdpW * 0.3);
      if (pl === undefined || pl < min || pl > gpu.tdpW)
        return `Provided power limit ${String(b.power_limit_w)} W is not a valid power limit which should be between ${min.toFixed(2)} W and ${gpu.tdpW.toFixed(2)} W`;
      engine.knobs = { ...engine.knobs, powerLimitW: pl };
    }
    // The new knobs apply from the next step; an idle device re-reads its idle clock now.
    if (!plan) setSegment(simNow(), engine.idlePower(), engine.idleClock(), 0);
    return null;
  };

  // noDelay: every token chunk leaves at once (no Nagle batching against delayed ACKs).
  const server = http.createServer({ noDelay: true }, (req, res) => {
    const url = req.url ?? '/';
    const path = url.split('?')[0];
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
      if (path === '/sim/knobs') {
        const err = applyKnobs(body);
        if (err) return sendJson(400, { error: { message: err } });
        log(`knobs ${JSON.stringify(engine.knobs)}`);
        return sendJson(200, { ok: true, knobs: state().knobs });
      }
      const chat = path === '/v1/chat/completions';
      if (!chat && path !== '/v1/completions') return sendJson(404, { error: { message: `no route POST ${path}` } });
      let prompt = '';
      if (chat) {
        const msgs = Array.isArray(body.messages) ? (body.messages as Array<{ content?: unknown }>) : null;
        if (!msgs) return sendJson(400, { error: { message: 'messages: required array' } });
        prompt = msgs.map((m) => (typeof m.content === 'string' ? m.content : '')).join(' ');
      } else {
        const p = body.prompt;
        prompt = typeof p === 'string' ? p : Array.isArray(p) && typeof p[0] === 'string' ? p[0] : '';
        if (typeof p !== 'string' && !Array.isArray(p))
          return sendJson(400, { error: { message: 'prompt: required string' } });
      }
      const maxTokens = Number(body.max_tokens ?? body.max_completion_tokens ?? 16);
      if (!Number.isInteger(maxTokens) || maxTokens < 1)
        return sendJson(400, { error: { message: 'max_tokens must be a positive integer' } });
      // The simulated model never emits EOS: it always generates max_tokens, which is what
      // ignore_eos and min_tokens ask of a real server. min_tokens is checked as vLLM checks it.
      if (body.min_tokens !== undefined) {
        const minTokens = Number(body.min_tokens);
        if (!Number.isInteger(minTokens) || minTokens < 0 || minTokens > maxTokens)
          return sendJson(400, { error: { message: 'min_tokens must be an integer between 0 and max_tokens' } });
      }
      const inputTokens = Math.max(1, prompt.split(/\s+/).filter(Boolean).length);
      const seq: SimSeq = {
        id: `cmpl-${nextId++}`,
        inputTokens,
        maxTokens,
        prefilled: 0,
        generated: 0,
        arrivalMs: simNow(),
      };
      const st: Stream = {
        seq,
        res,
        chat,
        stream: body.stream === true,
        includeUsage: (body.stream_options as { include_usage?: boolean } | undefined)?.include_usage === true,
        id: seq.id,
        created: Math.floor(Date.now() / 1000),
        text: [],
      };
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
    });
  });
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

function round(x: number, d: number) {
  const m = 10 ** d;
  return Math.round(x * m) / m;
}
