import { getDb } from '@/db/client';
import { createSweep, listSweeps } from '@/db/queries/sweeps';
import { requireReader, requireSweepLauncher } from '@/lib/auth/guard';
import { ValidationError } from '@/lib/errors';
import { handler, json } from '@/lib/http';
import { readJsonBody } from '@/lib/http';

export const dynamic = 'force-dynamic';

/** GET: sweeps, newest first, with per-state point counts. */
export const GET = handler(async (req: Request) => {
  await requireReader(req);
  return json({ sweeps: listSweeps(getDb()) });
});

/**
 * POST: a sweep definition (lib/sweeps/spec.ts) -> {id} (201). `"start": false` saves it as a
 * draft without queueing it (start later with POST /api/sweeps/:id/start).
 */
export const POST = handler(async (req: Request) => {
  const who = await requireSweepLauncher(req);
  const body = await readJsonBody(req);
  if (!body || typeof body !== 'object' || Array.isArray(body))
    throw new ValidationError('request body must be a JSON object (the sweep definition)');
  const { start, ...spec } = body as Record<string, unknown>;
  if (start !== undefined && typeof start !== 'boolean') throw new ValidationError('start: expected a boolean');
  const s = createSweep(getDb(), spec, { start: start !== false, createdBy: who.name });
  return json({ id: s.id, state: s.state, studyId: s.studyId }, 201);
});
