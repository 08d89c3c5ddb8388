/**
 * Saved column mappings for the generic CSV/JSON importer, shared by the UI, the API
 * (POST /api/imports mappingName=NAME) and the CLI (`joulebench import --mapping NAME`).
 * GET /api/import-mappings: list (readers). POST {name, mapping}: create or replace (engineers).
 */
import { z } from 'zod';
import { getDb } from '@/db/client';
import { listMappings, saveMapping } from '@/db/queries/import-mappings';
import { requireReader, requireRole } from '@/lib/auth/guard';
import { handler, json, parseBody } from '@/lib/http';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export const GET = handler(async (req: Request) => {
  await requireReader(req);
  return json({ mappings: listMappings(getDb()) });
});

const bodySchema = z.object({ name: z.string(), mapping: z.unknown() });

export const POST = handler(async (req: Request) => {
  const who = await requireRole(req, 'engineer');
  const body = await parseBody(req, bodySchema);
  return json(saveMapping(getDb(), { ...body, createdBy: who.name }), 201);
});
