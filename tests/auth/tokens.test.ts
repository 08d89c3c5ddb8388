import { beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { DB } from '@/db/client';
import { createApiToken, createSession, deleteSession, findApiToken, revokeApiToken, sessionUser, SESSION_TTL_MS } from '@/db/queries/tokens';
import { deleteUser, insertUser, updateUser } from '@/db/queries/users';
import { sha256Hex } from '@/lib/auth/tokens';
import { freshProcessDb } from './helpers';

let db: DB;
beforeAll(() => {
  db = freshProcessDb('tokens');
});

function allText(table: string): string {
  return JSON.stringify(db.all(sql.raw(`SELECT * FROM ${table}`)));
}

describe('sessions', () => {
  it('are 256-bit random tokens stored only as SHA-256', () => {
    const u = insertUser(db, { name: 'sess', role: 'engineer', passwordHash: 'x' });
    const { token } = createSession(db, u.id);
    expect(Buffer.from(token, 'base64url').length).toBe(32);
    const dump = allText('sessions');
    expect(dump).not.toContain(token);
    expect(dump).toContain(sha256Hex(token));
    expect(sessionUser(db, token)?.id).toBe(u.id);
    expect(sessionUser(db, token + 'x')).toBeUndefined();
  });

  it('expire, end on logout and on account disable', () => {
    const u = insertUser(db, { name: 'sess2', role: 'viewer', passwordHash: 'x' });
    const t0 = Date.now();
    const { token } = createSession(db, u.id, t0);
    expect(sessionUser(db, token, t0 + SESSION_TTL_MS - 1000)).toBeDefined();
    expect(sessionUser(db, token, t0 + SESSION_TTL_MS + 1000)).toBeUndefined();
    const s2 = createSession(db, u.id).token;
    updateUser(db, u.id, { disabled: true });
    expect(sessionUser(db, s2)).toBeUndefined();
    updateUser(db, u.id, { disabled: false });
    deleteSession(db, s2);
    expect(sessionUser(db, s2)).toBeUndefined();
  });
});

describe('API tokens', () => {
  it('are shown once, stored hashed, revocable, and record last use', () => {
    const { token, record } = createApiToken(db, { name: 'harness', role: 'engineer', createdBy: null });
    expect(token).toMatch(/^jb_[A-Za-z0-9_-]{43}$/);
    expect(record).not.toHaveProperty('tokenHash');
    const dump = allText('api_tokens');
    expect(dump).not.toContain(token);
    expect(dump).toContain(sha256Hex(token));
    expect(record.lastUsedAt).toBeNull();
    expect(findApiToken(db, token)?.id).toBe(record.id);
    const after = db.all<{ last_used_at: string | null }>(sql.raw(`SELECT last_used_at FROM api_tokens WHERE id=${record.id}`))[0];
    expect(after.last_used_at).not.toBeNull();
    revokeApiToken(db, record.id);
    expect(findApiToken(db, token)).toBeUndefined();
  });

  it('expire', () => {
    const { token } = createApiToken(db, { name: 'short', role: 'viewer', createdBy: null, expiresAt: new Date(Date.now() + 1000).toISOString() });
    expect(findApiToken(db, token)).toBeDefined();
    expect(findApiToken(db, token, Date.now() + 5000)).toBeUndefined();
  });
});

describe('API tokens follow their creator', () => {
  it('never act above the creator\'s current role, and die with a deleted creator', () => {
    insertUser(db, { name: 'keep-admin', role: 'admin', passwordHash: 'x' }); // so the next one may go
    const u = insertUser(db, { name: 'tok-owner', role: 'admin', passwordHash: 'x' });
    const { token } = createApiToken(db, { name: 'ci', role: 'admin', createdBy: u.id });
    expect(findApiToken(db, token)?.role).toBe('admin');
    updateUser(db, u.id, { role: 'engineer' });
    expect(findApiToken(db, token)?.role).toBe('engineer');
    deleteUser(db, u.id);
    expect(findApiToken(db, token)).toBeUndefined();
    expect(allText('api_tokens')).toMatch(/"revoked_at":"20/);
  });
});

