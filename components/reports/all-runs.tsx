'use client';
/**
 * "Show all N runs" of a report: every frozen run, loaded from the report's JSON download when the
 * reader first opens it (the same file "Download runs (JSON)" gives, on the report's own address
 * or its share link). The page itself carries only the frontier and the best others.
 */
import { useState, type SyntheticEvent } from 'react';
import type { SnapshotRun } from '@/lib/reports/types';
import { RunsTable, type RunsTableCols, type RunsTableMarks } from './runs-table';
import s from './report.module.css';

type Load =
  | { state: 'closed' }
  | { state: 'loading' }
  | { state: 'failed'; reason: string }
  | { state: 'loaded'; runs: SnapshotRun[] };

async function fetchRuns(src: string): Promise<SnapshotRun[]> {
  const res = await fetch(src, { credentials: 'same-origin', cache: 'no-store' });
  if (!res.ok) throw new Error(`the server answered ${res.status} ${res.statusText}`.trim());
  const body = (await res.json()) as { runs?: unknown };
  if (!Array.isArray(body.runs)) throw new Error('the download has no list of runs');
  return body.runs as SnapshotRun[];
}

export function AllRuns({
  count,
  src,
  cols,
  marks,
}: {
  count: number;
  src: string;
  cols: RunsTableCols;
  marks: RunsTableMarks;
}) {
  const [load, setLoad] = useState<Load>({ state: 'closed' });
  const onToggle = (e: SyntheticEvent<HTMLDetailsElement>) => {
    if (!e.currentTarget.open || load.state === 'loading' || load.state === 'loaded') return;
    setLoad({ state: 'loading' });
    fetchRuns(src).then(
      (runs) => setLoad({ state: 'loaded', runs }),
      (err: unknown) => setLoad({ state: 'failed', reason: err instanceof Error ? err.message : String(err) }),
    );
  };
  return (
    <details className={s.more} data-testid="all-runs" onToggle={onToggle}>
      <summary>Show all {count} runs</summary>
      {load.state === 'loaded' ? (
        <RunsTable runs={load.runs} cols={cols} marks={marks} testId="report-runs-all" />
      ) : load.state === 'failed' ? (
        <p role="alert" className="error" data-testid="all-runs-error">
          Could not load the runs: {load.reason}. The downloads at the top of the report have every run.
        </p>
      ) : (
        <p className="muted" aria-busy="true">
          Loading {count} runs…
        </p>
      )}
    </details>
  );
}
