import Link from 'next/link';
import { AccessDenied } from '@/components/auth/access-denied';
import { getDb } from '@/db/client';
import { studyModelOptions } from '@/db/queries/plans';
import { listWorkloads } from '@/db/queries/workloads';
import { PlanForm } from '@/components/planner/plan-form';
import { pageRole } from '@/lib/auth/page';
import { BUILTINS, BUILTIN_PREFIX } from '@/lib/workloads';

export const dynamic = 'force-dynamic';

/** Plan a workload: choose the study, model, workload, SLOs and interval (?study=&model= preselect). */
export default async function NewPlanPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const access = await pageRole('engineer');
  if (access.denied) return <AccessDenied title="New plan" reason={access.denied} />;
  const sp = await searchParams;
  const db = getDb();
  const options = studyModelOptions(db);
  const workloads = [
    ...BUILTINS.map((b) => ({
      ref: BUILTIN_PREFIX + b.name,
      label: `${b.title} (built-in, ${b.requestCount.toLocaleString('en-US')} requests)`,
    })),
    ...listWorkloads(db).map((w) => ({
      ref: w.ref,
      label: `${w.name} (${w.source}, ${w.requestCount.toLocaleString('en-US')} requests)`,
    })),
  ];
  // Default study: the first with an SM-clock sweep (the simulated demo), else the first.
  const demo = options.find((o) => /clock sweep/i.test(o.studyName));
  const study = typeof sp.study === 'string' && /^\d+$/.test(sp.study) ? Number(sp.study) : demo?.studyId;
  const model = typeof sp.model === 'string' ? sp.model : undefined;
  return (
    <div className="stack">
      <p className="muted text-sm">
        <Link href="/plans">Plans</Link> / New
      </p>
      <h1>New plan</h1>
      <p className="muted">
        For each interval of the workload, the planner picks the least-energy configuration whose predicted latency
        percentiles meet your SLOs, from the study&apos;s measured runs. <Link href="/glossary">Glossary</Link>
      </p>
      <PlanForm options={options} workloads={workloads} initial={{ study, model }} />
    </div>
  );
}
