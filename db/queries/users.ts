/**
 * User accounts (better-auth's `users` table, db/schema/auth.ts). Reads, role/disabled changes and
 * deletion are plain queries here; creating accounts and setting passwords go through better-auth
 * (lib/auth/service.ts). Names are unique case-insensitively (`username` is the lower-cased name);
 * the last enabled admin cannot be demoted, disabled or deleted.
 */
import { and, asc, count, eq, isNull, ne } from 'drizzle-orm';
import type { DB } from '@/db/client';
import { accessSettings, apiTokens, sessions, users, type User } from '@/db/schema';
import { ConflictError, NotFoundError, ValidationError } from '@/lib/errors';
import type { Role } from '@/lib/auth/roles';

export interface PublicUser {
  id: number;
  /** The login name as typed. */
  name: string;
  role: string;
  disabled: boolean;
  createdAt: string;
}

export const NAME_RE = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/;

export function toPublicUser(u: User): PublicUser {
  return {
    id: u.id,
    name: u.displayUsername || u.username || u.name,
    role: u.role,
    disabled: u.disabled,
    createdAt: u.createdAt.toISOString(),
  };
}

export function checkUserName(name: string): void {
  if (!NAME_RE.test(name))
    throw new ValidationError('name: 1-64 characters, letters, digits and . _ @ - (starting with a letter or digit)');
}

export function userCount(db: DB): number {
  return db.select({ n: count() }).from(users).get()?.n ?? 0;
}

export function getUser(db: DB, id: number): User | undefined {
  return db.select().from(users).where(eq(users.id, id)).get();
}

export function getUserByName(db: DB, name: string): User | undefined {
  return db.select().from(users).where(eq(users.username, name.toLowerCase())).get();
}

export function listUsers(db: DB): PublicUser[] {
  return db.select().from(users).orderBy(asc(users.id)).all().map(toPublicUser);
}

function enabledAdminsExcept(db: DB, id: number): number {
  return (
    db
      .select({ n: count() })
      .from(users)
      .where(and(eq(users.role, 'admin'), eq(users.disabled, false), ne(users.id, id)))
      .get()?.n ?? 0
  );
}

/**
 * Changes role and/or disabled in one transaction with the last-admin check. Disabling also
 * deletes the user's better-auth sessions (and better-auth refuses new ones, lib/auth/auth.ts).
 */
export function updateUser(db: DB, id: number, patch: { role?: Role; disabled?: boolean }): User {
  return db.transaction((tx) => {
    const u = tx.select().from(users).where(eq(users.id, id)).get();
    if (!u) throw new NotFoundError(`user ${id} not found`);
    const losesAdmin = u.role === 'admin' && ((patch.role && patch.role !== 'admin') || patch.disabled === true);
    if (losesAdmin && enabledAdminsExcept(tx as unknown as DB, id) === 0)
      throw new ConflictError('the last admin cannot be demoted or disabled');
    const set: Partial<User> = { updatedAt: new Date() };
    if (patch.role !== undefined) set.role = patch.role;
    if (patch.disabled !== undefined) set.disabled = patch.disabled;
    const row = tx.update(users).set(set).where(eq(users.id, id)).returning().get();
    if (patch.disabled) tx.delete(sessions).where(eq(sessions.userId, id)).run();
    return row;
  });
}

/** Deletes an account (its better-auth sessions and accounts go with it, FK cascade). */
export function deleteUser(db: DB, id: number): void {
  db.transaction((tx) => {
    const u = tx.select().from(users).where(eq(users.id, id)).get();
    if (!u) throw new NotFoundError(`user ${id} not found`);
    if (u.role === 'admin' && enabledAdminsExcept(tx as unknown as DB, id) === 0)
      throw new ConflictError('the last admin cannot be deleted');
    // Revoke the user's API tokens first: the FK sets created_by to NULL on delete, which would
    // otherwise leave them looking like owner-less (CLI) tokens that still work.
    tx.update(apiTokens)
      .set({ revokedAt: new Date().toISOString() })
      .where(and(eq(apiTokens.createdBy, id), isNull(apiTokens.revokedAt)))
      .run();
    tx.delete(sessions).where(eq(sessions.userId, id)).run();
    tx.delete(users).where(eq(users.id, id)).run();
  });
}

// ---- access settings -------------------------------------------------------------------------

export interface AccessSettings {
  /** Engineers may launch sweeps (admins always may). */
  engineersCanLaunchSweeps: boolean;
}
export const DEFAULT_ACCESS_SETTINGS: AccessSettings = { engineersCanLaunchSweeps: false };

export function getAccessSettings(db: DB): AccessSettings {
  const out: AccessSettings = { ...DEFAULT_ACCESS_SETTINGS };
  for (const r of db.select().from(accessSettings).all()) {
    if (r.key === 'engineersCanLaunchSweeps' && typeof r.value === 'boolean') out.engineersCanLaunchSweeps = r.value;
  }
  return out;
}

export function setAccessSettings(db: DB, patch: Partial<AccessSettings>): AccessSettings {
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    db.insert(accessSettings)
      .values({ key, value })
      .onConflictDoUpdate({ target: accessSettings.key, set: { value } })
      .run();
  }
  return getAccessSettings(db);
}
