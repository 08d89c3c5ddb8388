import Link from 'next/link';
import { getDb } from '@/db/client';
import { getPlanOrThrow } from '@/db/queries/plans';
import { listReports } from '@/db/queries/reports';
import { PlanActions } from '@/components/planner/plan-actions';
import { PlanView } from '@/components/planner/plan-view';
import { requirePageReader } from '@/lib/auth/page';
import { roleAtLeast } from '@/lib/auth/roles';
import { NotFoundError } from '@/lib/errors';
import { planJson } from '@/lib/planner/service';
import { canManageReport } from '@/lib/reports/service';
import { notFound } from 'next/navigation';

export const dynamic = 'force-dynamic';

export default async function PlanPage({ params }: { params: Promise<{ id: string }> }) {
  const p = await requirePageReader();
  const { id } = await params;
  if (!/^\d{1,12}$/.test(id)) notFound();
  const db = getDb();
  let plan;
  try {
    plan = planJson(getPlanOrThrow(db, Number(id)));
  } catch (e) {
    if (e instanceof NotFoundError) notFound();
    throw e;
  }
  const canEdit = roleAtLeast(p.role, 'engineer');
  const reports = canEdit
    ? listReports(db)
        .filter((r) => canManageReport(p, r))
        .map((r) => ({ id: r.id, title: r.title }))
    : [];
  return (
    <div className="stack">
      <p className="muted text-sm">
        <Link href="/plans">Plans</Link> / #{plan.id}
      </p>
      <h1 className="break-words">{plan.title}</h1>
      <p className="muted m-0">
        {plan.inputs.model} on {plan.context.gpu}
        {plan.context.simulated && <span className="badge badge-sim ml-2">SIMULATED study</span>} ·{' '}
        {plan.context.workloadName} · {plan.intervals.length} intervals of {plan.inputs.intervalS} s · SLO{' '}
        {Object.entries(plan.inputs.slo)
          .map(([k, v]) => `${k} ≤ ${v} ms`)
          .join(', ')}
      </p>
      <PlanActions planId={plan.id} reports={reports} canEdit={canEdit} />
      <PlanView plan={plan} />
    </div>
  );
}
