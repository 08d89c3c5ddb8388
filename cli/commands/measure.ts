/**
 * `joulebench measure --endpoint URL --model NAME --requests N (--concurrency C | --rate R)
 *   --input-len I --output-len O [--power auto|nvml|nvidia-smi|dcgm|rapl|sim|none]
 *   [--nvidia-smi PATH] [--sm-clock MHZ|MIN,MAX] [--power-limit W] [--json] [--out FILE]
 *   [--server URL --token T]`
 * or, replaying a request trace: `joulebench measure --endpoint URL --model NAME
 *   --trace FILE|builtin:NAME [--speedup K] [--start S --duration D] [--max-requests N]`
 * With --json, stdout carries exactly one run record and nothing else; logs go to stderr.
 * SIGINT/SIGTERM cancel the run: GPU knobs are restored, then exit 130/143. A GPU setting that
 * cannot be restored exits 3. `--recover [FILE]` only restores settings left by a killed run.
 */
import fs from 'node:fs';
import type { Command } from 'commander';
import { runMeasurement, type MeasureOptions } from '@/lib/runner/measure';
import { parseTemplate } from '@/lib/runner/server/template';
import { MeasureError, OptionError } from '@/lib/runner/errors';
import { defaultRestoreDir, describeOutcome, recoverStale, restoreFromFile } from '@/lib/runner/knobs/restore-file';
import type { RunRecord } from '@/lib/record/schema';
import { env } from '@/lib/env';
import { loadTraceArg } from '@/lib/workloads/load';

type Opts = Record<string, string | boolean | undefined>;

const num = (v: string | boolean | undefined, name: string): number | undefined => {
  if (v === undefined || typeof v === 'boolean') return undefined;
  const n = Number(v);
  if (!Number.isFinite(n)) throw new OptionError(`${name} must be a number (got '${v}')`);
  return n;
};

export function toOptions(o: Opts): MeasureOptions {
  const smClock = typeof o.smClock === 'string' ? o.smClock.split(',').map(Number) : undefined;
  if (smClock && (smClock.length > 2 || smClock.some((x) => !Number.isInteger(x) || x <= 0)))
    throw new OptionError(`--sm-clock must be MHZ or MIN,MAX in MHz (got '${o.smClock}')`);
  const gpus = typeof o.gpu === 'string' ? o.gpu.split(',').map(Number) : undefined;
  if (gpus?.some((g) => !Number.isInteger(g) || g < 0))
    throw new OptionError(`--gpu must be GPU indices like 0 or 0,1 (got '${o.gpu}')`);
  const power = (o.power as string) ?? 'auto';
  if (!['auto', 'nvml', 'nvidia-smi', 'dcgm', 'rapl', 'sim', 'none'].includes(power))
    throw new OptionError(`--power must be auto, nvml, nvidia-smi, dcgm, rapl, sim or none (got '${power}')`);
  const dist = (v: unknown, name: string) => {
    if (v === undefined) return undefined;
    if (!['fixed', 'uniform', 'normal'].includes(v as string))
      throw new OptionError(`${name} must be fixed, uniform or normal`);
    return v as 'fixed' | 'uniform' | 'normal';
  };
  let server: MeasureOptions['server'];
  if (typeof o.serverCmd === 'string') {
    try {
      server = {
        argv: parseTemplate(o.serverCmd),
        port: num(o.serverPort, '--server-port'),
        logFile: o.serverLog as string | undefined,
        healthTimeoutS: num(o.healthTimeout, '--health-timeout'),
      };
    } catch (e) {
      throw new OptionError(`--server-cmd: ${(e as Error).message}`);
    }
  }
  const trace = traceOptions(o);
  return {
    trace,
    endpoint: o.endpoint as string | undefined,
    server,
    model: o.model as string,
    api: o.api === 'chat' ? 'chat' : 'completions',
    requests: num(o.requests, '--requests'),
    // With --trace, --duration is the length of the trace slice (trace seconds).
    durationS: trace ? undefined : num(o.duration, '--duration'),
    concurrency: num(o.concurrency, '--concurrency'),
    rate: num(o.rate, '--rate'),
    arrival: o.arrival === 'constant' ? 'constant' : 'poisson',
    inputLen: num(o.inputLen, '--input-len'),
    outputLen: num(o.outputLen, '--output-len'),
    inputDist: dist(o.inputDist, '--input-dist'),
    outputDist: dist(o.outputDist, '--output-dist'),
    lenSpread: num(o.lenSpread, '--len-spread'),
    dataset: o.dataset as string | undefined,
    warmup: num(o.warmup, '--warmup'),
    seed: num(o.seed, '--seed'),
    ignoreEos: o.ignoreEos !== false,
    requestTimeoutS: num(o.requestTimeout, '--request-timeout'),
    power: power as MeasureOptions['power'],
    nvidiaSmi: o.nvidiaSmi as string | undefined,
    dcgmUrl: o.dcgmUrl as string | undefined,
    sampleMs: num(o.sampleMs, '--sample-ms'),
    gpus,
    smClock: smClock ? [smClock[0], smClock[smClock.length - 1]] : undefined,
    powerLimitW: num(o.powerLimit, '--power-limit'),
    tp: num(o.tp, '--tp'),
    maxNumSeqs: num(o.maxNumSeqs, '--max-num-seqs'),
    pp: num(o.pp, '--pp'),
    dtype: o.dtype as string | undefined,
    gpuModel: o.gpuModel as string | undefined,
    engine: o.engine as string | undefined,
    label: o.label as string | undefined,
    sweepId: o.sweepId as string | undefined,
    point: num(o.point, '--point'),
    restoreFile: (o.restoreFile as string | undefined) ?? env('JOULEBENCH_RESTORE_FILE'),
  };
}

/** `--trace FILE|builtin:NAME [--start S] [--duration D] [--max-requests N] [--speedup K]`. */
function traceOptions(o: Opts): MeasureOptions['trace'] {
  if (o.trace === undefined) return undefined;
  if (typeof o.trace !== 'string') throw new OptionError('--trace needs a trace file or builtin:NAME');
  let workload;
  try {
    workload = loadTraceArg(o.trace);
  } catch (e) {
    throw new OptionError(`--trace: ${(e as Error).message}`);
  }
  return {
    workload,
    startS: num(o.start, '--start'),
    durationS: num(o.duration, '--duration'),
    maxRequests: num(o.maxRequests, '--max-requests'),
    speedup: num(o.speedup, '--speedup'),
  };
}

/**
 * `--recover [FILE]`: restore the GPU settings a killed run left in FILE (default: every stale
 * restore file of this host in the default directory). Exit 0 when nothing is left changed, 3 when
 * some setting could not be restored.
 */
async function recover(file: string | true, quiet: boolean): Promise<number> {
  const log = (m: string) => quiet || process.stderr.write(`joulebench measure: ${m}\n`);
  const outcomes =
    typeof file === 'string'
      ? [await restoreFromFile(file, { log })]
      : await recoverStale(defaultRestoreDir(), { log });
  if (!outcomes.length) log(`no stale GPU restore file in ${defaultRestoreDir()}`);
  let failed = false;
  for (const r of outcomes) {
    const bad = r.status === 'failed' || r.status === 'elsewhere' || r.status === 'busy';
    failed ||= bad;
    process.stderr.write(`joulebench measure: ${r.file}: ${describeOutcome(r, 'joulebench measure --recover')}\n`);
  }
  return failed ? 3 : 0;
}

function summary(r: RunRecord): string {
  const m = r.metrics;
  const f = (v: number | undefined, d = 1) => (v === undefined ? '-' : v.toFixed(d));
  return [
    `${r.label}${r.hardware.simulated ? '  [SIMULATED]' : ''}`,
    `  requests ${m.completed} ok / ${m.failed} failed, window ${f(m.duration_s, 2)} s (${r.energy_provenance?.window?.steady_state ? 'steady state' : 'whole run'})${r.stability?.stable === false ? `, UNSTABLE: ${r.stability.reason}` : ''}`,
    `  throughput ${f(m.output_throughput_tps)} output tok/s, ${f(m.request_throughput_rps, 2)} req/s`,
    `  TTFT mean ${f(m.ttft_ms_mean)} ms p99 ${f(m.ttft_ms_p99)} ms; TPOT mean ${f(m.tpot_ms_mean)} ms p99 ${f(m.tpot_ms_p99)} ms; ITL p99 ${f(m.itl_ms_p99)} ms`,
    `  energy ${f(m.energy_j)} J, avg power ${f(m.avg_power_w)} W, ${f(m.energy_per_output_token_j, 4)} J/output token (${r.energy_provenance ? `${r.energy_provenance.method}, ${r.energy_provenance.source}` : 'no power source'})`,
  ].join('\n');
}

export function register(program: Command) {
  program
    .command('measure')
    .description('measure one configuration: apply GPU knobs, drive load, sample power, emit a run record')
    .option('--endpoint <url>', 'OpenAI-compatible server base URL (already running)')
    .option(
      '--server-cmd <preset|json>',
      'start the server: vllm, sglang, or a JSON argv array with {model} {tp} {max_num_seqs} {port} ... placeholders',
    )
    .option('--server-port <n>', 'port for --server-cmd (default: a free port)')
    .option('--server-log <file>', 'log file for --server-cmd')
    .option('--health-timeout <s>', 'seconds to wait for the started server to become healthy', '600')
    .option('--model <name>', 'model name sent in requests')
    .option('--api <kind>', 'completions or chat', 'completions')
    .option('--requests <n>', 'number of measured requests')
    .option(
      '--duration <s>',
      'stop sending after S seconds (simulated seconds against a time-scaled sim); with --trace, the slice of the trace to replay (trace seconds)',
    )
    .option(
      '--trace <file|builtin:name>',
      'replay a request trace (Azure TIMESTAMP,ContextTokens,GeneratedTokens CSV, or builtin:azure-conv-2023 / builtin:azure-code-2023): open loop, each request at its arrival time with its input and forced output length',
    )
    .option('--speedup <k>', 'with --trace: divide arrival gaps by K (time compression)', '1')
    .option('--start <s>', 'with --trace: start the slice S trace seconds in')
    .option('--max-requests <n>', 'with --trace: replay at most N requests')
    .option('--concurrency <c>', 'fixed concurrency (closed loop), or the in-flight cap with --rate')
    .option('--rate <r>', 'arrival rate, requests/s (open loop)')
    .option('--arrival <kind>', 'poisson or constant (with --rate)', 'poisson')
    .option('--input-len <i>', 'input tokens per request (mean for uniform/normal)')
    .option('--output-len <o>', 'output tokens per request (max_tokens)')
    .option('--input-dist <kind>', 'fixed, uniform or normal', 'fixed')
    .option('--output-dist <kind>', 'fixed, uniform or normal', 'fixed')
    .option('--len-spread <r>', 'uniform: value*(1±r), default 0.5; normal: std = r*value, default 0.2')
    .option('--pp <n>', 'pipeline parallelism (fills {pp} in --server-cmd; recorded as a knob)')
    .option('--dtype <name>', 'precision/dtype (fills {dtype} in --server-cmd; recorded as model precision)')
    .option('--dataset <file.jsonl>', 'prompts from a JSONL file ({"prompt": ..., "output_len"?: ...} per line)')
    .option('--warmup <n>', 'warm-up requests, excluded', '1')
    .option('--seed <n>', 'seed for prompts and arrivals', '0')
    .option('--no-ignore-eos', 'do not send ignore_eos (for servers that reject it)')
    .option('--request-timeout <s>', 'per-request timeout', '600')
    .option('--power <source>', 'auto|nvml|nvidia-smi|dcgm|rapl|sim|none', 'auto')
    .option('--nvidia-smi <path>', 'nvidia-smi executable (e.g. bin/fake-nvidia-smi)')
    .option('--dcgm-url <url>', 'DCGM exporter metrics URL', 'http://127.0.0.1:9400/metrics')
    .option(
      '--sample-ms <n>',
      'power sampling interval in ms (default 100; against a time-scaled sim, 100/K with a 20 ms floor)',
    )
    .option('--gpu <idx>', 'GPU index(es), e.g. 0 or 0,1 (knobs, sampling, CUDA_VISIBLE_DEVICES)')
    .option('--sm-clock <mhz>', 'lock SM clocks: MHZ or MIN,MAX (restored afterwards)')
    .option('--power-limit <w>', 'set the power limit in W (restored to the previous value afterwards)')
    .option('--tp <n>', 'tensor parallelism (server template, record)')
    .option('--max-num-seqs <n>', 'server batch limit (server template, record)')
    .option('--gpu-model <name>', 'GPU model for the record when it cannot be detected')
    .option('--engine <name>', 'engine name for the record (vllm, sglang, ...)')
    .option('--label <text>', 'run label')
    .option('--sweep-id <id>', 'sweep id (source.kind = sweep)')
    .option('--point <n>', 'sweep point index')
    .option('--json', 'print exactly one run record (JSON) on stdout')
    .option('--out <file>', 'write the run record (JSON) to a file')
    .option('--server <url>', 'POST the run record to a Joulebench server (/api/runs)')
    .option('--token <token>', 'API token for --server (or JOULEBENCH_TOKEN)')
    .option('--quiet', 'no progress on stderr')
    .option(
      '--restore-file <file>',
      'where the original GPU settings are saved before any knob changes (default: JOULEBENCH_RESTORE_FILE, else ~/.joulebench/restore/<host>-<pid>.json)',
    )
    .option(
      '--recover [file]',
      'only restore the GPU settings a killed run left in FILE (default: every stale restore file of this host), then exit',
    )
    .action(async (raw: Opts) => {
      const err = (m: string) => process.stderr.write(`joulebench measure: ${m}\n`);
      if (raw.recover !== undefined) process.exit(await recover(raw.recover as string | true, !!raw.quiet));
      let opts: MeasureOptions;
      try {
        opts = toOptions(raw);
      } catch (e) {
        err((e as Error).message);
        process.exit(2);
      }
      const ac = new AbortController();
      const onSignal = (sig: NodeJS.Signals) => {
        if (ac.signal.aborted) return err(`${sig} again: still restoring GPU settings, please wait`);
        err(`${sig} received: cancelling (changed GPU settings are restored before exit)...`);
        ac.abort(sig);
      };
      process.on('SIGTERM', onSignal);
      process.on('SIGINT', onSignal);
      let lastProgress = 0;
      try {
        const record = await runMeasurement(opts, {
          signal: ac.signal,
          log: (m) => raw.quiet || err(m),
          onProgress: (p) => {
            if (raw.quiet) return;
            const now = Date.now();
            if (p.phase === 'load' && now - lastProgress < 2000 && p.completed !== p.total) return;
            lastProgress = now;
            err(
              p.phase === 'load' || p.phase === 'warmup'
                ? `${p.phase}: ${p.completed}/${p.total} done, ${p.failed ?? 0} failed`
                : `${p.phase}${p.message ? `: ${p.message}` : ''}`,
            );
          },
        });
        const json = JSON.stringify(record);
        if (raw.out) fs.writeFileSync(raw.out as string, json + '\n');
        if (raw.server) {
          const token = (raw.token as string | undefined) ?? env('JOULEBENCH_TOKEN');
          const res = await fetch(new URL('/api/runs', raw.server as string), {
            method: 'POST',
            headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
            body: json,
          });
          const body = (await res.json().catch(() => ({}))) as { ids?: unknown[]; error?: { message?: string } };
          if (!res.ok)
            throw new MeasureError(
              `server ${raw.server} answered ${res.status}: ${body.error?.message ?? res.statusText} (record kept${raw.out ? ` in ${raw.out}` : ''})`,
            );
          err(`posted run to ${raw.server}: ids ${JSON.stringify(body.ids)}`);
        }
        if (raw.json) process.stdout.write(json + '\n');
        else if (!raw.out) process.stdout.write(summary(record) + '\n');
        else err(summary(record));
        process.exit(0);
      } catch (e) {
        const code = e instanceof MeasureError ? e.exitCode : 1;
        err((e as Error).message);
        process.exit(code);
      }
    });
}
