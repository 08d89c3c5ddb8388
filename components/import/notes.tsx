/**
 * Import feedback graded by severity (lib/importers/note-severity.ts): info in blue, warnings in
 * amber, errors in red, success in green, each with a word tag so the grade does not rest on
 * colour alone.
 */
import type { ReactNode } from 'react';
import { gradeNotes, plotSummary, type Severity } from '@/lib/importers/note-severity';
import type { FileResult } from './types';

const TAG: Record<Severity | 'success', string> = {
  info: 'note',
  warning: 'warning',
  error: 'problem',
  success: 'done',
};

export function Note({
  severity,
  children,
  testid,
  role,
}: {
  severity: Severity | 'success';
  children: ReactNode;
  testid?: string;
  role?: 'status' | 'alert';
}) {
  return (
    <div className={`note note-${severity}`} data-severity={severity} data-testid={testid} role={role}>
      <span className="note-tag">{TAG[severity]}</span> {children}
    </div>
  );
}

/** A file's notes, most serious first. */
export function NoteList({ notes }: { notes: string[] }) {
  if (!notes.length) return null;
  return (
    <ul className="note-list" data-testid="file-notes">
      {gradeNotes(notes).map((n) => (
        <li
          key={n.text}
          className={`note note-${n.severity}`}
          data-severity={n.severity}
          data-inconsistent={/^inconsistent values/.test(n.text) ? '1' : undefined}
        >
          <span className="note-tag">{TAG[n.severity]}</span> {n.text}
        </li>
      ))}
    </ul>
  );
}

/** Above the files: how many runs will plot on the energy charts, counted over the previewed runs. */
export function PlotSummary({ results }: { results: FileResult[] }) {
  const ok = results.flatMap((r) => (r.ok && !r.file.duplicate ? [r.file] : []));
  const s = plotSummary(ok.flatMap((f) => f.runs));
  if (!s) return null;
  const truncated = ok.some((f) => f.runs.length < f.runCount);
  return (
    <Note severity={s.severity} testid="plot-summary">
      {s.text}
      {truncated && ' Counted over the runs previewed (the first 200 of each file).'}
    </Note>
  );
}
