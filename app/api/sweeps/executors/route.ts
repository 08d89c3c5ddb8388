import { requireReader } from '@/lib/auth/guard';
import { handler, json } from '@/lib/http';
import { slurmInfo } from '@/lib/executors/slurm';

export const dynamic = 'force-dynamic';

/** GET: the executors this host can use (local always; Slurm when its client tools answer). */
export const GET = handler(async (req: Request) => {
  await requireReader(req);
  return json({ local: { available: true }, slurm: await slurmInfo() });
});
