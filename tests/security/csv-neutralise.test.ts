/**
 * Issue 10 item 8: CSV cells that start with whitespace or a line feed before = + - @ are
 * neutralised too (spreadsheet programs skip leading blanks when they decide a cell is a formula).
 */
import { describe, expect, it } from 'vitest';
import { csvCell } from '@/lib/reports/csv';

const unquote = (cell: string) => (cell.startsWith('"') ? cell.slice(1, -1).replace(/""/g, '"') : cell);

describe('CSV formula neutralisation after leading blanks', () => {
  it.each([
    ' =1+1',
    '  +1+1',
    '\n=cmd|calc',
    '\n-2+3',
    ' \t@SUM(A1)',
    '\u00a0=1+1',
    '\r\n=HYPERLINK("http://evil","x")',
    '\v=1',
    '\n',
    '\nplain',
  ])('neutralises %j', (v) => {
    const cell = unquote(csvCell(v));
    expect(cell.startsWith("'")).toBe(true);
    expect(cell.slice(1)).toBe(v);
  });

  it.each(['a =1', 'x-y', 'name@example.org', ' plain text', '1e5'])('leaves %j alone', (v) => {
    expect(unquote(csvCell(v))).toBe(v);
  });
});
