/** A study that sweeps the SM clock opens coloured by the clock; other studies and set views are left alone. */
import { expect, test } from 'vitest';
import { studyDefaultRedirect } from '@/lib/explore/study-default';
import { seeded } from './fixtures';

const m = { energy_per_output_token_j: 1, itl_ms_p99: 10 };

test('clock sweep -> redirect to colour and sensitivity by SM clock; explicit views stay', () => {
  const { db, studyId } = seeded([
    { knobs: { sm_clock_mhz: 1200 }, metrics: m },
    { knobs: { sm_clock_mhz: 1980 }, metrics: m },
  ]);
  const to = studyDefaultRedirect(db, new URLSearchParams(`study=${studyId}&model=m1`))!;
  const q = new URL(to, 'http://x').searchParams;
  expect(q.get('study')).toBe(String(studyId));
  expect(q.get('model')).toBe('m1');
  expect(q.get('color')).toBe('sm_clock_mhz');
  expect(q.get('sk')).toBe('sm_clock_mhz');
  // The default (demo) study resolves too; a URL that already chose a colour is not touched.
  expect(studyDefaultRedirect(db, new URLSearchParams())).toContain('color=sm_clock_mhz');
  expect(studyDefaultRedirect(db, new URLSearchParams(`study=${studyId}&color=gpu`))).toBeNull();
});

test('one clock or none -> no redirect', () => {
  const one = seeded([
    { knobs: { sm_clock_mhz: 1980 }, metrics: m },
    { knobs: { sm_clock_mhz: 1980 }, metrics: m },
  ]);
  expect(studyDefaultRedirect(one.db, new URLSearchParams(`study=${one.studyId}`))).toBeNull();
  const none = seeded([{ metrics: m }]);
  expect(studyDefaultRedirect(none.db, new URLSearchParams(`study=${none.studyId}`))).toBeNull();
  expect(studyDefaultRedirect(none.db, new URLSearchParams('study=all'))).toBeNull();
});

test('a second visit reads the clock from the held columns: no query over the study runs', () => {
  const { db, studyId } = seeded([
    { knobs: { sm_clock_mhz: 1200 }, metrics: m },
    { knobs: { sm_clock_mhz: 1980 }, metrics: m },
  ]);
  // Every statement run on the connection, wrapped before the first visit so that statements
  // prepared then and cached for later calls are recorded too.
  const ran: string[] = [];
  const prepare = db.$client.prepare.bind(db.$client);
  db.$client.prepare = ((source: string) => {
    const st = prepare(source);
    for (const k of ['all', 'get', 'iterate', 'run', 'raw'] as const) {
      const orig = st[k].bind(st) as (...a: unknown[]) => unknown;
      (st as unknown as Record<string, unknown>)[k] =
        k === 'raw' ? (...a: unknown[]) => (orig(...a), st) : (...a: unknown[]) => (ran.push(source), orig(...a));
    }
    return st;
  }) as typeof db.$client.prepare;
  const params = new URLSearchParams(`study=${studyId}`);
  expect(studyDefaultRedirect(db, params)).not.toBeNull();
  expect(ran.some((s) => /\bFROM runs\b/i.test(s))).toBe(true); // the first visit reads the study
  ran.length = 0;
  expect(studyDefaultRedirect(db, params)).not.toBeNull();
  // At 1M runs, MIN(sm_clock_mhz) < MAX(sm_clock_mhz) over the study took 3.7 s on every visit.
  expect(ran.filter((s) => /\bFROM runs\b/i.test(s))).toEqual([]);
});
