/** Named column mappings for the generic CSV/JSON importer (UI, API /api/import-mappings, CLI --mapping NAME). */
import { asc, eq, sql } from 'drizzle-orm';
import type { DB } from '@/db/client';
import { importMappings, type ImportMappingRow } from '@/db/schema';
import { NotFoundError, ValidationError } from '@/lib/errors';
import { validateMapping } from '@/lib/importers/generic-csv';
import type { ColumnMapping } from '@/lib/importers/types';

export interface SavedMapping {
  id: number;
  name: string;
  mapping: ColumnMapping;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
}

const toSaved = (r: ImportMappingRow): SavedMapping => ({ ...r, mapping: r.mapping as ColumnMapping });

/** Mapping names: 1-100 printable characters, no leading/trailing spaces. */
export function checkMappingName(name: unknown): string {
  if (typeof name !== 'string' || !name.trim()) throw new ValidationError('mapping name is required');
  const n = name.trim();
  if (n.length > 100 || /[\u0000-\u001f\u007f]/.test(n))
    throw new ValidationError('mapping name must be 1-100 printable characters');
  return n;
}

export function listMappings(db: DB): SavedMapping[] {
  return db.select().from(importMappings).orderBy(asc(importMappings.name)).all().map(toSaved);
}

export function getMappingByName(db: DB, name: string): SavedMapping | undefined {
  const r = db.select().from(importMappings).where(eq(importMappings.name, name)).get();
  return r ? toSaved(r) : undefined;
}

/** The mapping saved under `name`, or a 400 naming the known ones. */
export function mappingOrThrow(db: DB, name: string): ColumnMapping {
  const m = getMappingByName(db, name);
  if (!m) {
    const known = listMappings(db).map((x) => x.name);
    throw new ValidationError(
      `no saved mapping named "${name}"${known.length ? ` (saved: ${known.join(', ')})` : ' (none saved yet)'}`,
    );
  }
  return m.mapping;
}

/** Creates or replaces the mapping saved under `name` (validated: targets and units). */
export function saveMapping(
  db: DB,
  input: { name: unknown; mapping: unknown; createdBy?: string | null },
): SavedMapping {
  const name = checkMappingName(input.name);
  let mapping: ColumnMapping;
  try {
    mapping = validateMapping(input.mapping);
  } catch (e) {
    throw new ValidationError(`mapping: ${(e as Error).message}`);
  }
  const row = db
    .insert(importMappings)
    .values({ name, mapping, createdBy: input.createdBy ?? null })
    .onConflictDoUpdate({
      target: importMappings.name,
      set: { mapping, updatedAt: sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))` },
    })
    .returning()
    .get();
  return toSaved(row);
}

export function deleteMapping(db: DB, name: string): void {
  const n = db.delete(importMappings).where(eq(importMappings.name, name)).run().changes;
  if (!n) throw new NotFoundError(`no saved mapping named "${name}"`);
}
