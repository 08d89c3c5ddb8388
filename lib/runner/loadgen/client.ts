/**
 * One streaming request to an OpenAI-compatible server over node:http with a keep-alive agent
 * (cheaper per chunk than fetch/undici streams; a timestamp is taken once per socket read, with
 * performance.now() in ms since the epoch). SSE events are parsed incrementally; every event with
 * non-empty text is one "token arrival" (servers may pack several tokens into one event; token
 * counts then come from the usage field).
 */
import http from 'node:http';
import https from 'node:https';
import { performance } from 'node:perf_hooks';

export type Api = 'completions' | 'chat';

export type RequestResult = {
  /** ms since the epoch (high resolution) */
  startMs: number;
  /** arrival times of content chunks, ms since the epoch */
  chunkMs: number[];
  endMs?: number;
  success: boolean;
  error?: string;
  /** connection-level failure (server gone) as opposed to an HTTP/protocol error */
  connError?: boolean;
  inputTokens?: number;
  outputTokens?: number;
  /** the simulated server's per-chunk send stamps (sim_t), when present */
  serverMs?: number[];
};

/** minTokens (vLLM's min_tokens) is sent only when given: trace replay forces the output length. */
export type RequestSpec = { prompt: string; maxTokens: number; inputLen?: number; minTokens?: number };

export type ClientOptions = {
  endpoint: string;
  model: string;
  api: Api;
  ignoreEos: boolean;
  agent: http.Agent;
  timeoutMs: number;
  keepServerStamps?: boolean;
};

const now = () => performance.timeOrigin + performance.now();

/**
 * Deferred parsing. In one event-loop turn libuv delivers every socket that became readable;
 * if each 'data' callback parsed its SSE events before returning, the k-th socket of the turn
 * would be stamped k parse-times late (at 256 streams, milliseconds). So a callback only stamps
 * and queues its bytes; one setImmediate per turn (check phase, after all I/O callbacks) parses
 * everything in arrival order with the stamps taken on arrival.
 */
const parseQueue: Array<() => void> = [];
let flushScheduled = false;
function deferParse(fn: () => void) {
  parseQueue.push(fn);
  if (flushScheduled) return;
  flushScheduled = true;
  setImmediate(() => {
    flushScheduled = false;
    // Drain by index: a parse step may enqueue nothing, but never reorders earlier ones.
    for (let i = 0; i < parseQueue.length; i++) parseQueue[i]();
    parseQueue.length = 0;
  });
}
const CONN_ERRORS = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', 'ECONNABORTED']);

export function makeAgent(endpoint: string, maxSockets: number): http.Agent {
  const Agent = endpoint.startsWith('https:') ? https.Agent : http.Agent;
  return new Agent({
    keepAlive: true,
    maxSockets,
    maxFreeSockets: maxSockets,
    scheduling: 'fifo',
    noDelay: true,
  } as http.AgentOptions);
}

export function sendRequest(o: ClientOptions, spec: RequestSpec, signal?: AbortSignal): Promise<RequestResult> {
  const base = o.endpoint.replace(/\/+$/, '');
  const path = o.api === 'chat' ? '/v1/chat/completions' : '/v1/completions';
  const body: Record<string, unknown> = {
    model: o.model,
    max_tokens: spec.maxTokens,
    stream: true,
    stream_options: { include_usage: true },
    temperature: 0,
  };
  if (o.ignoreEos) body.ignore_eos = true;
  if (spec.minTokens !== undefined) body.min_tokens = spec.minTokens;
  if (o.api === 'chat') body.messages = [{ role: 'user', content: spec.prompt }];
  else body.prompt = spec.prompt;
  const data = Buffer.from(JSON.stringify(body));
  const url = new URL(base + path);
  const mod = url.protocol === 'https:' ? https : http;

  return new Promise((resolve) => {
    const r: RequestResult = { startMs: now(), chunkMs: [], success: false };
    if (o.keepServerStamps) r.serverMs = [];
    let settled = false;
    const done = (err?: string, conn = false) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      if (err) {
        r.error = err;
        r.connError = conn;
      } else {
        r.success = true;
        r.endMs ??= now();
        if (r.outputTokens === undefined) r.outputTokens = r.chunkMs.length;
      }
      resolve(r);
    };
    const req = mod.request(
      url,
      {
        method: 'POST',
        agent: o.agent,
        headers: { 'content-type': 'application/json', 'content-length': data.length, accept: 'text/event-stream' },
      },
      (res) => {
        if (res.statusCode !== 200) {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (c: string) => (text += c.length < 2000 ? c : ''));
          res.on('end', () => done(`HTTP ${res.statusCode}: ${text.slice(0, 300).trim()}`));
          res.on('error', (e) => done(e.message));
          return;
        }
        let buf = '';
        let sawDone = false;
        res.setEncoding('utf8');
        const parse = (t: number, chunk: string) => {
          if (settled) return;
          buf += chunk;
          let idx: number;
          while ((idx = buf.indexOf('\n\n')) >= 0) {
            const event = buf.slice(0, idx);
            buf = buf.slice(idx + 2);
            for (const line of event.split('\n')) {
              if (!line.startsWith('data:')) continue;
              const payload = line.slice(5).trim();
              if (payload === '[DONE]') {
                sawDone = true;
                r.endMs = t;
                continue;
              }
              let msg: {
                choices?: Array<{ text?: string; delta?: { content?: string; reasoning_content?: string } }>;
                usage?: { prompt_tokens?: number; completion_tokens?: number } | null;
                error?: { message?: string } | string;
                sim_t?: number;
              };
              try {
                msg = JSON.parse(payload);
              } catch {
                continue;
              }
              if (msg.error)
                return void (
                  req.destroy(),
                  done(`server error: ${typeof msg.error === 'string' ? msg.error : msg.error.message}`)
                );
              const c = msg.choices?.[0];
              const text = c?.text ?? c?.delta?.content ?? c?.delta?.reasoning_content;
              if (text) {
                r.chunkMs.push(t);
                if (r.serverMs && msg.sim_t !== undefined) r.serverMs.push(msg.sim_t);
              }
              if (msg.usage) {
                if (msg.usage.prompt_tokens !== undefined) r.inputTokens = msg.usage.prompt_tokens;
                if (msg.usage.completion_tokens !== undefined) r.outputTokens = msg.usage.completion_tokens;
              }
            }
          }
          if (buf.includes('\r\n')) buf = buf.replace(/\r\n/g, '\n');
        };
        res.on('data', (chunk: string) => {
          const t = now();
          deferParse(() => parse(t, chunk));
        });
        // End and errors go through the same queue so they are seen after the last chunk.
        res.on('end', () => {
          const t = now();
          deferParse(() => {
            if (!sawDone) r.endMs = t;
            if (r.chunkMs.length === 0) done('stream ended without any token');
            else done();
          });
        });
        res.on('aborted', () => deferParse(() => done('server closed the stream mid-response', true)));
        res.on('error', (e) => deferParse(() => done(e.message, true)));
      },
    );
    req.setTimeout(o.timeoutMs, () => {
      req.destroy();
      done(`timed out after ${o.timeoutMs} ms`);
    });
    req.on('error', (e: NodeJS.ErrnoException) =>
      done(
        e.code ? `${e.code}: ${e.message}` : e.message,
        CONN_ERRORS.has(e.code ?? '') || /socket hang up/.test(e.message),
      ),
    );
    const onAbort = () => {
      req.destroy();
      done('cancelled');
    };
    if (signal?.aborted) return onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
    req.end(data);
  });
}
