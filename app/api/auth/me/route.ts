import { getDb } from '@/db/client';
import { userCount } from '@/db/queries/users';
import { principalOf } from '@/lib/auth/guard';
import { handler, json } from '@/lib/http';

export const dynamic = 'force-dynamic';

/** GET /api/auth/me -> { principal | null, setupNeeded } (public: tells the UI whom it is talking to). */
export const GET = handler(async (req: Request) => {
  const db = getDb();
  let principal = null;
  try {
    principal = await principalOf(req, db);
  } catch {
    principal = null;
  }
  return json({ principal, setupNeeded: userCount(db) === 0 });
});
