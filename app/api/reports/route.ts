import { getDb } from '@/db/client';
import { listReports } from '@/db/queries/reports';
import { requireReader, requireRole } from '@/lib/auth/guard';
import { handler, json, parseBody } from '@/lib/http';
import { warmExplorerColumns } from '@/lib/explore/compute';
import { createReport, createReportSchema } from '@/lib/reports/service';
import { toViewState } from '@/lib/reports/view';

export const dynamic = 'force-dynamic';

/** GET /api/reports?q= -> { reports } (summaries, newest first). */
export const GET = handler(async (req: Request) => {
  await requireReader(req);
  const q = new URL(req.url).searchParams.get('q') ?? undefined;
  return json({ reports: listReports(getDb(), { q }) });
});

/** POST /api/reports {title, notes?, view?|query?, runIds?} (engineer) -> 201 {id}. Freezes the view's data now. */
export const POST = handler(async (req: Request) => {
  const p = await requireRole(req, 'engineer');
  const body = await parseBody(req, createReportSchema);
  const db = getDb();
  // Freezing computes the view: a large study's columns are read off the event loop first.
  await warmExplorerColumns(db, toViewState(body.query, body.view));
  const r = createReport(db, body, p);
  return json({ id: r.id, url: `/reports/${r.id}` }, 201);
});
