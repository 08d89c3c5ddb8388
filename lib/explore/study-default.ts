/**
 * A study's default explorer view: what /explore?study=N shows before any setting is touched.
 * A study that sweeps the SM clock (two or more clocks) opens coloured by the clock, with the
 * sensitivity panel drawing energy per token against the clock (a panel per model, a line per max_num_seqs), so
 * the clock trade-off is on screen at once. The explorer page applies it by redirecting to the
 * explicit URL (the client reads its state from the address bar, and the API stays stateless).
 */
import type { DB } from '@/db/client';
import { demoStudyId } from '@/db/queries/explore';
import { scopeColumns } from '@/db/queries/run-columns';

/** Parameters a study default may set; a URL that sets any of them is left as it is. */
const VIEW_KEYS = ['color', 'sk', 'ss', 'sf'] as const;

/**
 * Whether the study's runs have two or more SM clocks. Read from the study's in-memory columns
 * (db/queries/run-columns.ts), which the view reads next anyway: as SQL (MIN < MAX over the
 * study's runs, which no index answers) it scanned the study on every visit, 3.7 s at 1M runs.
 */
export function sweepsClock(db: DB, studyId: number): boolean {
  const sc = scopeColumns(db, studyId, ['sm_clock_mhz']);
  const clock = sc.nums.get('sm_clock_mhz')!;
  let first = NaN;
  for (let i = 0; i < sc.n; i++) {
    const v = clock[i]; // the arrays have spare capacity past n
    if (Number.isNaN(v)) continue;
    if (Number.isNaN(first)) first = v;
    else if (v !== first) return true;
  }
  return false;
}

/** The study a request shows: the explicit one, else the default (demo) study; null for "all". */
function studyOf(db: DB, params: URLSearchParams): number | null {
  const raw = params.get('study');
  return raw === null ? demoStudyId(db) : /^\d+$/.test(raw) ? Number(raw) : null;
}

/**
 * The study's clock view as explicit parameters, or null when the request sets a view parameter
 * itself or shows no single study. It applies only if the study sweeps the clock (sweepsClock).
 */
export function clockViewParams(db: DB, params: URLSearchParams): URLSearchParams | null {
  if (VIEW_KEYS.some((k) => params.has(k)) || studyOf(db, params) === null) return null;
  const next = new URLSearchParams(params);
  next.set('color', 'sm_clock_mhz');
  next.set('sk', 'sm_clock_mhz');
  next.set('ss', 'max_num_seqs');
  next.set('sf', 'model');
  return next;
}

/**
 * The URL to redirect to, or null when the request already is the view to show. `params` are the
 * page's search params; the study is the explicit one, else the default (demo) study.
 */
export function studyDefaultRedirect(db: DB, params: URLSearchParams): string | null {
  const next = clockViewParams(db, params);
  if (!next || !sweepsClock(db, studyOf(db, params)!)) return null;
  return `/explore?${next.toString()}`;
}
