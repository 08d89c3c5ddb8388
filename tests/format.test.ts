/** lib/format.ts fmtNum: the one number format of tables, tooltips and charts. */
import { describe, expect, test } from 'vitest';
import { fmtNum as exploreFmtNum } from '@/lib/explore/format';
import { fmtDate, fmtDateTime, fmtNum } from '@/lib/format';
import * as reportWords from '@/lib/reports/words';

test.each([
  [1234.5, 3, '1,235'],
  [1234.5678, 6, '1,234.57'],
  [0.123456, 3, '0.123'],
  [999.6, 3, '1,000'],
  [42, 3, '42'],
  [123456, 3, '123,456'],
  [2.5e6, 3, '2.50e+6'],
  [0.0004, 3, '4.00e-4'],
  [0, 3, '0'],
  [-1234.5, 3, '-1,235'],
  [Number.NaN, 3, '—'],
  [Number.POSITIVE_INFINITY, 3, '—'],
  [undefined, 3, '—'],
])('fmtNum(%s, %s) = %s', (v, digits, out) => {
  expect(fmtNum(v, digits)).toBe(out);
});

test('the explorer formats with the same function', () => {
  expect(exploreFmtNum).toBe(fmtNum);
});

describe('fmtDateTime: the one date format', () => {
  test.each([
    ['2026-12-06T06:47:43.123Z', '2026-12-06 06:47 UTC'],
    // An offset is converted to UTC (the same text for every viewer and for server and client).
    ['2026-12-06T23:59:00+02:00', '2026-12-06 21:59 UTC'],
    ['2026-01-02T03:04:05Z', '2026-01-02 03:04 UTC'],
    [null, '—'],
    [undefined, '—'],
    ['', '—'],
    ['not a date', '—'],
  ])('fmtDateTime(%s) = %s', (iso, out) => {
    expect(fmtDateTime(iso)).toBe(out);
  });

  test('fmtDate is the UTC day of the same format', () => {
    expect(fmtDate('2026-12-06T23:30:00-02:00')).toBe('2026-12-07');
    expect(fmtDate(null)).toBe('—');
  });

  test('reports use the same functions (one implementation)', () => {
    expect(reportWords.fmtDateTime).toBe(fmtDateTime);
    expect(reportWords.fmtDate).toBe(fmtDate);
  });
});
