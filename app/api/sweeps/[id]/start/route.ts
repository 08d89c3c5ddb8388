import { startSweep } from '@/db/queries/sweeps';
import { requireSweepLauncher } from '@/lib/auth/guard';
import { sweepActionRoute } from '@/lib/sweeps/action-route';

export const dynamic = 'force-dynamic';

/** POST: queues a saved (draft) sweep. */
export const POST = sweepActionRoute(
  (req) => requireSweepLauncher(req),
  (db, id) => startSweep(db, id),
);
