import { z } from 'zod';
import { getDb } from '@/db/client';
import { moveRuns } from '@/db/queries/runs';
import { getStudyOrThrow } from '@/db/queries/studies';
import { requireRole } from '@/lib/auth/guard';
import { handler, json, parseBody } from '@/lib/http';

export const dynamic = 'force-dynamic';

const moveSchema = z.object({
  ids: z.array(z.number().int().positive()).min(1).max(100_000),
  studyId: z.number().int().positive(),
});

/** POST /api/runs/move {ids, studyId}: moves runs to another study. */
export const POST = handler(async (req: Request) => {
  await requireRole(req, 'engineer');
  const { ids, studyId } = await parseBody(req, moveSchema);
  const db = getDb();
  getStudyOrThrow(db, studyId);
  return json({ moved: moveRuns(db, ids, studyId) });
});
