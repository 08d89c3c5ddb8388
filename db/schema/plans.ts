/**
 * Plans made by the workload planner (lib/planner): inputs, result and the latest validation by
 * replay, as JSON (migration 0009). A plan is a frozen answer: re-planning makes a new plan.
 */
import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { users } from './auth';
import { studies } from './studies';

export const plans = sqliteTable(
  'plans',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    title: text('title').notNull(),
    studyId: integer('study_id').references(() => studies.id, { onDelete: 'set null' }),
    model: text('model').notNull(),
    workloadRef: text('workload_ref').notNull(),
    /** lib/planner/inputs.ts PlanInputs (as given, with defaults filled in). */
    inputs: text('inputs', { mode: 'json' }).notNull().$type<Record<string, unknown>>(),
    /** lib/planner/types.ts PlanResult. */
    result: text('result', { mode: 'json' }).notNull().$type<Record<string, unknown>>(),
    /** lib/planner/replay/types.ts PlanValidation; NULL until replayed. */
    validation: text('validation', { mode: 'json' }).$type<Record<string, unknown>>(),
    createdBy: integer('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdByName: text('created_by_name'),
    createdAt: text('created_at')
      .notNull()
      .default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`),
  },
  (t) => [index('plans_created_idx').on(t.createdAt)],
);

export type PlanRow = typeof plans.$inferSelect;
