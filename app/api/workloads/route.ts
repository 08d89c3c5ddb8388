/**
 * POST /api/workloads: store a workload: an uploaded trace (multipart field `file`, or a text/csv
 * body) or a synthetic spec (JSON) -> 201 {"id", "ref"}. Engineers and admins (as /api/imports).
 * GET /api/workloads: the built-in workloads and the stored ones (no requests).
 */
import { getDb } from '@/db/client';
import { requireReader, requireRole } from '@/lib/auth/guard';
import { handler, json } from '@/lib/http';
import { createSyntheticWorkload, createUploadedWorkload, listAllWorkloads } from '@/lib/services/workloads';
import { readWorkloadBody } from './body';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export const POST = handler(async (req: Request) => {
  const who = await requireRole(req, 'engineer');
  const body = await readWorkloadBody(req);
  const db = getDb();
  const id =
    body.kind === 'trace'
      ? createUploadedWorkload(db, { text: body.text, fileName: body.fileName, name: body.name, who })
      : createSyntheticWorkload(db, body.spec, who);
  return json({ id, ref: `db:${id}` }, 201);
});

export const GET = handler(async (req: Request) => {
  await requireReader(req);
  return json({ workloads: listAllWorkloads(getDb()) });
});
