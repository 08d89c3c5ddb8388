import { getDb } from '@/db/client';
import { listStudies } from '@/db/queries/studies';
import { getSweep } from '@/db/queries/sweeps';
import { SweepForm } from '@/components/sweeps/sweep-form';
import { WriteGate } from '@/components/auth/write-gate';
import { getAccessSettings } from '@/db/queries/users';
import type { Principal } from '@/lib/auth/principal';
import { GPUS, MODELS } from '@/lib/runner/sim/specs';

export const dynamic = 'force-dynamic';

export default async function NewSweepPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const sp = await searchParams;
  const db = getDb();
  const from = typeof sp.from === 'string' && /^\d+$/.test(sp.from) ? getSweep(db, Number(sp.from)) : undefined;
  const studies = listStudies(db).map((s) => ({ id: s.id, name: s.name }));
  return (
    <>
      <h1>New sweep</h1>
      {from && (
        <p className="muted">
          Based on sweep #{from.id} “{from.name}”.
        </p>
      )}
      <WriteGate role="engineer" action="launch a sweep" also={sweepLaunchRule}>
        <SweepForm
          initial={{
            spec: from
              ? { ...(from.spec as Record<string, unknown>), ...(from.studyId ? { study: from.studyId } : {}) }
              : undefined,
            studies,
            simModels: Object.keys(MODELS),
            simGpus: Object.keys(GPUS),
          }}
        />
      </WriteGate>
    </>
  );
}

/** The API's rule (requireSweepLauncher): admins, or engineers when an admin allowed it in Settings. */
function sweepLaunchRule(p: Principal): string | null {
  if (p.role === 'admin' || getAccessSettings(getDb()).engineersCanLaunchSweeps) return null;
  return 'launching sweeps needs the admin role (an admin can allow engineers in Settings)';
}
