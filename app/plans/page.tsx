import Link from 'next/link';
import { getDb } from '@/db/client';
import { listPlans } from '@/db/queries/plans';
import { requirePageReader } from '@/lib/auth/page';

export const dynamic = 'force-dynamic';

/** Plans: what to run when for a workload, and how much it saves (docs/planner.md). */
export default async function PlansPage() {
  await requirePageReader();
  const plans = listPlans(getDb());
  return (
    <div className="stack">
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="m-0">Plans</h1>
        <Link className="btn btn-primary" href="/plans/new">
          New plan
        </Link>
      </div>
      <p className="muted m-0">
        With your traffic and your SLOs, which configuration to run in each interval, and how much it saves against
        running at max clock all day. Plans come from a study&apos;s measured runs and a workload trace.
      </p>
      {plans.length === 0 ? (
        <p className="banner">
          No plans yet. <Link href="/plans/new">Make one</Link> from the built-in Azure conversation trace.
        </p>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th>#</th>
                <th>Title</th>
                <th>Model</th>
                <th>Workload</th>
                <th>By</th>
                <th>Created</th>
              </tr>
            </thead>
            <tbody>
              {plans.map((p) => (
                <tr key={p.id}>
                  <td>{p.id}</td>
                  <td>
                    <Link href={`/plans/${p.id}`}>{p.title}</Link>
                  </td>
                  <td>{p.model}</td>
                  <td>{p.workloadRef}</td>
                  <td>{p.createdByName ?? '—'}</td>
                  <td>{p.createdAt.slice(0, 16).replace('T', ' ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
