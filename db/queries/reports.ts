/** Reports and their share links. Link tokens are stored as SHA-256 only. */
import { and, desc, eq, or, sql } from 'drizzle-orm';
import type { DB } from '@/db/client';
import { reportLinks, reports, type Report, type ReportLink } from '@/db/schema';
import { GoneError, NotFoundError } from '@/lib/errors';
import { randomToken, sha256Hex } from '@/lib/auth/tokens';

export type ReportSummary = Pick<
  Report,
  'id' | 'title' | 'runCount' | 'createdBy' | 'createdByName' | 'createdAt' | 'updatedAt'
> & {
  activeLinks: number;
};
export type PublicReportLink = Omit<ReportLink, 'tokenHash'> & { status: 'active' | 'revoked' | 'expired' };

const nowIso = () => new Date().toISOString();

export function insertReport(
  db: DB,
  r: {
    title: string;
    notes: string;
    view: Record<string, unknown>;
    snapshot: unknown;
    runCount: number;
    createdBy: number | null;
    createdByName: string;
    inputs?: Record<string, unknown> | null;
  },
): Report {
  return db.insert(reports).values(r).returning().get();
}

export function getReport(db: DB, id: number): Report | undefined {
  return db.select().from(reports).where(eq(reports.id, id)).get();
}

export function getReportOrThrow(db: DB, id: number): Report {
  const r = getReport(db, id);
  if (!r) throw new NotFoundError(`report ${id} not found`);
  return r;
}

/** Summaries (never the bulky snapshot), newest first; q searches title and notes. */
export function listReports(db: DB, opts: { q?: string; limit?: number } = {}): ReportSummary[] {
  const q = opts.q?.trim();
  const pat = q ? `%${q.replace(/[%_\\]/g, (m) => `\\${m}`)}%` : null;
  return db
    .select({
      id: reports.id,
      title: reports.title,
      runCount: reports.runCount,
      createdBy: reports.createdBy,
      createdByName: reports.createdByName,
      createdAt: reports.createdAt,
      updatedAt: reports.updatedAt,
      activeLinks: sql<number>`(SELECT count(*) FROM report_links l WHERE l.report_id = ${reports.id} AND l.revoked_at IS NULL AND (l.expires_at IS NULL OR l.expires_at > ${nowIso()}))`,
    })
    .from(reports)
    .where(
      pat
        ? or(sql`${reports.title} LIKE ${pat} ESCAPE '\\'`, sql`${reports.notes} LIKE ${pat} ESCAPE '\\'`)
        : undefined,
    )
    .orderBy(desc(reports.id))
    .limit(Math.min(opts.limit ?? 200, 1000))
    .all();
}

export function updateReport(
  db: DB,
  id: number,
  patch: { title?: string; notes?: string; inputs?: Record<string, unknown> | null },
): Report {
  getReportOrThrow(db, id);
  return db
    .update(reports)
    .set({ ...patch, updatedAt: nowIso() })
    .where(eq(reports.id, id))
    .returning()
    .get();
}

export function deleteReport(db: DB, id: number): void {
  getReportOrThrow(db, id);
  db.delete(reports).where(eq(reports.id, id)).run(); // links cascade
}

/** A copy with the same frozen data (links are not copied). */
export function duplicateReport(db: DB, id: number, by: { userId: number | null; name: string }): Report {
  const r = getReportOrThrow(db, id);
  return insertReport(db, {
    title: `${r.title} (copy)`.slice(0, 200),
    notes: r.notes,
    view: r.view,
    snapshot: r.snapshot,
    runCount: r.runCount,
    inputs: r.inputs,
    createdBy: by.userId,
    createdByName: by.name,
  });
}

// ---- share links -----------------------------------------------------------------------------

function linkStatus(l: ReportLink, now = nowIso()): PublicReportLink['status'] {
  if (l.revokedAt) return 'revoked';
  if (l.expiresAt && l.expiresAt <= now) return 'expired';
  return 'active';
}

function toPublicLink(l: ReportLink): PublicReportLink {
  const { tokenHash: _h, ...rest } = l;
  return { ...rest, status: linkStatus(l) };
}

/**
 * A new share link. `tokenFor` (optional) derives the token from the stored row (id, creation
 * time) so that its owner can be shown it again (lib/reports/share-token.ts); without it the token
 * is random and can only be shown once. Either way only its SHA-256 is stored.
 */
export function createReportLink(
  db: DB,
  reportId: number,
  opts: { createdBy: number | null; expiresAt?: string | null; tokenFor?: (link: ReportLink) => string },
): { token: string; link: PublicReportLink } {
  getReportOrThrow(db, reportId);
  return db.transaction((tx) => {
    let token = randomToken(32);
    let row = tx
      .insert(reportLinks)
      .values({
        reportId,
        tokenHash: sha256Hex(token),
        createdBy: opts.createdBy,
        createdAt: nowIso(),
        expiresAt: opts.expiresAt ?? null,
      })
      .returning()
      .get();
    if (opts.tokenFor) {
      token = opts.tokenFor(row);
      row = tx
        .update(reportLinks)
        .set({ tokenHash: sha256Hex(token) })
        .where(eq(reportLinks.id, row.id))
        .returning()
        .get();
    }
    return { token, link: toPublicLink(row) };
  });
}

/** One link row with its token hash, to check a re-derived token against (owner re-show). */
export function getReportLink(db: DB, reportId: number, linkId: number): ReportLink | undefined {
  return db
    .select()
    .from(reportLinks)
    .where(and(eq(reportLinks.id, linkId), eq(reportLinks.reportId, reportId)))
    .get();
}

export function listReportLinks(db: DB, reportId: number): PublicReportLink[] {
  return db
    .select()
    .from(reportLinks)
    .where(eq(reportLinks.reportId, reportId))
    .orderBy(desc(reportLinks.id))
    .all()
    .map(toPublicLink);
}

export function revokeReportLink(db: DB, reportId: number, linkId: number): PublicReportLink {
  const l = db
    .select()
    .from(reportLinks)
    .where(and(eq(reportLinks.id, linkId), eq(reportLinks.reportId, reportId)))
    .get();
  if (!l) throw new NotFoundError(`link ${linkId} of report ${reportId} not found`);
  if (l.revokedAt) return toPublicLink(l);
  return toPublicLink(
    db.update(reportLinks).set({ revokedAt: nowIso() }).where(eq(reportLinks.id, linkId)).returning().get(),
  );
}

/**
 * The report behind a share token. Unknown -> 404; revoked or expired -> 410. `touch` records
 * the opening (last opened time + count) for the owner to see.
 */
export function resolveShareLink(
  db: DB,
  token: string,
  opts: { touch?: boolean } = {},
): { report: Report; link: PublicReportLink } {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) throw new NotFoundError('share link not found');
  const l = db
    .select()
    .from(reportLinks)
    .where(eq(reportLinks.tokenHash, sha256Hex(token)))
    .get();
  if (!l) throw new NotFoundError('share link not found');
  const status = linkStatus(l);
  if (status === 'revoked') throw new GoneError('this share link was revoked');
  if (status === 'expired') throw new GoneError('this share link has expired');
  const report = getReport(db, l.reportId);
  if (!report) throw new NotFoundError('share link not found');
  if (opts.touch)
    db.update(reportLinks)
      .set({ lastOpenedAt: nowIso(), openCount: sql`${reportLinks.openCount} + 1` })
      .where(eq(reportLinks.id, l.id))
      .run();
  return { report, link: toPublicLink(l) };
}
