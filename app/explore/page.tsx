/**
 * /explore: the server computes the initial view from the URL (same code as GET /api/frontier)
 * and renders the client explorer with it, so the chart's marks come with the first HTML.
 */
import { Suspense } from 'react';
import { Explorer } from '@/components/explore/explorer';
import { getDb } from '@/db/client';
import { computeExplorerView } from '@/lib/explore/compute';
import { computeSensitivity } from '@/lib/explore/sensitivity';
import { parseViewState, viewStateToQuery } from '@/lib/explore/state';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Explore · Joulebench' };

export default async function ExplorePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { state } = parseViewState(await searchParams);
  const db = getDb();
  const view = computeExplorerView(db, state);
  const sens = computeSensitivity(db, state);
  return (
    <div>
      <h1 style={{ fontSize: "1.25rem", marginBottom: "0.5rem" }}>Explore: energy vs latency and throughput</h1>
      <Suspense fallback={null}>
        <Explorer initialQuery={viewStateToQuery(state)} initialView={view} initialSens={sens} />
      </Suspense>
    </div>
  );
}
