import { asc, count, eq, sql } from 'drizzle-orm';
import type { DB } from '@/db/client';
import { studyRunCounts } from '@/db/queries/runs/facets';
import { runs, studies, type Study } from '@/db/schema';
import { ConflictError, NotFoundError } from '@/lib/errors';

export type StudyWithCount = Study & { runCount: number };

/** Studies with their run counts (from run_groups: no scan of runs, whatever their number). */
export function listStudies(db: DB): StudyWithCount[] {
  const counts = studyRunCounts(db);
  return db
    .select()
    .from(studies)
    .orderBy(asc(studies.id))
    .all()
    .map((s) => ({ ...s, runCount: counts.get(s.id)?.runs ?? 0 }));
}

export function getStudy(db: DB, id: number): Study | undefined {
  return db.select().from(studies).where(eq(studies.id, id)).get();
}

export function getStudyOrThrow(db: DB, id: number): Study {
  const s = getStudy(db, id);
  if (!s) throw new NotFoundError(`study ${id} not found`);
  return s;
}

export function getStudyByName(db: DB, name: string): Study | undefined {
  return db.select().from(studies).where(eq(studies.name, name)).get();
}

export function createStudy(
  db: DB,
  input: { name: string; description?: string | null; attribution?: Record<string, string> | null; isDemo?: boolean },
): Study {
  if (getStudyByName(db, input.name)) throw new ConflictError(`a study named "${input.name}" already exists`);
  return db
    .insert(studies)
    .values({
      name: input.name,
      description: input.description ?? null,
      attribution: input.attribution ?? null,
      isDemo: input.isDemo ?? false,
    })
    .returning()
    .get();
}

/** Finds a study by name or creates it (CLI `--study NAME`, importers). */
export function ensureStudy(db: DB, name: string): Study {
  return getStudyByName(db, name) ?? createStudy(db, { name });
}

export function renameStudy(db: DB, id: number, name: string): Study {
  getStudyOrThrow(db, id);
  const other = getStudyByName(db, name);
  if (other && other.id !== id) throw new ConflictError(`a study named "${name}" already exists`);
  return db.update(studies).set({ name }).where(eq(studies.id, id)).returning().get();
}

/** Deletes the study and its runs (foreign key cascade), nothing else. Returns the runs removed. */
export function deleteStudy(db: DB, id: number): { runsDeleted: number } {
  getStudyOrThrow(db, id);
  return db.transaction(() => {
    const n = db.select({ n: count() }).from(runs).where(eq(runs.studyId, id)).get()?.n ?? 0;
    db.delete(studies).where(eq(studies.id, id)).run();
    return { runsDeleted: n };
  });
}

export function studyCount(db: DB): number {
  return (
    db
      .select({ n: sql<number>`count(*)` })
      .from(studies)
      .get()?.n ?? 0
  );
}
