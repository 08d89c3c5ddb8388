/**
 * The committed simulated demo study is the output of scripts/gen-sim-demo.ts: points re-run from
 * the simulated device equal the committed rows; every record it yields is a valid, simulated run
 * record; the grid is the one promised (>= 6 clocks 990-1980 MHz, caps, max_num_seqs 8-512,
 * TP 1-8, two mixes, 3 repeats) and the repeats differ as real ones do (about 1-2%, not 0).
 */
import { describe, expect, it } from 'vitest';
import { readSimDemoFile, simDemoRecords } from '@/db/demo-sim';
import { runRecordSchema } from '@/lib/record/schema';
import { decodeRow, encodeRow } from '@/lib/runner/sim/demo-file';
import { simDemoPoints, simulateDemoPoint } from '@/lib/runner/sim/demo-study';

const file = readSimDemoFile();
const points = [...simDemoPoints()];

describe('simulated clock-sweep demo study', () => {
  it('committed rows equal a fresh run of the generator (every 97th point)', () => {
    expect(file.rows).toHaveLength(points.length);
    for (let i = 0; i < points.length; i += 97)
      expect(file.rows[i], `row ${i}`).toEqual(encodeRow(points[i], simulateDemoPoint(points[i])));
  });

  it('every record is a valid run record labelled simulated', () => {
    const records = simDemoRecords({ validate: false });
    expect(records).toHaveLength(1728);
    for (const r of records) {
      expect(runRecordSchema.parse(r)).toEqual(r);
      expect(r.hardware.simulated).toBe(true);
      expect(r.energy_provenance?.method).toBe('simulated');
      expect(r.label).toMatch(/\(simulated\)$/);
    }
  });

  it('covers the promised grid', () => {
    const rows = file.rows.map((r, i) => decodeRow(file, r, i));
    const distinct = (k: keyof (typeof rows)[number]) => [...new Set(rows.map((r) => r[k]))].sort((a, b) => a - b);
    const clocks = distinct('sm_clock_mhz');
    expect(clocks.length).toBeGreaterThanOrEqual(6);
    expect([clocks[0], clocks.at(-1)]).toEqual([990, 1980]);
    expect(distinct('power_limit_w').length).toBeGreaterThanOrEqual(3);
    expect([distinct('max_num_seqs')[0], distinct('max_num_seqs').at(-1)]).toEqual([8, 512]);
    expect([distinct('tp')[0], distinct('tp').at(-1)]).toEqual([1, 8]);
    expect(distinct('mix')).toEqual([0, 1]);
    expect(distinct('repeat')).toEqual([1, 2, 3]);
  });

  it('repeats of one configuration differ by a realistic 0.2-5% (seeded noise)', () => {
    const groups = new Map<string, number[]>();
    for (const r of simDemoRecords({ validate: false })) {
      const key = JSON.stringify([r.model.id, r.knobs]);
      groups.set(key, [...(groups.get(key) ?? []), r.metrics.energy_per_output_token_j!]);
    }
    const cvs = [...groups.values()].map((v) => {
      expect(v).toHaveLength(3);
      const m = v.reduce((a, b) => a + b, 0) / 3;
      return Math.sqrt(v.reduce((a, b) => a + (b - m) ** 2, 0) / 2) / m;
    });
    cvs.sort((a, b) => a - b);
    const med = cvs[cvs.length >> 1];
    expect(med).toBeGreaterThan(0.002);
    expect(med).toBeLessThan(0.05);
    expect(cvs[0]).toBeGreaterThan(0);
  });
});
