/**
 * Reports: a frozen snapshot of an explorer view (title, markdown notes, view state, the run
 * records it showed) and its share links (token stored as SHA-256 hash, scoped to one report).
 */
import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { users } from './auth';

const now = sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`;

export const reports = sqliteTable(
  'reports',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    title: text('title').notNull(),
    notes: text('notes').notNull().default(''),
    /** View state (axes, filters, SLOs, units, baseline): lib/reports/view.ts. */
    view: text('view', { mode: 'json' }).notNull().$type<Record<string, unknown>>(),
    /** Frozen run records (without bulky series): freezeView in lib/reports/service.ts. */
    snapshot: text('snapshot', { mode: 'json' }).notNull().$type<unknown>(),
    runCount: integer('run_count').notNull(),
    /** Business-unit inputs (traffic, price, grid, PUE / scope): lib/reports/inputs.ts. NULL = not set (migration 0007). */
    inputs: text('inputs', { mode: 'json' }).$type<Record<string, unknown>>(),
    createdBy: integer('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdByName: text('created_by_name').notNull(),
    createdAt: text('created_at').notNull().default(now),
    updatedAt: text('updated_at').notNull().default(now),
  },
  (t) => [index('reports_created_idx').on(t.createdAt)],
);

export const reportLinks = sqliteTable(
  'report_links',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    reportId: integer('report_id')
      .notNull()
      .references(() => reports.id, { onDelete: 'cascade' }),
    tokenHash: text('token_hash').notNull(),
    createdBy: integer('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: text('created_at').notNull().default(now),
    expiresAt: text('expires_at'),
    revokedAt: text('revoked_at'),
    lastOpenedAt: text('last_opened_at'),
    openCount: integer('open_count').notNull().default(0),
  },
  (t) => [uniqueIndex('report_links_hash_uq').on(t.tokenHash), index('report_links_report_idx').on(t.reportId)],
);

export type Report = typeof reports.$inferSelect;
export type ReportLink = typeof reportLinks.$inferSelect;
