import { describe, expect, it } from 'vitest';
import { csvCell, runsToCsv, toCsv } from '@/lib/reports/csv';
import type { SnapshotRun } from '@/lib/reports/types';
import { makeRecord } from '../helpers/records';

describe('CSV export is injection-safe', () => {
  it.each(['=1+1', '+1+1', '-1+1', '@SUM(A1)', '\t=cmd', '\r=cmd', '=HYPERLINK("http://evil","x")'])(
    'neutralises %j',
    (v) => {
      const cell = csvCell(v);
      const unquoted = cell.startsWith('"') ? cell.slice(1, -1).replace(/""/g, '"') : cell;
      expect(unquoted.startsWith("'")).toBe(true);
      expect(unquoted.slice(1)).toBe(v);
    },
  );

  it('leaves ordinary text and numbers alone, quotes per RFC 4180', () => {
    expect(csvCell('Llama-3.1-8B')).toBe('Llama-3.1-8B');
    expect(csvCell(-3.5)).toBe('-3.5'); // a number cannot carry a formula
    expect(csvCell(0.171)).toBe('0.171');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined)).toBe('');
    expect(csvCell(Number.NaN)).toBe('');
    expect(toCsv(['a', 'b'], [[1, '=x']])).toBe("a,b\r\n1,'=x\r\n");
  });

  it('protects run labels, model ids and free-form knobs in a full export', () => {
    const run = {
      ...makeRecord({ label: '=cmd|" /C calc"!A0', knobs: { sm_clock_mhz: 1600, note: '@evil' } }),
      id: 7,
    } as SnapshotRun;
    run.model = { ...run.model, id: '+model' };
    const csv = runsToCsv([run], { frontier: new Set([7]), recommended: 7 });
    const [header, row] = csv.trim().split('\r\n');
    expect(header.split(',')).toContain('knob.note');
    expect(header.split(',')).toContain('energy_j');
    expect(row).toContain(`"'=cmd|"" /C calc""!A0"`);
    expect(row).toContain("'+model");
    expect(row).toContain("'@evil");
    expect(row).not.toMatch(/(^|,)[=+@]/);
  });
});
