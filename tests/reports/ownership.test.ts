/**
 * Report ownership through the API: a non-owner engineer cannot edit another's report, list its
 * share links or revoke them (nor reach them through a report of its own); viewers cannot either;
 * the owner and admins can. Duplicating copies the frozen snapshot and makes the caller the owner.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { DB } from '@/db/client';
import { createReportLink, duplicateReport, getReport, listReportLinks, resolveShareLink } from '@/db/queries/reports';
import { deleteRuns, insertRuns } from '@/db/queries/runs';
import { createStudy } from '@/db/queries/studies';
import { createReport, reportData } from '@/lib/reports/service';
import { deriveMetrics } from '@/lib/metrics/catalogue';
import { GET as getRoute, PATCH as patchRoute } from '@/app/api/reports/[id]/route';
import { GET as listLinksRoute, POST as linkRoute } from '@/app/api/reports/[id]/links/route';
import { DELETE as revokeRoute } from '@/app/api/reports/[id]/links/[linkId]/route';
import { POST as duplicateRoute } from '@/app/api/reports/[id]/duplicate/route';
import type { Principal } from '@/lib/auth/principal';
import { freshProcessDb, ORIGIN, principalFixture, req } from '../auth/helpers';
import { makeRecord } from '../helpers/records';

let db: DB;
let studyId: number;
let runIds: number[];
let owner: ReturnType<typeof principalFixture>;
let other: ReturnType<typeof principalFixture>;
let viewer: ReturnType<typeof principalFixture>;
let admin: ReturnType<typeof principalFixture>;

const ctx = <T extends Record<string, string>>(params: T) => ({ params: Promise.resolve(params) });
const as = (f: ReturnType<typeof principalFixture>, role: Principal['role']): Principal => ({
  userId: f.user.id,
  name: f.user.name,
  role,
  via: 'session',
});

beforeAll(() => {
  db = freshProcessDb('report-owners');
  studyId = createStudy(db, { name: 'owners' }).id;
  const recs = [1980, 1600, 1200].map((c, i) =>
    makeRecord({
      label: `clk ${c}`,
      knobs: { sm_clock_mhz: c, max_num_seqs: 64, tp: 1 },
      metrics: { duration_s: 10, completed: 100, energy_j: 5000 - i * 800, ttft_ms_p99: 100 + i * 300 },
    }),
  );
  for (const r of recs) r.metrics = deriveMetrics({ metrics: r.metrics, workload: r.workload }).metrics;
  runIds = insertRuns(db, studyId, recs).ids;
  owner = principalFixture(db, 'own-eng', 'engineer');
  other = principalFixture(db, 'other-eng', 'engineer');
  viewer = principalFixture(db, 'own-viewer', 'viewer');
  admin = principalFixture(db, 'own-admin', 'admin');
});

const query = () => `?study=${studyId}&x=ttft_ms_p99&y=energy_per_output_token_j&slo.ttft_ms_p99=500`;

function ownedReport(title = 'owned') {
  const r = createReport(db, { title, notes: 'original notes', query: query() }, as(owner, 'engineer'));
  const { token, link } = createReportLink(db, r.id, { createdBy: owner.user.id });
  return { id: r.id, token, linkId: link.id };
}

describe('a non-owner engineer', () => {
  it("cannot PATCH another engineer's report (session or token); title and notes stay", async () => {
    const { id } = ownedReport();
    const patch = (auth: { token?: string; session?: string; origin?: string }) =>
      patchRoute(
        req(`/api/reports/${id}`, { method: 'PATCH', body: { title: 'hijacked', notes: 'x' }, ...auth }),
        ctx({ id: String(id) }),
      );
    const byToken = await patch({ token: other.token });
    expect(byToken.status).toBe(403);
    expect((await byToken.json()).error.message).toMatch(/owner or an admin/);
    expect((await patch({ session: other.session, origin: ORIGIN })).status).toBe(403);
    expect((await patch({ token: viewer.token })).status).toBe(403);
    expect(getReport(db, id)).toMatchObject({ title: 'owned', notes: 'original notes' });

    // The owner and an admin can.
    const mine = await patchRoute(
      req(`/api/reports/${id}`, { method: 'PATCH', body: { title: 'renamed by owner' }, token: owner.token }),
      ctx({ id: String(id) }),
    );
    expect(mine.status).toBe(200);
    const byAdmin = await patchRoute(
      req(`/api/reports/${id}`, { method: 'PATCH', body: { notes: 'admin note' }, token: admin.token }),
      ctx({ id: String(id) }),
    );
    expect(byAdmin.status).toBe(200);
    expect(getReport(db, id)).toMatchObject({ title: 'renamed by owner', notes: 'admin note' });
  });

  it("cannot list, create or revoke the share links of another's report; the link keeps working", async () => {
    const { id, token, linkId } = ownedReport('links');
    const list = await listLinksRoute(req(`/api/reports/${id}/links`, { token: other.token }), ctx({ id: String(id) }));
    expect(list.status).toBe(403);
    expect(await list.json()).not.toHaveProperty('links');
    expect(
      (await listLinksRoute(req(`/api/reports/${id}/links`, { token: viewer.token }), ctx({ id: String(id) }))).status,
    ).toBe(403);
    expect(
      (
        await linkRoute(
          req(`/api/reports/${id}/links`, { method: 'POST', body: {}, token: other.token }),
          ctx({ id: String(id) }),
        )
      ).status,
    ).toBe(403);

    const revoke = (who: { token: string }, reportId: number) =>
      revokeRoute(
        req(`/api/reports/${reportId}/links/${linkId}`, { method: 'DELETE', token: who.token }),
        ctx({ id: String(reportId), linkId: String(linkId) }),
      );
    expect((await revoke(other, id)).status).toBe(403);
    expect((await revoke(viewer, id)).status).toBe(403);
    // ...nor through a report of its own: the link does not belong to it (404), and stays active.
    const own = createReport(db, { title: "other's own", query: query() }, as(other, 'engineer'));
    expect((await revoke(other, own.id)).status).toBe(404);
    expect(listReportLinks(db, id).map((l) => l.status)).toEqual(['active']);
    expect(resolveShareLink(db, token).report.id).toBe(id);
    expect(
      db.all<{ revoked_at: string | null }>(sql.raw(`SELECT revoked_at FROM report_links WHERE id=${linkId}`))[0]
        .revoked_at,
    ).toBeNull();

    // The owner lists and revokes it; an admin may list too.
    const ownerList = await listLinksRoute(
      req(`/api/reports/${id}/links`, { token: owner.token }),
      ctx({ id: String(id) }),
    );
    expect(ownerList.status).toBe(200);
    expect((await ownerList.json()).links.map((l: { id: number }) => l.id)).toEqual([linkId]);
    expect(
      (await listLinksRoute(req(`/api/reports/${id}/links`, { token: admin.token }), ctx({ id: String(id) }))).status,
    ).toBe(200);
    const done = await revoke(owner, id);
    expect(done.status).toBe(200);
    expect((await done.json()).link.status).toBe('revoked');
  });
});

describe('duplicating a report', () => {
  it('copies the frozen snapshot and view exactly; the copy is owned by the caller, without links', () => {
    const { id } = ownedReport('to copy');
    const src = getReport(db, id)!;
    const copy = duplicateReport(db, id, { userId: other.user.id, name: 'other-eng' });
    expect(copy.id).not.toBe(id);
    expect(copy.title).toBe('to copy (copy)');
    expect(copy.notes).toBe(src.notes);
    expect(copy.createdBy).toBe(other.user.id);
    expect(copy.createdByName).toBe('other-eng');
    expect(copy.runCount).toBe(src.runCount);
    expect(copy.view).toEqual(src.view);
    expect(copy.snapshot).toEqual(src.snapshot);
    expect(JSON.stringify(getReport(db, copy.id)!.snapshot)).toBe(JSON.stringify(src.snapshot));
    expect(listReportLinks(db, copy.id)).toEqual([]);
    expect(listReportLinks(db, id)).toHaveLength(1);
  });

  it("through the API: any engineer may duplicate; the copy is theirs to edit and share, not the original owner's", async () => {
    const { id } = ownedReport('api copy');
    expect(
      (
        await duplicateRoute(
          req(`/api/reports/${id}/duplicate`, { method: 'POST', token: viewer.token }),
          ctx({ id: String(id) }),
        )
      ).status,
    ).toBe(403);
    const res = await duplicateRoute(
      req(`/api/reports/${id}/duplicate`, { method: 'POST', session: other.session, origin: ORIGIN }),
      ctx({ id: String(id) }),
    );
    expect(res.status).toBe(201);
    const { id: copyId, url } = (await res.json()) as { id: number; url: string };
    expect(url).toBe(`/reports/${copyId}`);

    const original = (await (
      await getRoute(req(`/api/reports/${id}`, { token: viewer.token }), ctx({ id: String(id) }))
    ).json()) as ReturnType<typeof reportData>;
    const dup = (await (
      await getRoute(req(`/api/reports/${copyId}`, { token: viewer.token }), ctx({ id: String(copyId) }))
    ).json()) as ReturnType<typeof reportData>;
    expect(dup.snapshot).toEqual(original.snapshot);
    expect(dup.headline).toEqual(original.headline);
    expect(dup.view).toEqual(original.view);
    expect(dup.createdByName).toBe('other-eng');
    expect(getReport(db, copyId)!.createdBy).toBe(other.user.id);

    const patch = (who: { token: string }) =>
      patchRoute(
        req(`/api/reports/${copyId}`, { method: 'PATCH', body: { title: 'mine now' }, token: who.token }),
        ctx({ id: String(copyId) }),
      );
    expect((await patch(owner)).status).toBe(403);
    expect((await patch(other)).status).toBe(200);
    expect(
      (
        await linkRoute(
          req(`/api/reports/${copyId}/links`, { method: 'POST', body: {}, token: other.token }),
          ctx({ id: String(copyId) }),
        )
      ).status,
    ).toBe(201);
  });

  it('stays frozen: the copy does not change when the runs behind it are deleted', () => {
    const { id } = ownedReport('frozen copy');
    const copy = duplicateReport(db, id, { userId: other.user.id, name: 'other-eng' });
    const before = reportData(getReport(db, copy.id)!);
    expect(before.snapshot.runs.map((r) => r.id).sort()).toEqual([...runIds].sort());
    deleteRuns(db, runIds);
    expect(reportData(getReport(db, copy.id)!)).toEqual(before);
  });
});
