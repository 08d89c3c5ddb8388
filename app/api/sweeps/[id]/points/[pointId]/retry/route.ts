import { retryPoints } from '@/db/queries/sweeps';
import { requireSweepLauncher } from '@/lib/auth/guard';
import { sweepActionRoute } from '@/lib/sweeps/action-route';

export const dynamic = 'force-dynamic';

/** POST: re-queues one failed or cancelled point (new attempt). */
export const POST = sweepActionRoute(
  (req) => requireSweepLauncher(req),
  (db, id, pointId) => retryPoints(db, id, pointId!),
);
