import { cancelSweep } from '@/db/queries/sweeps';
import { requireRole } from '@/lib/auth/guard';
import { sweepActionRoute } from '@/lib/sweeps/action-route';

export const dynamic = 'force-dynamic';

/** POST: cancels the sweep (queued points at once; running jobs are stopped by the worker, GPU settings restored). */
export const POST = sweepActionRoute(
  (req) => requireRole(req, 'engineer'),
  (db, id) => cancelSweep(db, id),
);
