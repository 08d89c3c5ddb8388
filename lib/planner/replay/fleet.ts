/**
 * A fleet of simulated instances in virtual time, following a schedule: instances are started,
 * reconfigured and drained at interval boundaries; each is one SimEngine (lib/runner/sim) whose
 * knobs (SM clock lock, power limit) are set the way `nvidia-smi` sets them on the simulated
 * device. Energy is integrated per instance over its busy steps and idle gaps, split at interval
 * boundaries; an instance that is off (not started, or drained after being scaled down) draws
 * nothing.
 */
import { SimEngine, type SimSeq, type StepPlan } from '@/lib/runner/sim/engine';
import { gpuSpec, modelSpec } from '@/lib/runner/sim/specs';
import type { PlanKnobs } from '../types';

export type Instance = {
  engine: SimEngine;
  tp: number;
  mns: number;
  draining: boolean;
  /** Virtual time (ms) the instance's current step ends, or null when idle. */
  stepEnd: number | null;
  step: StepPlan | null;
  /** Virtual time up to which its energy is accounted. */
  accountedMs: number;
};

export class Fleet {
  readonly instances: Instance[] = [];
  constructor(
    private gpu: string,
    private model: string,
    private addEnergy: (fromMs: number, toMs: number, powerW: number) => void,
  ) {}

  /** Brings the active set to `n` instances of the knobs' TP/max_num_seqs and applies the cheap knobs. */
  configure(atMs: number, knobs: PlanKnobs, n: number) {
    const active = this.instances.filter((i) => !i.draining);
    for (const i of active) if (i.tp !== knobs.tp || i.mns !== knobs.max_num_seqs) i.draining = true;
    const same = active.filter((i) => !i.draining);
    for (const i of same.slice(n)) i.draining = true;
    for (let k = same.length; k < n; k++) {
      const engine = new SimEngine({
        gpu: gpuSpec(this.gpu),
        model: modelSpec(this.model),
        tp: knobs.tp,
        maxNumSeqs: knobs.max_num_seqs,
      });
      this.instances.push({
        engine,
        tp: knobs.tp,
        mns: knobs.max_num_seqs,
        draining: false,
        stepEnd: null,
        step: null,
        accountedMs: atMs,
      });
    }
    for (const i of this.instances)
      if (!i.draining)
        i.engine.knobs = {
          smMinMhz: knobs.sm_clock_mhz,
          smMaxMhz: knobs.sm_clock_mhz,
          powerLimitW: knobs.power_limit_w,
        };
  }

  /** Least outstanding requests among the active instances (a common load balancer). */
  route(seq: SimSeq, atMs: number) {
    let best: Instance | null = null;
    for (const i of this.instances) {
      if (i.draining) continue;
      if (!best || load(i) < load(best)) best = i;
    }
    if (!best) throw new Error('replay: no active instance');
    best.engine.add(seq);
    this.kick(best, atMs);
  }

  /** Starts a step on an idle instance that has work (accounting its idle gap first). */
  kick(i: Instance, atMs: number) {
    if (i.step || !i.engine.hasWork()) return;
    this.account(i, atMs, i.engine.idlePower() * i.tp);
    i.step = i.engine.planStep(atMs);
    i.stepEnd = atMs + i.step!.durMs;
  }

  nextStepEnd(): Instance | null {
    let best: Instance | null = null;
    for (const i of this.instances) if (i.stepEnd !== null && (!best || i.stepEnd < best.stepEnd!)) best = i;
    return best;
  }

  /** Ends the instance's current step; returns the tokens emitted and the finished sequences. */
  finishStep(i: Instance) {
    const plan = i.step!;
    const end = i.stepEnd!;
    this.account(i, end, plan.powerW * i.tp);
    i.step = null;
    i.stepEnd = null;
    const out = i.engine.completeStep(plan, end);
    this.kick(i, end);
    if (!i.step && i.draining) this.remove(i);
    return out;
  }

  /** Accounts idle energy up to `atMs` and retires drained instances (at boundaries and at the end). */
  settle(atMs: number) {
    for (const i of [...this.instances]) {
      if (i.step) continue;
      this.account(i, atMs, i.engine.idlePower() * i.tp);
      if (i.draining) this.remove(i);
    }
  }

  private account(i: Instance, toMs: number, powerW: number) {
    if (toMs > i.accountedMs) this.addEnergy(i.accountedMs, toMs, powerW);
    i.accountedMs = Math.max(i.accountedMs, toMs);
  }

  private remove(i: Instance) {
    const k = this.instances.indexOf(i);
    if (k >= 0) this.instances.splice(k, 1);
  }
}

const load = (i: Instance) => i.engine.waiting.length + i.engine.running.length;
