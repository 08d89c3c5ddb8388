import { getDb } from '@/db/client';
import { getPointOrThrow } from '@/db/queries/sweeps';
import { requireReader } from '@/lib/auth/guard';
import { JOB_FILES } from '@/lib/executors/point-spec';
import { handler, json } from '@/lib/http';
import { parseId } from '@/lib/ids';
import { tailFile } from '@/lib/sweeps/api';

export const dynamic = 'force-dynamic';
type Ctx = { params: Promise<{ id: string; pointId: string }> };

/**
 * GET: the tail (64 KB) of the point's latest attempt logs: runner + server + harness output,
 * the Slurm output file, and the (fake) nvidia-smi knob log (-lgc / -rgc / -pl calls).
 */
export const GET = handler(async (req: Request, ctx: Ctx) => {
  await requireReader(req);
  const p = await ctx.params;
  const pt = getPointOrThrow(getDb(), parseId(p.id, 'sweep id'), parseId(p.pointId, 'point id'));
  const slurmId = /^slurm:(\d+)$/.exec(pt.externalId ?? '')?.[1];
  return json({
    pointId: pt.id,
    attempt: pt.attempt,
    jobDir: pt.jobDir,
    log: tailFile(pt.jobDir, JOB_FILES.log),
    slurmOut: slurmId ? tailFile(pt.jobDir, `slurm-${slurmId}.out`) : '',
    smiLog: tailFile(pt.jobDir, JOB_FILES.smiLog),
    exit: tailFile(pt.jobDir, JOB_FILES.exit) || null,
  });
});
