/**
 * Stored workloads (uploaded traces and synthetic ones; the built-in traces are files, not rows).
 * The requests are one gzipped blob (lib/workloads/codec.ts): a list or a summary never decodes
 * them, and an hour of a busy trace (~20k requests) is ~100 kB.
 */
import { sql } from 'drizzle-orm';
import { blob, index, integer, real, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { users } from './auth';

export const workloads = sqliteTable(
  'workloads',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    name: text('name').notNull(),
    /** 'upload' | 'synthetic' */
    source: text('source').notNull().$type<'upload' | 'synthetic'>(),
    /** The uploaded file's name (upload only). */
    fileName: text('file_name'),
    /** The synthetic spec (lib/workloads/synthetic.ts), to show and regenerate it. */
    spec: text('spec', { mode: 'json' }).$type<Record<string, unknown>>(),
    /** {text, license?, url?} shown with the workload. */
    attribution: text('attribution', { mode: 'json' }).$type<{ text: string; license?: string; url?: string }>(),
    startedAt: text('started_at'),
    durationS: real('duration_s').notNull(),
    requestCount: integer('request_count').notNull(),
    requests: blob('requests', { mode: 'buffer' }).notNull(),
    createdBy: integer('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdByName: text('created_by_name'),
    createdAt: text('created_at')
      .notNull()
      .default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`),
  },
  (t) => [index('workloads_created_idx').on(t.createdAt)],
);

export type WorkloadRow = typeof workloads.$inferSelect;
