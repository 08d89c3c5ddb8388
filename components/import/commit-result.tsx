/**
 * The answer to a commit: a green note with links to the new runs and their frontier when runs
 * were written; skipped or refused files as warnings beside it; nothing written as a warning.
 */
import Link from 'next/link';
import { Note } from './notes';
import type { CommitResponse } from './types';

const runs = (n: number) => `${n.toLocaleString('en-US')} run${n === 1 ? '' : 's'}`;

export function CommitResult({ r }: { r: CommitResponse }) {
  const skipped = [...r.skippedFiles, ...(r.refused ?? [])];
  return (
    <div data-testid="commit-result" role="status">
      {r.inserted > 0 ? (
        <Note severity="success" testid="import-success">
          Imported {runs(r.inserted)}
          {r.importId ? ` as import #${r.importId}` : ''}.{' '}
          <Link href={`/runs?study=${r.studyId}`} data-testid="import-runs-link">
            See the runs
          </Link>{' '}
          ·{' '}
          <Link href={`/explore?study=${r.studyId}`} data-testid="import-frontier-link">
            Explore their frontier
          </Link>
        </Note>
      ) : (
        <Note severity="warning" testid="import-nothing">
          Nothing was imported.
        </Note>
      )}
      {r.duplicates > 0 && (
        <Note severity="info">{runs(r.duplicates)} already in the study (same content): skipped.</Note>
      )}
      {skipped.length > 0 && (
        <Note severity="warning">Not imported: {skipped.map((s) => `${s.name} (${s.reason})`).join('; ')}.</Note>
      )}
    </div>
  );
}
