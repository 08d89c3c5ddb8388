/**
 * Reports: frozen snapshots, share links (hashed, scoped, revocable, expirable), the API's
 * access rules, and safe markdown.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { renderToStaticMarkup } from 'react-dom/server';
import type { DB } from '@/db/client';
import { createReportLink, getReport, resolveShareLink, revokeReportLink } from '@/db/queries/reports';
import { deleteRuns, insertRuns } from '@/db/queries/runs';
import { createStudy } from '@/db/queries/studies';
import { sha256Hex } from '@/lib/auth/tokens';
import { createReport, reportData } from '@/lib/reports/service';
import { ReportNotes, safeUrl } from '@/components/reports/markdown';
import { POST as createRoute, GET as listRoute } from '@/app/api/reports/route';
import { GET as getRoute, DELETE as deleteRoute } from '@/app/api/reports/[id]/route';
import { POST as linkRoute } from '@/app/api/reports/[id]/links/route';
import { DELETE as revokeRoute } from '@/app/api/reports/[id]/links/[linkId]/route';
import { GET as sharedData } from '@/app/r/[token]/data/route';
import { GET as sharedExport } from '@/app/r/[token]/export/route';
import { freshProcessDb, ORIGIN, principalFixture, req } from '../auth/helpers';
import { makeRecord } from '../helpers/records';
import { deriveMetrics } from '@/lib/metrics/catalogue';

let db: DB;
let studyId: number;
let ids: number[];
let eng: ReturnType<typeof principalFixture>;
let eng2: ReturnType<typeof principalFixture>;
let viewer: ReturnType<typeof principalFixture>;

beforeAll(() => {
  db = freshProcessDb('reports');
  studyId = createStudy(db, { name: 'clock sweep' }).id;
  // Energy falls with the clock down to 1600 MHz, TTFT rises: a frontier with an SLO cut.
  const clocks = [1980, 1800, 1600, 1400, 1200];
  const recs = clocks.flatMap((c, i) =>
    [64, 256].map((b) =>
      makeRecord({
        label: `clk ${c} bs ${b}`,
        knobs: { sm_clock_mhz: c, max_num_seqs: b, tp: 1 },
        hardware: { gpu_model: 'H100', gpu_count: 1, simulated: i % 2 === 0 },
        metrics: {
          duration_s: 10,
          completed: 100,
          energy_j: 5000 - i * 600 + (b === 256 ? -300 : 0),
          ttft_ms_p99: 100 + i * 200 + (b === 256 ? 50 : 0),
          tpot_ms_p99: 30 + i * 5,
        },
      }),
    ),
  );
  for (const r of recs) r.metrics = deriveMetrics({ metrics: r.metrics, workload: r.workload }).metrics;
  ids = insertRuns(db, studyId, recs).ids;
  eng = principalFixture(db, 'rep-eng', 'engineer');
  eng2 = principalFixture(db, 'rep-eng2', 'engineer');
  viewer = principalFixture(db, 'rep-viewer', 'viewer');
});

const sloQuery = () => `?study=${studyId}&x=ttft_ms_p99&y=energy_per_output_token_j&slo.ttft_ms_p99=700`;
const ctx = <T extends Record<string, string>>(params: T) => ({ params: Promise.resolve(params) });

describe('report creation freezes the data', () => {
  it('stores the view, frontier, recommendation and run copies; later run deletions do not change it', () => {
    const r = createReport(
      db,
      { title: 'SLO view', notes: 'hello', query: sloQuery() },
      { userId: eng.user.id, name: 'rep-eng', role: 'engineer', via: 'session' },
    );
    const before = reportData(getReport(db, r.id)!);
    expect(before.snapshot.runs.length).toBe(ids.length);
    expect(before.view.slo).toEqual({ ttft_ms_p99: 700 });
    const rec = before.headline.recommended!;
    expect(rec).not.toBeNull();
    // The recommendation meets the SLO and has the lowest energy among feasible runs.
    const recRun = before.snapshot.runs.find((x) => x.id === rec.id)!;
    expect(recRun.metrics.ttft_ms_p99!).toBeLessThanOrEqual(700);
    const feasible = before.snapshot.runs.filter((x) => x.metrics.ttft_ms_p99! <= 700);
    expect(Math.min(...feasible.map((x) => x.metrics.energy_per_output_token_j!))).toBeCloseTo(rec.value, 12);
    expect(before.provenance.simulated).toBeGreaterThan(0);
    expect(before.provenance.simulated + before.provenance.measured).toBe(before.snapshot.runs.length);
    if (before.headline.perToken)
      expect(before.headline.perToken.recommended.kwh1m).toBeCloseTo((rec.value * 1e6) / 3.6e6, 9);

    deleteRuns(db, ids.slice(0, 4));
    const after = reportData(getReport(db, r.id)!);
    expect(after.snapshot.runs.map((x) => x.id)).toEqual(before.snapshot.runs.map((x) => x.id));
    expect(after.headline).toEqual(before.headline);
    ids = ids.slice(4);
  });

  it('refuses unknown run ids with a clear message', () => {
    expect(() =>
      createReport(
        db,
        { title: 'x', query: sloQuery(), runIds: [999999] },
        { userId: eng.user.id, name: 'e', role: 'engineer', via: 'token' },
      ),
    ).toThrow(/runIds: no run with id 999999/);
  });
});

describe('share links', () => {
  it('are 256-bit tokens stored only hashed, scoped to one report, revocable (410) and expirable (410)', () => {
    const r = createReport(
      db,
      { title: 'links', query: sloQuery() },
      { userId: eng.user.id, name: 'e', role: 'engineer', via: 'session' },
    );
    const other = createReport(
      db,
      { title: 'other', query: sloQuery() },
      { userId: eng.user.id, name: 'e', role: 'engineer', via: 'session' },
    );
    const { token, link } = createReportLink(db, r.id, { createdBy: eng.user.id });
    expect(Buffer.from(token, 'base64url').length).toBe(32);
    const dump = JSON.stringify(db.all(sql.raw('SELECT * FROM report_links')));
    expect(dump).not.toContain(token);
    expect(dump).toContain(sha256Hex(token));

    const res = resolveShareLink(db, token, { touch: true });
    expect(res.report.id).toBe(r.id);
    expect(res.report.id).not.toBe(other.id);
    const touched = db.all<{ last_opened_at: string | null; open_count: number }>(
      sql.raw(`SELECT last_opened_at, open_count FROM report_links WHERE id=${link.id}`),
    )[0];
    expect(touched.last_opened_at).not.toBeNull();
    expect(touched.open_count).toBe(1);

    revokeReportLink(db, r.id, link.id);
    expect(() => resolveShareLink(db, token)).toThrow(expect.objectContaining({ status: 410 }));
    expect(() => resolveShareLink(db, 'A'.repeat(43))).toThrow(expect.objectContaining({ status: 404 }));
    expect(() => resolveShareLink(db, '../../etc')).toThrow(expect.objectContaining({ status: 404 }));

    const exp = createReportLink(db, r.id, { createdBy: null, expiresAt: new Date(Date.now() - 1000).toISOString() });
    expect(() => resolveShareLink(db, exp.token)).toThrow(expect.objectContaining({ status: 410 }));
  });
});

describe('reports API', () => {
  it('creates (engineer), refuses viewers and anonymous, shares, serves the link without an account, revokes', async () => {
    const body = {
      title: 'API report',
      notes: '<script>alert(1)</script> **bold**',
      view: {
        x: 'ttft_ms_p99',
        y: 'energy_per_output_token_j',
        filters: { study: studyId },
        slo: { ttft_ms_p99: 700 },
      },
    };
    expect((await createRoute(req('/api/reports', { method: 'POST', body }))).status).toBe(401);
    expect((await createRoute(req('/api/reports', { method: 'POST', body, token: viewer.token }))).status).toBe(403);
    const bad = await createRoute(
      req('/api/reports', { method: 'POST', body: { ...body, view: { x: 'nope' } }, token: eng.token }),
    );
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.message).toMatch(/view\.x/);

    const created = await createRoute(req('/api/reports', { method: 'POST', body, token: eng.token }));
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: number };

    const one = await getRoute(req(`/api/reports/${id}`, { token: viewer.token }), ctx({ id: String(id) }));
    expect(one.status).toBe(200);
    expect((await one.json()).view.slo).toEqual({ ttft_ms_p99: 700 });
    const list = await listRoute(req('/api/reports?q=API', { token: viewer.token }));
    expect((await list.json()).reports.map((r: { id: number }) => r.id)).toContain(id);

    // Only the owner (or an admin) may share or delete.
    expect(
      (
        await linkRoute(
          req(`/api/reports/${id}/links`, { method: 'POST', body: {}, token: eng2.token }),
          ctx({ id: String(id) }),
        )
      ).status,
    ).toBe(403);
    const link = await linkRoute(
      req(`/api/reports/${id}/links`, { method: 'POST', body: {}, session: eng.session, origin: ORIGIN }),
      ctx({ id: String(id) }),
    );
    expect(link.status).toBe(201);
    const { id: linkId, url } = (await link.json()) as { id: number; url: string };
    expect(url).toMatch(/^http:\/\/localhost:3000\/r\/[A-Za-z0-9_-]{43}$/);
    const token = url.split('/r/')[1];

    const shared = await sharedData(req(`/r/${token}/data`), ctx({ token }));
    expect(shared.status).toBe(200);
    const data = await shared.json();
    expect(data.id).toBe(id);
    expect(data.notes).toContain('<script>'); // stored as typed; rendered inert (see below)
    // Nothing about the rest of the instance: no other study names, only the frozen runs' models.
    const other = createStudy(db, { name: 'secret roadmap study' });
    const again = await (await sharedData(req(`/r/${token}/data`), ctx({ token }))).json();
    expect(JSON.stringify(again)).not.toContain('secret roadmap study');
    expect(again.snapshot.explorer.facets.studies.every((x: { id: number }) => x.id === studyId)).toBe(true);
    expect(other.id).toBeGreaterThan(0);
    const csv = await sharedExport(req(`/r/${token}/export?format=csv`), ctx({ token }));
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    expect((await csv.text()).split('\r\n')[0]).toMatch(/^run_id,label,/);

    expect(
      (
        await revokeRoute(
          req(`/api/reports/${id}/links/${linkId}`, { method: 'DELETE', token: eng.token }),
          ctx({ id: String(id), linkId: String(linkId) }),
        )
      ).status,
    ).toBe(200);
    expect((await sharedData(req(`/r/${token}/data`), ctx({ token }))).status).toBe(410);

    expect(
      (await deleteRoute(req(`/api/reports/${id}`, { method: 'DELETE', token: eng2.token }), ctx({ id: String(id) })))
        .status,
    ).toBe(403);
    expect(
      (await deleteRoute(req(`/api/reports/${id}`, { method: 'DELETE', token: eng.token }), ctx({ id: String(id) })))
        .status,
    ).toBe(200);
    expect((await getRoute(req(`/api/reports/${id}`, { token: eng.token }), ctx({ id: String(id) }))).status).toBe(404);
  });
});

describe('notes markdown', () => {
  it('renders no raw HTML and no script-capable links', () => {
    const html = renderToStaticMarkup(
      ReportNotes({
        markdown:
          '# Hi\n\n<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n[click](javascript:alert(1)) [ok](https://example.com) ![t](https://tracker.example/p.png)',
      }),
    );
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/onerror/i);
    expect(html).not.toMatch(/javascript:/i);
    expect(html).not.toMatch(/<img/i);
    expect(html).toContain('<h1>Hi</h1>');
    expect(html).toContain('href="https://example.com"');
    expect(html).toContain('rel="noopener noreferrer nofollow"');
  });

  it('safeUrl keeps http(s), mailto and relative links only', () => {
    expect(safeUrl('https://a.example/x')).toBe('https://a.example/x');
    expect(safeUrl('mailto:a@b.c')).toBe('mailto:a@b.c');
    expect(safeUrl('/runs/1')).toBe('/runs/1');
    expect(safeUrl('#notes')).toBe('#notes');
    expect(safeUrl('javascript:alert(1)')).toBe('');
    expect(safeUrl(' JaVaScRiPt:alert(1)')).toBe('');
    expect(safeUrl('data:text/html,<script>')).toBe('');
    expect(safeUrl('vbscript:x')).toBe('');
    expect(safeUrl('//evil.example')).toBe('');
  });
});
