'use client';
/** Plan page actions: validate by replay on the simulated device, and pin the plan into a report. */
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { api } from '@/components/reports/client-api';

export function PlanActions({
  planId,
  reports,
  canEdit,
}: {
  planId: number;
  reports: Array<{ id: number; title: string }>;
  canEdit: boolean;
}) {
  const router = useRouter();
  const [busy, setBusy] = useState<null | 'validate' | 'pin'>(null);
  const [error, setError] = useState<string | null>(null);
  const [target, setTarget] = useState('new');
  if (!canEdit) return null;
  const run = async (what: 'validate' | 'pin') => {
    setBusy(what);
    setError(null);
    try {
      if (what === 'validate') {
        await api(`/api/plans/${planId}/validate`, { method: 'POST' });
        router.refresh();
      } else {
        const body = target === 'new' ? {} : { reportId: Number(target) };
        const r = await api<{ url: string }>(`/api/plans/${planId}/pin`, {
          method: 'POST',
          body: JSON.stringify(body),
        });
        window.location.assign(r.url);
        return;
      }
    } catch (e) {
      setError((e as Error).message);
    }
    setBusy(null);
  };
  return (
    <div className="card stack" data-testid="plan-actions">
      <div className="flex flex-wrap items-end gap-3">
        <button className="btn" type="button" onClick={() => run('validate')} disabled={busy !== null}>
          {busy === 'validate' ? 'Replaying…' : 'Validate by replay'}
        </button>
        <label className="field">
          Pin into
          <select value={target} onChange={(e) => setTarget(e.target.value)} aria-label="Report to pin the plan into">
            <option value="new">A new report</option>
            {reports.map((r) => (
              <option key={r.id} value={r.id}>
                {r.title}
              </option>
            ))}
          </select>
        </label>
        <button className="btn btn-primary" type="button" onClick={() => run('pin')} disabled={busy !== null}>
          {busy === 'pin' ? 'Pinning…' : 'Pin into report'}
        </button>
      </div>
      <p className="muted text-sm m-0">
        Validation replays the trace on the simulated device (virtual time) following this schedule and compares
        measured with predicted energy and SLO attainment per interval.
      </p>
      {error && (
        <p className="banner banner-error m-0" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
