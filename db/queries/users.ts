/** User accounts. Names are unique case-insensitively; the last enabled admin cannot be removed. */
import { and, asc, count, eq, isNull, ne } from 'drizzle-orm';
import type { DB } from '@/db/client';
import { accessSettings, apiTokens, users, type User } from '@/db/schema';
import { ConflictError, NotFoundError, ValidationError } from '@/lib/errors';
import type { Role } from '@/lib/auth/roles';

export type PublicUser = Pick<User, 'id' | 'name' | 'role' | 'disabled' | 'createdAt'>;

export const NAME_RE = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/;

export function toPublicUser(u: User): PublicUser {
  return { id: u.id, name: u.name, role: u.role, disabled: u.disabled, createdAt: u.createdAt };
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
  return db.select().from(users).where(eq(users.nameLower, name.toLowerCase())).get();
}

export function listUsers(db: DB): PublicUser[] {
  return db.select().from(users).orderBy(asc(users.id)).all().map(toPublicUser);
}

/** Inserts a user with an already-computed password hash. */
export function insertUser(db: DB, u: { name: string; role: Role; passwordHash: string }): User {
  checkUserName(u.name);
  if (getUserByName(db, u.name)) throw new ConflictError(`name: a user named "${u.name}" already exists`);
  return db
    .insert(users)
    .values({ name: u.name, nameLower: u.name.toLowerCase(), role: u.role, passwordHash: u.passwordHash })
    .returning()
    .get();
}

/**
 * Creates the first admin only while no user exists. The check and the insert run in one
 * synchronous SQLite transaction, so two concurrent setup requests cannot both succeed.
 */
export function insertFirstAdmin(db: DB, u: { name: string; passwordHash: string }): User {
  return db.transaction((tx) => {
    const n = tx.select({ n: count() }).from(users).get()?.n ?? 0;
    if (n > 0) throw new ConflictError('setup is closed: an account already exists; log in instead');
    return insertUser(tx as unknown as DB, { ...u, role: 'admin' });
  });
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

export function updateUser(
  db: DB,
  id: number,
  patch: { role?: Role; passwordHash?: string; disabled?: boolean },
): User {
  const u = getUser(db, id);
  if (!u) throw new NotFoundError(`user ${id} not found`);
  const losesAdmin = u.role === 'admin' && ((patch.role && patch.role !== 'admin') || patch.disabled === true);
  if (losesAdmin && enabledAdminsExcept(db, id) === 0)
    throw new ConflictError('the last admin cannot be demoted or disabled');
  return db.update(users).set(patch).where(eq(users.id, id)).returning().get();
}

export function deleteUser(db: DB, id: number): void {
  const u = getUser(db, id);
  if (!u) throw new NotFoundError(`user ${id} not found`);
  if (u.role === 'admin' && enabledAdminsExcept(db, id) === 0) throw new ConflictError('the last admin cannot be deleted');
  db.transaction((tx) => {
    // Revoke the user's API tokens first: the FK sets created_by to NULL on delete, which would
    // otherwise leave them looking like owner-less (CLI) tokens that still work.
    tx.update(apiTokens).set({ revokedAt: new Date().toISOString() }).where(and(eq(apiTokens.createdBy, id), isNull(apiTokens.revokedAt))).run();
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
    db.insert(accessSettings).values({ key, value }).onConflictDoUpdate({ target: accessSettings.key, set: { value } }).run();
  }
  return getAccessSettings(db);
}
