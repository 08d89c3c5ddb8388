import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
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
    createdAt: text('created_at')
      .notNull()
      .default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`),
    undoneAt: text('undone_at'),
  },
  (t) => [index('imports_created_idx').on(t.createdAt)],
);

/**
 * Content hashes of imported files, to detect re-imports. A file counts as already imported into
 * a study only while that batch still has runs there (lib/services/import.ts), so undoing a batch,
 * deleting its runs or deleting the study frees the hash; one file may go into several studies.
 */
export const importFiles = sqliteTable(
  'import_files',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    sha256: text('sha256').notNull(),
    importId: integer('import_id')
      .notNull()
      .references(() => imports.id, { onDelete: 'cascade' }),
    fileName: text('file_name').notNull(),
    /** Runs the file produced (0 for side files such as spl.txt or .commands joined into another). */
    runCount: integer('run_count').notNull().default(0),
  },
  (t) => [index('import_files_sha_idx').on(t.sha256)],
);

/** Named column mappings for the generic CSV/JSON importer, shared by the UI, API and CLI. */
export const importMappings = sqliteTable(
  'import_mappings',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    name: text('name').notNull(),
    /** {"columns": {"<column>": {"target": "...", "unit"?: "..."}}} (validated on save). */
    mapping: text('mapping', { mode: 'json' })
      .notNull()
      .$type<{ columns: Record<string, { target: string; unit?: string }> }>(),
    createdBy: text('created_by'),
    createdAt: text('created_at')
      .notNull()
      .default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`),
    updatedAt: text('updated_at')
      .notNull()
      .default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`),
  },
  (t) => [uniqueIndex('import_mappings_name_uq').on(t.name)],
);

export type ImportRow = typeof imports.$inferSelect;
export type ImportMappingRow = typeof importMappings.$inferSelect;
