import { retryPoints } from '@/db/queries/sweeps';
import { requireSweepLauncher } from '@/lib/auth/guard';
import { sweepActionRoute } from '@/lib/sweeps/action-route';

export const dynamic = 'force-dynamic';

/** POST: re-queues every failed or cancelled point. */
export const POST = sweepActionRoute(
  (req) => requireSweepLauncher(req),
  (db, id) => retryPoints(db, id),
);
