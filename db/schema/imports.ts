import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { studies } from './studies';

/** One row per committed upload batch (import history; undo deletes its runs). */
export const imports = sqliteTable(
  'imports',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    studyId: integer('study_id').references(() => studies.id, { onDelete: 'set null' }),
    /** JSON array of {name, format, sha256, runs, warnings} per file. */
    files: text('files', { mode: 'json' }).notNull().$type<unknown[]>(),
    runCount: integer('run_count').notNull(),
    createdBy: text('created_by'),
    createdAt: text('created_at').notNull().default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`),
    undoneAt: text('undone_at'),
  },
  (t) => [index('imports_created_idx').on(t.createdAt)],
);

/** Content hashes of imported files, to detect re-imports. */
export const importFiles = sqliteTable(
  'import_files',
  {
    sha256: text('sha256').primaryKey(),
    importId: integer('import_id')
      .notNull()
      .references(() => imports.id, { onDelete: 'cascade' }),
    fileName: text('file_name').notNull(),
  },
);

export type ImportRow = typeof imports.$inferSelect;
