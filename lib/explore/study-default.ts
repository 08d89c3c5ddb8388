/**
 * A study's default explorer view: what /explore?study=N shows before any setting is touched.
 * A study that sweeps the SM clock (two or more clocks) opens coloured by the clock, with the
 * sensitivity panel drawing energy per token against the clock (a panel per model, a line per max_num_seqs), so
 * the clock trade-off is on screen at once. The explorer page applies it by redirecting to the
 * explicit URL (the client reads its state from the address bar, and the API stays stateless).
 */
import type { DB } from '@/db/client';
import { demoStudyId } from '@/db/queries/explore';

/** Parameters a study default may set; a URL that sets any of them is left as it is. */
const VIEW_KEYS = ['color', 'sk', 'ss', 'sf'] as const;

export function sweepsClock(db: DB, studyId: number): boolean {
  const r = db.$client
    .prepare('SELECT MIN(sm_clock_mhz) < MAX(sm_clock_mhz) FROM runs WHERE study_id = ?')
    .raw(true)
    .get(studyId) as [number | null];
  return r[0] === 1;
}

/**
 * The URL to redirect to, or null when the request already is the view to show. `params` are the
 * page's search params; the study is the explicit one, else the default (demo) study.
 */
export function studyDefaultRedirect(db: DB, params: URLSearchParams): string | null {
  if (VIEW_KEYS.some((k) => params.has(k))) return null;
  const raw = params.get('study');
  const study = raw === null ? demoStudyId(db) : /^\d+$/.test(raw) ? Number(raw) : null;
  if (study === null || !sweepsClock(db, study)) return null;
  const next = new URLSearchParams(params);
  next.set('color', 'sm_clock_mhz');
  next.set('sk', 'sm_clock_mhz');
  next.set('ss', 'max_num_seqs');
  next.set('sf', 'model');
  return `/explore?${next.toString()}`;
}
