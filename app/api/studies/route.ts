import { z } from 'zod';
import { getDb } from '@/db/client';
import { createStudy, listStudies } from '@/db/queries/studies';
import { requireReader, requireRole } from '@/lib/auth/guard';
import { handler, json, parseBody } from '@/lib/http';

export const dynamic = 'force-dynamic';

const studyNameSchema = z.string().trim().min(1, 'name must not be empty').max(200, 'name is too long (max 200)');

export const GET = handler(async (req: Request) => {
  await requireReader(req);
  return json({ studies: listStudies(getDb()) });
});

export const POST = handler(async (req: Request) => {
  await requireRole(req, 'engineer');
  const body = await parseBody(req, z.object({ name: studyNameSchema, description: z.string().max(5000).optional() }));
  return json(createStudy(getDb(), body), 201);
});
