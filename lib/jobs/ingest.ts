/**
 * Turns a point's record.json (the harness's run record) into the stored run: provenance
 * (source.kind 'sweep', sweep id, point index), a label naming the sweep and knobs, the server-side
 * knobs the harness cannot know (max_num_seqs, tp), and hardware.simulated forced on for
 * simulated sweeps. Validated with the run record schema; a bad record fails the point with the
 * schema's message.
 */
import fs from 'node:fs';
import path from 'node:path';
import { JOB_FILES, exitSchema, type PointExit } from '@/lib/executors/point-spec';
import { formatIssues, runRecordSchema, type RunRecord } from '@/lib/record/schema';
import { knobLabel } from '@/lib/sweeps/grid';

export function readExit(jobDir: string): PointExit | null {
  try {
    const r = exitSchema.safeParse(JSON.parse(fs.readFileSync(path.join(jobDir, JOB_FILES.exit), 'utf8')));
    return r.success ? r.data : null;
  } catch {
    return null;
  }
}

/** The run record a finished sweep point left in its job directory, stamped with the sweep that produced it. */
export function readPointRecord(
  jobDir: string,
  ctx: {
    sweepId: number;
    sweepName: string;
    idx: number;
    rep: number;
    knobs: Record<string, number>;
    simulated: boolean;
  },
): { record: RunRecord } | { error: string } {
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(fs.readFileSync(path.join(jobDir, JOB_FILES.record), 'utf8'));
  } catch (e) {
    return { error: `no readable ${JOB_FILES.record} in ${jobDir}: ${(e as Error).message}` };
  }
  const knobs = { ...ctx.knobs, ...((raw.knobs as Record<string, unknown>) ?? {}) } as Record<string, unknown>;
  for (const k of ['tp', 'max_num_seqs'] as const) if (ctx.knobs[k] !== undefined) knobs[k] = ctx.knobs[k];
  const hardware = { ...((raw.hardware as Record<string, unknown>) ?? {}) };
  if (ctx.simulated) hardware.simulated = true;
  if (ctx.knobs.tp !== undefined && (hardware.gpu_count === undefined || (hardware.gpu_count as number) < ctx.knobs.tp))
    hardware.gpu_count = ctx.knobs.tp;
  const rec = {
    ...raw,
    source: {
      ...((raw.source as Record<string, unknown>) ?? {}),
      kind: 'sweep',
      sweep_id: ctx.sweepId,
      point: ctx.idx,
    },
    label: `${ctx.sweepName} #${ctx.idx}${ctx.rep ? ` rep ${ctx.rep}` : ''}: ${knobLabel(ctx.knobs)}`.slice(0, 300),
    knobs,
    hardware,
  };
  delete (rec as Record<string, unknown>).id;
  delete (rec as Record<string, unknown>).study_id;
  const r = runRecordSchema.safeParse(rec);
  if (!r.success) return { error: `harness record is invalid: ${formatIssues(r.error.issues)}` };
  return { record: r.data };
}
