/**
 * Business-unit inputs stored with a report (create, PATCH, clear, bad input refused) and share
 * links the owner can copy again: the URL re-derived by GET links opens the report, nothing but
 * the hash is stored, a revoked link is not re-shown, and a changed server secret means "cannot be
 * shown again" rather than a wrong link.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { DB } from '@/db/client';
import { createReportLink, getReport, getReportLink, resolveShareLink } from '@/db/queries/reports';
import { insertRuns } from '@/db/queries/runs';
import { createStudy } from '@/db/queries/studies';
import { deriveShareToken, reshowShareToken } from '@/lib/reports/share-token';
import { reportData } from '@/lib/reports/service';
import { POST as createRoute } from '@/app/api/reports/route';
import { PATCH as patchRoute } from '@/app/api/reports/[id]/route';
import { GET as listLinks, POST as linkRoute } from '@/app/api/reports/[id]/links/route';
import { DELETE as revokeRoute } from '@/app/api/reports/[id]/links/[linkId]/route';
import { deriveMetrics } from '@/lib/metrics/catalogue';
import { freshProcessDb, principalFixture, req } from '../auth/helpers';
import { makeRecord } from '../helpers/records';

let db: DB;
let studyId: number;
let eng: ReturnType<typeof principalFixture>;
let eng2: ReturnType<typeof principalFixture>;
const ctx = <T extends Record<string, string>>(params: T) => ({ params: Promise.resolve(params) });
const inputs = {
  traffic: { amount: 2e8, unit: 'output_tokens', per: 'day' },
  pricePerKwh: 0.12,
  gridGco2PerKwh: 350,
  scope: 'facility',
  pue: 1.25,
};

beforeAll(() => {
  db = freshProcessDb('report-inputs');
  studyId = createStudy(db, { name: 'inputs' }).id;
  const recs = [64, 128, 256].map((b, i) =>
    makeRecord({
      label: `bs ${b}`,
      knobs: { max_num_seqs: b, tp: 1 },
      hardware: { gpu_model: 'H100', gpu_count: 1, simulated: true },
      metrics: { duration_s: 10, completed: 100, energy_j: 4000 - i * 500, itl_ms_p99: 20 + i * 20 },
    }),
  );
  for (const r of recs) r.metrics = deriveMetrics({ metrics: r.metrics, workload: r.workload }).metrics;
  insertRuns(db, studyId, recs);
  eng = principalFixture(db, 'in-eng', 'engineer');
  eng2 = principalFixture(db, 'in-eng2', 'engineer');
});

async function newReport(body: Record<string, unknown> = {}): Promise<number> {
  const res = await createRoute(
    req('/api/reports', {
      method: 'POST',
      token: eng.token,
      body: {
        title: 'inputs',
        query: `?study=${studyId}&x=itl_ms_p99&y=energy_per_output_token_j&slo.itl_ms_p99=50`,
        ...body,
      },
    }),
  );
  expect(res.status, await res.clone().text()).toBe(201);
  return ((await res.json()) as { id: number }).id;
}

describe('report inputs', () => {
  it('are stored at creation and read back; the recommended run carries its per-unit energy', async () => {
    const id = await newReport({ inputs });
    const d = reportData(getReport(db, id)!);
    expect(d.inputsStored).toBe(true);
    expect(d.inputs).toEqual(inputs);
    const rec = d.snapshot.runs.find((r) => r.id === d.headline.recommended!.id)!;
    expect(d.headline.recommended!.energy.output_tokens).toBe(rec.metrics.energy_per_output_token_j);
    expect(d.headline.recommended!.energy.requests).toBe(rec.metrics.energy_per_request_j);
  });

  it('default to the view price and grid, can be PATCHed by the owner only, cleared with null, and bad values are refused by key', async () => {
    const id = await newReport();
    expect(reportData(getReport(db, id)!)).toMatchObject({
      inputsStored: false,
      inputs: { traffic: null, pricePerKwh: 0.1, gridGco2PerKwh: 400, scope: 'gpu' },
    });
    const patch = (body: unknown, token = eng.token) =>
      patchRoute(req(`/api/reports/${id}`, { method: 'PATCH', token, body }), ctx({ id: String(id) }));
    expect((await patch({ inputs }, eng2.token)).status).toBe(403);
    expect((await patch({ inputs })).status).toBe(200);
    expect(reportData(getReport(db, id)!).inputs).toEqual(inputs);
    const bad = await patch({ inputs: { ...inputs, pue: 0.5 } });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(/inputs\.pue/);
    expect(reportData(getReport(db, id)!).inputs).toEqual(inputs); // nothing half-written
    expect((await patch({ inputs: null })).status).toBe(200);
    expect(reportData(getReport(db, id)!).inputsStored).toBe(false);
  });
});

describe('share links the owner can copy again', () => {
  it('GET links returns the same URL as creation; it opens the report; only the hash is stored; revoked links are not re-shown', async () => {
    const id = await newReport();
    const created = await linkRoute(
      req(`/api/reports/${id}/links`, { method: 'POST', token: eng.token, body: {} }),
      ctx({ id: String(id) }),
    );
    expect(created.status).toBe(201);
    const { id: linkId, url } = (await created.json()) as { id: number; url: string };
    const token = url.split('/r/')[1];
    expect(Buffer.from(token, 'base64url').length).toBe(32);
    expect(JSON.stringify(db.all(sql.raw('SELECT * FROM report_links')))).not.toContain(token);

    const list = async () =>
      (
        (await (
          await listLinks(req(`/api/reports/${id}/links`, { token: eng.token }), ctx({ id: String(id) }))
        ).json()) as { links: { id: number; url: string | null; status: string }[] }
      ).links;
    expect((await list()).find((l) => l.id === linkId)!.url).toBe(url);
    expect(resolveShareLink(db, token).report.id).toBe(id);
    // Another engineer cannot list them (and so cannot see the URL).
    expect(
      (await listLinks(req(`/api/reports/${id}/links`, { token: eng2.token }), ctx({ id: String(id) }))).status,
    ).toBe(403);

    expect(
      (
        await revokeRoute(
          req(`/api/reports/${id}/links/${linkId}`, { method: 'DELETE', token: eng.token }),
          ctx({ id: String(id), linkId: String(linkId) }),
        )
      ).status,
    ).toBe(200);
    expect((await list()).find((l) => l.id === linkId)).toMatchObject({ status: 'revoked', url: null });
  });

  it('a random (older) token or a changed secret is "cannot be shown again" (null), never a wrong link', () => {
    const id = reportData(getReport(db, 1)!).id;
    const old = createReportLink(db, id, { createdBy: null }); // random token, as before this change
    expect(reshowShareToken(db, getReportLink(db, id, old.link.id)!)).toBeNull();
    const row = getReportLink(db, id, old.link.id)!;
    expect(deriveShareToken('a'.repeat(32), row)).not.toBe(deriveShareToken('b'.repeat(32), row));
  });
});
