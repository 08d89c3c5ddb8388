import { cancelPoint } from '@/db/queries/sweeps';
import { requireRole } from '@/lib/auth/guard';
import { sweepActionRoute } from '@/lib/sweeps/action-route';

export const dynamic = 'force-dynamic';

/** POST: cancels one point. */
export const POST = sweepActionRoute(
  (req) => requireRole(req, 'engineer'),
  (db, id, pointId) => cancelPoint(db, id, pointId!),
);
