import { NextResponse } from 'next/server';
import { getDb } from '@/db/client';
import { resolveShareLink } from '@/db/queries/reports';
import { handler } from '@/lib/http';
import { reportData } from '@/lib/reports/service';

export const dynamic = 'force-dynamic';

/**
 * GET /r/:token/data: the shared report as JSON (title, notes as typed, view, headline, frozen
 * runs, provenance). 404 for an unknown token, 410 for a revoked or expired one. Reaches only the
 * report the token is scoped to.
 */
export const GET = handler(async (_req: Request, ctx: { params: Promise<{ token: string }> }) => {
  const { report } = resolveShareLink(getDb(), (await ctx.params).token);
  return NextResponse.json(reportData(report), { headers: { 'cache-control': 'private, no-store', 'referrer-policy': 'no-referrer' } });
});
