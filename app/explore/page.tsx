/**
 * /explore: the server computes the initial view from the URL (same code as GET /api/frontier)
 * and renders the client explorer with it, so the chart's marks come with the first HTML.
 */
import { redirect } from 'next/navigation';
import { Explorer } from '@/components/explore/explorer';
import { getDb } from '@/db/client';
import { computeExplorerView, warmExplorerColumns } from '@/lib/explore/compute';
import { computeSensitivity } from '@/lib/explore/sensitivity';
import { parseViewState, viewStateToQuery } from '@/lib/explore/state';
import { pack } from '@/lib/wire/packed';
import { clockViewParams, studyDefaultRedirect } from '@/lib/explore/study-default';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Explore · Joulebench' };

export default async function ExplorePage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await searchParams;
  const db = getDb();
  // A study's default view (e.g. a clock sweep opens coloured by SM clock), as an explicit URL.
  // Its columns (the clock among them) are read first, off the event loop when the study is large:
  // deciding reads the clock, and the view it redirects to reads the rest.
  const sp = toSearchParams(params);
  const clockView = clockViewParams(db, sp);
  if (clockView) {
    await warmExplorerColumns(db, parseViewState(clockView).state);
    const to = studyDefaultRedirect(db, sp);
    if (to) redirect(to);
  }
  const { state } = parseViewState(params);
  await warmExplorerColumns(db, state); // a large first read happens off the event loop
  const view = computeExplorerView(db, state);
  const sens = computeSensitivity(db, state);
  return (
    <div>
      <h1 style={{ fontSize: '1.25rem', marginBottom: '0.5rem' }}>Explore: energy vs latency and throughput</h1>
      <Explorer initialQuery={viewStateToQuery(state)} initialView={pack(view)} initialSens={sens} />
    </div>
  );
}

function toSearchParams(p: Record<string, string | string[] | undefined>): URLSearchParams {
  const sp = new URLSearchParams();
  for (const [k, v] of Object.entries(p))
    for (const one of Array.isArray(v) ? v : v === undefined ? [] : [v]) sp.append(k, one);
  return sp;
}
