/**
 * The simulated GPU's inference engine, in simulated time (milliseconds) with no timers: a
 * continuous-batching scheduler like vLLM's (chunked prefill, max_num_seqs, a per-step token
 * budget) whose step times follow a roofline model of the GPU and whose power follows a simple
 * f*V^2 model. The HTTP server (./server.ts) drives it in real time; ./offline.ts drives it in
 * virtual time for calibration and tests.
 *
 * Step time = CPU overhead (clock-independent: scheduling, sampling, detokenising)
 *           + max(compute time, memory time) + tensor-parallel all-reduce time.
 *   compute = FLOPs / (peak x MFU x f/fmax)     -> prefill is compute-bound and clock-scaled
 *   memory  = bytes / (bandwidth x efficiency)  -> decode reads weights + KV; weak clock term
 * Power    = idle + (TDP - idle) x activity(f), activity rising with (f/fmax)^2.8 (f x V^2 with
 *            V roughly linear in f), capped by the power limit by throttling f.
 */
import type { GpuSpec, ModelSpec } from './specs';

/** Calibration constants (see docs/runner.md, "Calibration"). */
export const SIM_CONSTANTS = {
  mfu: 0.55,
  memEff: 0.7,
  /** Weak SM-clock dependence of memory-bound kernels: +8% time per 100% clock deficit. */
  memClockSens: 0.08,
  /** CPU overhead per step (ms) and per sequence in the step (ms). */
  stepOverheadMs: 4,
  perSeqOverheadMs: 0.25,
  /** Power activity weights: floor while serving, compute-busy, memory-busy. */
  actFloor: 0.12,
  actCompute: 0.85,
  actMemory: 0.4,
  /** Exponent of the dynamic power's clock dependence (f x V^2). */
  powerExp: 2.8,
  /** Share of memory-bound power that does not scale with SM clock (HBM, IO). */
  memPowerFixed: 0.35,
  allReduceLatencyMs: 0.012,
  nvlinkBw: 300e9,
};

export type SimKnobs = { smMinMhz?: number; smMaxMhz?: number; powerLimitW: number };

export type SimSeq = {
  id: string;
  inputTokens: number;
  maxTokens: number;
  prefilled: number;
  generated: number;
  arrivalMs: number;
  admittedMs?: number;
  firstTokenMs?: number;
  doneMs?: number;
};

export type StepPlan = {
  durMs: number;
  clockMhz: number;
  /** Per-GPU power during the step. */
  powerW: number;
  utilization: number;
  /** Sequences that get a token at the end of the step. */
  emit: SimSeq[];
  prefillChunks: Array<[SimSeq, number]>;
  throttled: boolean;
};

export type EngineConfig = {
  gpu: GpuSpec;
  model: ModelSpec;
  tp: number;
  maxNumSeqs: number;
  maxBatchedTokens?: number;
};

export class SimEngine {
  readonly waiting: SimSeq[] = [];
  readonly running: SimSeq[] = [];
  knobs: SimKnobs;
  readonly maxBatchedTokens: number;

  constructor(readonly cfg: EngineConfig) {
    this.knobs = { powerLimitW: cfg.gpu.tdpW };
    this.maxBatchedTokens = cfg.maxBatchedTokens ?? 4096;
  }

  add(seq: SimSeq) {
    this.waiting.push(seq);
  }

  hasWork() {
    return this.waiting.length > 0 || this.running.length > 0;
  }

  /** The clock the GPU runs at when busy, before power capping. */
  targetClock(): number {
    const { gpu } = this.cfg;
    return Math.min(gpu.maxSmMhz, this.knobs.smMaxMhz ?? gpu.maxSmMhz);
  }

  idleClock(): number {
    return Math.max(this.cfg.gpu.idleSmMhz, Math.min(this.knobs.smMinMhz ?? 0, this.cfg.gpu.maxSmMhz));
  }

  idlePower(): number {
    return this.cfg.gpu.idleW;
  }

  /** Picks the next step's batch (admitting waiting sequences) and its duration and power. */
  planStep(nowMs: number): StepPlan | null {
    if (!this.hasWork()) return null;
    const emit: SimSeq[] = [];
    const chunks: Array<[SimSeq, number]> = [];
    let budget = this.maxBatchedTokens;
    for (const s of this.running)
      if (s.prefilled >= s.inputTokens) {
        emit.push(s);
        budget--;
      }
    for (const s of this.running) {
      if (s.prefilled >= s.inputTokens || budget <= 0) continue;
      const c = Math.min(budget, s.inputTokens - s.prefilled);
      chunks.push([s, c]);
      budget -= c;
    }
    while (this.waiting.length && this.running.length < this.cfg.maxNumSeqs && budget > 0) {
      const s = this.waiting.shift()!;
      s.admittedMs = nowMs;
      this.running.push(s);
      const c = Math.min(budget, s.inputTokens - s.prefilled);
      chunks.push([s, c]);
      budget -= c;
    }
    for (const [s, c] of chunks) if (s.prefilled + c >= s.inputTokens) emit.push(s);
    const cost = this.stepCost(emit, chunks);
    return { ...cost, emit, prefillChunks: chunks };
  }

  /** Applies a planned step at its end time; returns the tokens emitted and the finished sequences. */
  completeStep(plan: StepPlan, endMs: number): { tokens: SimSeq[]; finished: SimSeq[] } {
    for (const [s, c] of plan.prefillChunks) s.prefilled += c;
    const finished: SimSeq[] = [];
    for (const s of plan.emit) {
      s.generated++;
      if (s.generated === 1) s.firstTokenMs = endMs;
      if (s.generated >= s.maxTokens) {
        s.doneMs = endMs;
        finished.push(s);
      }
    }
    if (finished.length) {
      const done = new Set(finished);
      for (let i = this.running.length - 1; i >= 0; i--) if (done.has(this.running[i])) this.running.splice(i, 1);
    }
    return { tokens: plan.emit, finished };
  }

  /** Removes a sequence (client disconnected). */
  cancel(seq: SimSeq) {
    for (const list of [this.waiting, this.running]) {
      const i = list.indexOf(seq);
      if (i >= 0) list.splice(i, 1);
    }
  }

  private stepCost(emit: SimSeq[], chunks: Array<[SimSeq, number]>) {
    const { gpu, model, tp } = this.cfg;
    const K = SIM_CONSTANTS;
    const P = model.paramsB * 1e9;
    const decoding = emit.filter((s) => s.prefilled >= s.inputTokens);
    let tokens = decoding.length;
    let flops = 0;
    let kvRead = 0;
    for (const s of decoding) {
      const ctx = s.inputTokens + s.generated;
      flops += 4 * model.layers * model.hidden * ctx;
      kvRead += ctx;
    }
    for (const [s, c] of chunks) {
      tokens += c;
      flops += 4 * model.layers * model.hidden * c * (s.prefilled + c / 2);
      kvRead += s.prefilled;
    }
    flops = (flops + 2 * P * tokens) / tp;
    const bytes = (P * model.bytesPerParam + kvRead * model.kvBytesPerToken) / tp;
    const nSeqs = new Set([...decoding, ...chunks.map(([s]) => s)]).size;
    const overhead = K.stepOverheadMs + K.perSeqOverheadMs * nSeqs;
    const comm =
      tp > 1
        ? model.layers *
          2 *
          (K.allReduceLatencyMs + ((tokens * model.hidden * 2 * 2 * (tp - 1)) / tp / K.nvlinkBw) * 1e3)
        : 0;

    const at = (f: number) => {
      const r = f / gpu.maxSmMhz;
      const tComp = (flops / (gpu.flops * K.mfu * r)) * 1e3;
      const tMem = (bytes / (gpu.memBw * K.memEff)) * 1e3 * (1 + K.memClockSens * (1 / r - 1));
      const durMs = overhead + Math.max(tComp, tMem) + comm;
      const s = Math.pow(r, K.powerExp);
      const uC = tComp / durMs;
      const uM = tMem / durMs;
      const act =
        K.actFloor * s + K.actCompute * uC * s + K.actMemory * uM * (K.memPowerFixed + (1 - K.memPowerFixed) * s);
      const powerW = gpu.idleW + (gpu.tdpW - gpu.idleW) * Math.min(1, act);
      const utilization = Math.min(1, (Math.max(tComp, tMem) + comm) / durMs + 0.1 * (overhead / durMs));
      return { durMs, powerW, utilization };
    };
    const fTarget = this.targetClock();
    let f = fTarget;
    let res = at(f);
    let throttled = false;
    if (res.powerW > this.knobs.powerLimitW) {
      // Power capping: the largest clock whose power fits the limit (bisection; power rises with f).
      throttled = true;
      let lo = gpu.minSmMhz;
      let hi = fTarget;
      for (let i = 0; i < 30; i++) {
        const mid = (lo + hi) / 2;
        if (at(mid).powerW > this.knobs.powerLimitW) hi = mid;
        else lo = mid;
      }
      f = lo;
      res = at(f);
    }
    return { ...res, clockMhz: Math.round(f), throttled };
  }
}
