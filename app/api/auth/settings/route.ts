import { z } from 'zod';
import { getDb } from '@/db/client';
import { getAccessSettings, setAccessSettings } from '@/db/queries/users';
import { requireReader, requireRole } from '@/lib/auth/guard';
import { handler, json, parseBody } from '@/lib/http';

export const dynamic = 'force-dynamic';

export const GET = handler(async (req: Request) => {
  await requireReader(req);
  return json(getAccessSettings(getDb()));
});

/** PUT /api/auth/settings {engineersCanLaunchSweeps?} (admin). */
export const PUT = handler(async (req: Request) => {
  await requireRole(req, 'admin');
  const body = await parseBody(req, z.object({ engineersCanLaunchSweeps: z.boolean().optional() }).strict());
  return json(setAccessSettings(getDb(), body));
});
