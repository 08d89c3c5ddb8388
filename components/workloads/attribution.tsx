/** A workload's source and licence, shown wherever the workload is (CC-BY requires attribution). */
import type { WorkloadAttribution } from '@/lib/workloads/types';

export function Attribution({ a }: { a?: WorkloadAttribution | null }) {
  if (!a) return null;
  return (
    <p className="muted" data-testid="workload-attribution" style={{ overflowWrap: 'anywhere' }}>
      Source: {a.text}
      {a.url && (
        <>
          {' '}
          (<a href={a.url}>data</a>)
        </>
      )}
    </p>
  );
}
