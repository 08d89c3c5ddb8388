/**
 * /compare: 2..6 distinct run ids (clear messages otherwise), the Positions chart's axes from the
 * metric catalogue (direction included), and the total-power traces it overlays.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { renderToStaticMarkup } from 'react-dom/server';
import type { DB } from '@/db/client';
import { insertRuns } from '@/db/queries/runs';
import { createStudy } from '@/db/queries/studies';
import ComparePage from '@/app/compare/page';
import { compareAxis, compareTraces, MAX_TRACE_POINTS, parseCompareIds, totalPower } from '@/components/compare/data';
import { METRIC_BY_KEY } from '@/lib/metrics/catalogue';
import { METRIC_KEYS } from '@/lib/metrics/keys';
import { freshProcessDb } from '../auth/helpers';
import { makeRecord } from '../helpers/records';

describe('parseCompareIds', () => {
  it('accepts 2 to 6 distinct positive ids', () => {
    expect(parseCompareIds('1,2')).toEqual({ ok: true, ids: [1, 2] });
    expect(parseCompareIds(' 7, 3 ,9,10,11,12')).toEqual({ ok: true, ids: [7, 3, 9, 10, 11, 12] });
  });

  it.each([
    [undefined, /No run ids given.*at least 2/],
    ['', /No run ids given/],
    ['5', /Only 1 run id given \(#5\).*at least 2/],
    ['5,', /Only 1 run id given/],
    ['1,2,3,4,5,6,7', /7 run ids given: at most 6/],
    ['1,1', /once \(repeated: #1\)/],
    ['1,abc', /Not a run id: "abc"/],
    ['0,1', /Not a run id: "0"/],
    ['1.5,2', /Not a run id: "1.5"/],
    ['-1,2', /Not a run id: "-1"/],
    ['1e3,2', /Not a run id: "1e3"/],
  ])('refuses %j with a clear message', (raw, msg) => {
    const r = parseCompareIds(raw);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error).toMatch(msg);
      expect(r.error).toContain('Give 2 to 6 run ids');
    }
  });
});

describe('compareAxis', () => {
  it('takes label, unit, direction and group from the catalogue for every metric', () => {
    for (const k of METRIC_KEYS) {
      const d = METRIC_BY_KEY.get(k)!;
      expect(compareAxis(k)).toMatchObject({
        key: k,
        label: d.label,
        short: d.short,
        unit: d.unit,
        direction: d.direction,
        group: d.group,
        factor: 1,
        log: false,
      });
    }
    expect(compareAxis('output_throughput_tps').direction).toBe('higher');
    expect(compareAxis('output_throughput_tps').group).toBe('throughput');
    expect(compareAxis('ttft_ms_p99').direction).toBe('lower');
  });
});

describe('totalPower', () => {
  it('sums the devices on the union of their sample times, each sample held until the next', () => {
    const pts = totalPower({
      trace: {
        devices: [
          { index: 0, t_s: [0, 1, 2], power_w: [100, 200, 300] },
          { index: 1, t_s: [0, 1.5], power_w: [10, 20] },
        ],
      },
    });
    expect(pts).toEqual([
      { x: 0, y: 110 },
      { x: 1, y: 210 },
      { x: 1.5, y: 220 },
      { x: 2, y: 320 },
    ]);
  });

  it('is empty without a trace, downsamples long traces and keeps the last sample', () => {
    expect(totalPower({})).toEqual([]);
    expect(totalPower({ trace: { devices: [] } })).toEqual([]);
    const n = 1001;
    const t_s = Array.from({ length: n }, (_, i) => i / 10);
    const pts = totalPower({ trace: { devices: [{ index: 0, t_s, power_w: t_s.map((t) => 300 + t) }] } });
    expect(pts.length).toBeLessThanOrEqual(MAX_TRACE_POINTS + 1);
    expect(pts[0]).toEqual({ x: 0, y: 300 });
    expect(pts.at(-1)).toEqual({ x: t_s[n - 1], y: 300 + t_s[n - 1] });
    expect(pts.every((p, i) => i === 0 || p.x > pts[i - 1].x)).toBe(true);
  });

  it('compareTraces names each series after its run and leaves out runs without a trace', () => {
    const withTrace = { label: 'a', trace: { devices: [{ index: 0, t_s: [0, 1], power_w: [5, 6] }] } };
    const s = compareTraces([
      { id: 3, rec: withTrace },
      { id: 4, rec: { label: 'b' } },
    ]);
    expect(s.map((x) => x.name)).toEqual(['#3 a']);
  });
});

describe('the /compare page', () => {
  let db: DB;
  let ids: number[];
  beforeAll(() => {
    db = freshProcessDb('compare');
    const study = createStudy(db, { name: 'compare' }).id;
    const trace = (w: number) => ({ devices: [{ index: 0, t_s: [0, 0.5, 1, 1.5], power_w: [w, w + 10, w + 5, w] }] });
    ids = insertRuns(db, study, [
      makeRecord({
        label: 'traced A',
        trace: trace(300),
        metrics: { duration_s: 10, completed: 100, energy_j: 5000, ttft_ms_p99: 120, output_throughput_tps: 2000 },
      }),
      makeRecord({
        label: 'traced B',
        trace: trace(200),
        knobs: { sm_clock_mhz: 1400, max_num_seqs: 64, tp: 1 },
        metrics: { duration_s: 10, completed: 100, energy_j: 4000, ttft_ms_p99: 180, output_throughput_tps: 1500 },
      }),
      makeRecord({ label: 'no trace', knobs: { sm_clock_mhz: 1200, max_num_seqs: 64, tp: 1 } }),
    ]).ids;
  });
  const render = async (q: Record<string, string | undefined>) =>
    renderToStaticMarkup(await ComparePage({ searchParams: Promise.resolve(q) }));

  it('refuses a single id (and 7 ids) with the "2 to 6" message, rendering no comparison', async () => {
    for (const q of [{ ids: String(ids[0]) }, { ids: '1,2,3,4,5,6,7' }, {}]) {
      const html = await render(q);
      expect(html).toContain('data-testid="compare-error"');
      expect(html).toContain('Give 2 to 6 run ids');
      expect(html).not.toContain('compare-table');
    }
  });

  it('refuses when fewer than 2 of the ids exist', async () => {
    const html = await render({ ids: `${ids[0]},999999` });
    expect(html).toContain('data-testid="compare-error"');
    expect(html).toContain('#999999');
    expect(html).not.toContain('compare-table');
  });

  it('overlays the stored traces and states each axis direction from the catalogue', async () => {
    const html = await render({ ids: ids.join(','), x: 'output_throughput_tps', y: 'ttft_ms_p99' });
    expect(html).toContain('data-testid="compare-table"');
    expect(html).toContain('data-testid="compare-traces"');
    expect(html).toContain(`data-series="#${ids[0]} traced A"`);
    expect(html).toContain(`data-series="#${ids[1]} traced B"`);
    expect(html).not.toContain(`data-series="#${ids[2]}`);
    expect(html).toMatch(/data-axis="x" data-direction="higher"/);
    expect(html).toMatch(/data-axis="y" data-direction="lower"/);
  });
});
